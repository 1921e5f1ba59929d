"""The demo platform: the demo registry, two enterprises and a verifier, with kept studies.

On top of ``registry.seed.seed`` (the catalogue published under the demo association), two
fictitious enterprises — a cement company and a steel company — and one fictitious
verifier, each with one demo person as its admin; each enterprise keeps the catalogue's
worked example of its product, uploaded as a study file and computed here (no Dask
needed). The cement footprint is published to the PACT API; the steel study is shared with
the verifier. Every name says it is a demo; every number is the worked example's, which
says it is illustrative. Seeding again takes only the steps not taken yet.

Accounts (logins, passwords) are not made here: :func:`seed_platform` returns the demo
persons' names so the caller can give them accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from pcfrules.registry import Accounts, Registry
from pcfrules.registry.seed import (
    DEMO_DRAFTER,
    DEMO_SECRETARIAT,
    DEMO_STAKEHOLDER,
    seed,
    seed_procedure,
)
from pcfrules.rules import catalog
from pcfrules.spaces.service import Spaces


@dataclass(frozen=True)
class DemoOrganisation:
    """One demo organisation, its admin, and the catalogue example it keeps (if any)."""

    code: str
    name_zh: str
    name_en: str
    kind: str
    admin: str
    category: str  # the admin's stakeholder category (registry.workflow.CATEGORIES)
    example: str | None = None  # the catalogue rule whose worked example it keeps


CEMENT = DemoOrganisation(
    "DEMO-CEMENT",
    "示例水泥有限公司（虚构，演示用）",
    "Example Cement Co. (fictitious, demo)",
    "enterprise",
    "示例水泥企业管理员 demo cement admin",
    "producer",
    "cement",
)
STEEL = DemoOrganisation(
    "DEMO-STEEL",
    "示例钢铁有限公司（虚构，演示用）",
    "Example Steel Co. (fictitious, demo)",
    "enterprise",
    "示例钢铁企业管理员 demo steel admin",
    "producer",
    "crude-steel-bf-bof",
)
VERIFIER = DemoOrganisation(
    "DEMO-VERIFIER",
    "示例核查机构（虚构，演示用）",
    "Example Verification Body (fictitious, demo)",
    "verifier",
    "示例核查机构管理员 demo verifier admin",
    "testing_certification",
)
ORGANISATIONS = (CEMENT, STEEL, VERIFIER)


def seed_platform(engine: Engine) -> dict[str, Any]:
    """Seed the demo platform on a migrated database; what it holds, by name and id.

    Returns ``persons`` (the demo persons' names, to give accounts to), ``organisations``
    (code → admin), ``studies`` (code → kept study id), ``published`` (study id → PACT
    id), ``shared`` (study id → verifier codes) and ``numbers`` (the standard numbers the
    registry seed gave now).
    """
    registry = Registry(engine)
    numbers = seed(registry)
    known = {person["name"] for person in registry.people()}
    spaces = Spaces(engine)
    studies = {}
    for org in ORGANISATIONS:
        if org.admin not in known:
            registry.add_stakeholder(org.admin, org.name_zh, org.category)
        if org.code not in {mine.code for mine in spaces.organisations_of(org.admin)}:
            spaces.create_organisation(org.code, org.name_zh, org.name_en, org.kind, org.admin)
        if org.example is not None:
            studies[org.code] = _kept(spaces, org, org.example)
    cement, steel = studies[CEMENT.code], studies[STEEL.code]
    published = {cement: spaces.publish(CEMENT.code, CEMENT.admin, cement)}
    spaces.share(STEEL.code, STEEL.admin, steel, VERIFIER.code)
    return {
        "persons": [org.admin for org in ORGANISATIONS],
        "organisations": {org.code: org.admin for org in ORGANISATIONS},
        "studies": studies,
        "published": published,
        "shared": {steel: [VERIFIER.code]},
        "numbers": numbers,
    }


def _kept(spaces: Spaces, org: DemoOrganisation, rule_id: str) -> int:
    """The id of the organisation's worked example of ``rule_id``: kept and computed once."""
    held = spaces.studies(org.code, org.admin)
    if held:
        study = held[-1]  # the first kept (the list is newest first)
    else:
        example = catalog.catalog_dir() / rule_id / "example.yaml"
        study = spaces.upload(org.code, org.admin, f"{rule_id}-example.yaml", example.read_bytes())
    if not study.computed:
        spaces.compute_now(org.code, org.admin, study.id)
    return study.id


@dataclass(frozen=True)
class DemoAccount:
    """A demo person's sign-in (printed by ``make serve``; demo data only)."""

    key: str  # what the account is for: secretariat, drafter, reviewer, public, …
    login: str
    password: str
    person: str
    roles: str  # shown beside it


DEMO_PASSWORD = "pcfrules-demo"  # the same for every demo account; never a real account's
DEMO_ACCOUNTS = (
    DemoAccount("secretariat", "secretariat@demo", DEMO_PASSWORD, DEMO_SECRETARIAT, "PCFR 秘书处"),
    DemoAccount("drafter", "drafter@demo", DEMO_PASSWORD, DEMO_DRAFTER, "PCFR 起草人"),
    DemoAccount("reviewer", "reviewer@demo", DEMO_PASSWORD, "示例 demo producer", "PCFR 审查专家"),
    DemoAccount("public", "public@demo", DEMO_PASSWORD, DEMO_STAKEHOLDER, "公众 public"),
    DemoAccount("cement", "cement@demo", DEMO_PASSWORD, CEMENT.admin, "DEMO-CEMENT admin"),
    DemoAccount("steel", "steel@demo", DEMO_PASSWORD, STEEL.admin, "DEMO-STEEL admin"),
    DemoAccount("verifier", "verifier@demo", DEMO_PASSWORD, VERIFIER.admin, "DEMO-VERIFIER admin"),
)


def seed_demo_platform(engine: Engine, now: datetime | None = None) -> list[DemoAccount]:
    """The demo platform with its procedure under way and an account per demo person."""
    seed_platform(engine)
    seed_procedure(Registry(engine), now or datetime.now())
    accounts = Accounts(engine)
    for demo in DEMO_ACCOUNTS:
        if accounts.account_of_person(demo.person) is None:
            accounts.create_account(demo.person, demo.login, demo.password)
    return list(DEMO_ACCOUNTS)
