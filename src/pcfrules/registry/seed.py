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
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule
from pcfrules.rules.model import RuleStandard

DEMO_CODE = "PCFR"
DEMO_SECRETARIAT = "示例秘书处 demo secretariat"
DEMO_DRAFTER = "示例起草人 demo drafter"
ENERGY, CHEMICALS = "能源 energy", "石化化工 petrochemicals and chemicals"
SECTORS = {
    "cement": "建材 building materials",
    "electrolytic-aluminium": "有色金属 non-ferrous",
    "crude-steel-bf-bof": "钢铁 steel",
    "crude-steel-eaf": "钢铁 steel",
    "lime": "建材 building materials",
    "flat-glass": "建材 building materials",
    "electricity": ENERGY,
    "coal": ENERGY,
    "natural-gas": ENERGY,
    "fuel-oil": ENERGY,
    "hydrogen": ENERGY,
    "ammonia": CHEMICALS,
    "urea": CHEMICALS,
    "methanol": CHEMICALS,
    "ethylene": CHEMICALS,
    "calcium-carbide": CHEMICALS,
    "lithium-ion-battery": "电子电器 electronics and electrical appliances",
    "bev-passenger-car": "新能源汽车 new energy vehicles",
    "pv-module": "电子电器 electronics and electrical appliances",
    "laptop": "电子电器 electronics and electrical appliances",
}
# One catalogue standard proposed a day after the one before, so that the whole catalogue
# (the guide's 19 priority products) is published within the demo's first two months.
SPACING = timedelta(days=1)
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


COMMENTING = "cement"  # the demo revision open for public comment
REVIEWING = "electrolytic-aluminium"  # the demo revision in technical review
DEMO_STAKEHOLDER = "示例 demo 公众 public"  # a member of the public who commented


def seed_procedure(registry: Registry, now: datetime) -> None:
    """Two demo revisions under way, so that every page of the procedure has something.

    The cement standard's revision is open for public comment from ``now`` for 30 days,
    with one demo comment; the aluminium standard's revision had its comment period (back
    dated, reason "demo") with one comment answered, and is in technical review since
    ``now`` with one vote. The association takes comments from the public. Run after
    :func:`seed`; steps already taken are not taken again.
    """
    registry = registry.acting_as(DEMO_SECRETARIAT)
    if not next(a for a in registry.associations() if a["code"] == DEMO_CODE)["public_comments"]:
        registry.update_association(DEMO_CODE, public_comments=True)
    if DEMO_STAKEHOLDER not in {p["name"] for p in registry.people()}:
        registry.add_stakeholder(DEMO_STAKEHOLDER, "demo organisation", "consumer")
    _commenting(registry)
    _reviewing(registry, now)


def _revision(rule_id: str, cut_off: float) -> RuleStandard:
    """The catalogue rule as its demo revision: the next minor version, another cut-off."""
    data = to_plain(read_yaml(catalog.rule_file(rule_id)))
    major, minor, _patch = (int(x) for x in str(data["identity"]["version"]).split("."))
    data["identity"]["version"] = f"{major}.{minor + 1}.0"
    data["boundary"]["cut_off"]["cumulative_percent"] = cut_off
    return validate_rule(data)


def _newest(registry: Registry, rule_id: str) -> str:
    """The state of the standard's newest version (a revision, once one is opened)."""
    return str(registry.show(rule_id)["versions"][-1]["state"])


def _commenting(registry: Registry) -> None:
    rule = _revision(COMMENTING, 3)
    if _newest(registry, COMMENTING) in workflow.LIVE:
        registry.revise(rule)
    if _newest(registry, COMMENTING) == "drafting":
        registry.open_comment(COMMENTING, workflow.MIN_COMMENT_DAYS)
        registry.comment(
            COMMENTING,
            _voter("user"),
            "boundary.cut_off",
            "累计截断 3% 对小型粉磨站是否过严？请给出依据。 / Is a 3 % cumulative cut-off too "
            "strict for small grinding plants? Please give the grounds.",
            "保留 5%，或对年产 30 万吨以下企业给出过渡期。 / Keep 5 %, or give plants under "
            "0.3 Mt a year a transition period.",
        )


def _reviewing(registry: Registry, now: datetime) -> None:
    rule = _revision(REVIEWING, 4)
    opened = now - timedelta(days=workflow.MIN_COMMENT_DAYS + 5)
    if _newest(registry, REVIEWING) in workflow.LIVE:
        with registry.as_of(opened, REASON):
            registry.revise(rule)
    if _newest(registry, REVIEWING) == "drafting":
        with registry.as_of(opened, REASON):
            registry.open_comment(REVIEWING, workflow.MIN_COMMENT_DAYS)
            number = registry.comment(
                REVIEWING,
                _voter("producer"),
                "boundary.cut_off",
                "建议累计截断保持 5%。 / Keep the cumulative cut-off at 5 %.",
                "",
            )
        with registry.as_of(opened + timedelta(days=workflow.MIN_COMMENT_DAYS + 1), REASON):
            registry.dispose(
                number,
                "not_accepted",
                "4% 与同类标准一致，且已留出过渡期。 / 4 % matches comparable standards and "
                "leaves a transition period.",
            )
    if _newest(registry, REVIEWING) == "public_comment":
        registry.start_review(REVIEWING)
        registry.vote(REVIEWING, _voter("government"), "yes")
