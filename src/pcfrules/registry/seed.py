"""``registry seed``: the built-in catalogue as published group standards, for the demo.

Each catalogue rule goes through the real procedure under a demo association (code PCFR)
with demo stakeholders, one per category, all labelled as such; a simulated clock lets the
30-day comment period pass. Nothing here pretends to be a real body's decision.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pcfrules.registry import workflow
from pcfrules.registry.service import Registry
from pcfrules.rules import catalog

DEMO_CODE = "PCFR"
DEMO_ACTOR = "seed (demo)"
SECTORS = {
    "cement": "建材 building materials",
    "electrolytic-aluminium": "有色金属 non-ferrous",
    "crude-steel-bf-bof": "钢铁 steel",
}


def seed(registry: Registry, start: date = date(2026, 1, 5)) -> list[str]:
    """Publish every catalogue rule not yet in the registry; returns the numbers given."""
    known = {row["rule_id"] for row in registry.standards()}
    if not known:
        _demo_people(registry)
    moment = datetime.combine(start, datetime.min.time())
    numbers = []
    for rule_id in catalog.catalog_ids():
        if rule_id in known:
            continue
        numbers.append(_through_procedure(registry, rule_id, moment))
        moment += timedelta(days=7)
    return numbers


def _demo_people(registry: Registry) -> None:
    registry.add_association(
        DEMO_CODE,
        "pcfrules 示例团体（演示用）",
        "pcfrules demo association (for demonstration)",
        actor=DEMO_ACTOR,
    )
    registry.add_stakeholder(
        "示例起草人 demo drafter", "pcfrules", "education_research", actor=DEMO_ACTOR
    )
    for category in workflow.CATEGORIES:
        registry.add_stakeholder(
            f"示例 demo {category}", "demo organisation", category, actor=DEMO_ACTOR
        )


def _through_procedure(registry: Registry, rule_id: str, moment: datetime) -> str:
    rule = catalog.load(rule_id)
    saved_clock = registry.clock
    try:
        registry.clock = lambda: moment
        registry.propose(
            rule, DEMO_CODE, SECTORS.get(rule_id, ""), ["示例起草人 demo drafter"], actor=DEMO_ACTOR
        )
        registry.approve_project(rule_id, DEMO_ACTOR)
        registry.start_drafting(rule_id, DEMO_ACTOR)
        registry.open_comment(rule_id, workflow.MIN_COMMENT_DAYS, DEMO_ACTOR)
        closes = moment + timedelta(days=workflow.MIN_COMMENT_DAYS)
        registry.clock = lambda: closes
        registry.start_review(rule_id, DEMO_ACTOR)
        for category in workflow.CATEGORIES:
            registry.vote(rule_id, f"示例 demo {category}", "yes", actor=DEMO_ACTOR)
        registry.approve(rule_id, DEMO_ACTOR)
        issued = closes.date() + timedelta(days=14)
        published = registry.publish(rule_id, issued, issued + timedelta(days=90), actor=DEMO_ACTOR)
    finally:
        registry.clock = saved_clock
    return str(published["number"])
