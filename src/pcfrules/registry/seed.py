"""``registry seed``: the built-in catalogue as published group standards, for the demo.

Each catalogue rule goes through the real procedure under a demo association (code PCFR)
with demo stakeholders, one per category, all labelled as such. The steps are back-dated
(recorded as a paper procedure is, with the reason "demo") so that the 30-day comment period
has passed. Nothing here pretends to be a real body's decision.

Seeding is many steps. Each is atomic, and seeding picks every standard up where it stands:
run again after an interruption, it takes the steps left (a standard half-way through is
finished, never started twice). A step that fails stops the seed with an error naming the
standard and the state it was left in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from pcfrules.errors import PcfrulesError, RegistryError
from pcfrules.registry import workflow
from pcfrules.registry.service import Registry
from pcfrules.rules import catalog

DEMO_CODE = "PCFR"
DEMO_SECRETARIAT = "示例秘书处 demo secretariat"
DEMO_DRAFTER = "示例起草人 demo drafter"
SECTORS = {
    "cement": "建材 building materials",
    "electrolytic-aluminium": "有色金属 non-ferrous",
    "crude-steel-bf-bof": "钢铁 steel",
}
SPACING = timedelta(days=7)  # one catalogue standard proposed a week after the one before
REASON = "演示：模拟的制定程序 / demo: a simulated procedure"


def seed(registry: Registry, start: date = date(2026, 1, 5)) -> list[str]:
    """Publish every catalogue rule not yet published; returns the numbers given now.

    Every step is taken by the demo association's secretariat (votes recorded by it, as
    paper ballots are).
    """
    registry = registry.acting_as(DEMO_SECRETARIAT)
    _demo_people(registry)
    states = {row["rule_id"]: row["state"] for row in registry.standards()}
    numbers = []
    for index, rule_id in enumerate(catalog.catalog_ids()):
        if states.get(rule_id) in workflow.LIVE:
            continue
        moment = datetime.combine(start, datetime.min.time()) + index * SPACING
        numbers.append(_through_procedure(registry, rule_id, moment))
    return numbers


def _demo_people(registry: Registry) -> None:
    """The demo association, its people and their roles: those not registered yet."""
    known = {p["name"]: p["roles"] for p in registry.people()}
    if DEMO_SECRETARIAT not in known:
        registry.add_stakeholder(DEMO_SECRETARIAT, "pcfrules", "education_research")
    if DEMO_CODE not in {a["code"] for a in registry.associations()}:
        registry.add_association(
            DEMO_CODE,
            "pcfrules 示例团体（演示用）",
            "pcfrules demo association (for demonstration)",
        )
    wanted = [(DEMO_DRAFTER, "pcfrules", "education_research", "drafter")] + [
        (_voter(category), "demo organisation", category, "reviewer")
        for category in workflow.CATEGORIES
    ]
    for name, organisation, category, role in wanted:
        if name not in known:
            registry.add_stakeholder(name, organisation, category)
        if f"{DEMO_CODE}:{role}" not in known.get(name, []):
            registry.grant(name, DEMO_CODE, role)


def _voter(category: str) -> str:
    return f"示例 demo {category}"


def _through_procedure(registry: Registry, rule_id: str, moment: datetime) -> str:
    """Take every step still ahead of ``rule_id`` up to publication; returns its number.

    Drafting steps are recorded on ``moment``, review, approval and publication on the day
    the comment period closes.
    """
    closes = moment + timedelta(days=workflow.MIN_COMMENT_DAYS)
    state = ""
    try:
        while (state := _state(registry, rule_id)) != "published":
            at = closes if state in ("public_comment", "technical_review", "approved") else moment
            with registry.as_of(at, REASON):
                _next_step(registry, rule_id, state, closes)()
    except PcfrulesError as exc:
        shown = workflow.STATES[state] if state else ("未登记", "not registered")
        raise RegistryError(
            zh=f"示例目录导入在“{rule_id}”处中断，该标准停在“{shown[0]}”：{exc.zh}；"
            "再次运行 seed 从此处继续",
            en=f"seed stopped at '{rule_id}', left in state '{shown[1]}': {exc.en}; "
            "run seed again to resume from there",
        ) from exc
    return str(registry.show(rule_id)["versions"][-1]["number"])


def _state(registry: Registry, rule_id: str) -> str:
    """The current version's state ('' before the standard is proposed)."""
    rows = {row["rule_id"]: row["state"] for row in registry.standards()}
    return str(rows.get(rule_id, ""))


def _next_step(
    registry: Registry, rule_id: str, state: str, closes: datetime
) -> Callable[[], object]:
    """The one step that moves ``rule_id`` on from ``state``."""
    issued = closes.date()
    steps: dict[str, Callable[[], object]] = {
        "": lambda: registry.propose(
            catalog.load(rule_id), DEMO_CODE, SECTORS.get(rule_id, ""), [DEMO_DRAFTER]
        ),
        "proposed": lambda: registry.approve_project(rule_id),
        "approved_project": lambda: registry.start_drafting(rule_id),
        "drafting": lambda: registry.open_comment(rule_id, workflow.MIN_COMMENT_DAYS),
        "public_comment": lambda: registry.start_review(rule_id),
        "technical_review": lambda: _vote_and_approve(registry, rule_id),
        "approved": lambda: registry.publish(rule_id, issued, issued + timedelta(days=90)),
    }
    if state not in steps:
        raise RegistryError(
            zh=f"示例标准“{rule_id}”处于“{workflow.STATES[state][0]}”，seed 无法继续",
            en=f"the demo standard '{rule_id}' is in state '{workflow.STATES[state][1]}': "
            "seed cannot take it further",
        )
    return steps[state]


def _vote_and_approve(registry: Registry, rule_id: str) -> None:
    """Every demo category votes yes (those who have not yet), then approval."""
    voted = {v["stakeholder"] for v in registry.votes(rule_id)}
    for category in workflow.CATEGORIES:
        if _voter(category) not in voted:
            registry.vote(rule_id, _voter(category), "yes")
    registry.approve(rule_id)
