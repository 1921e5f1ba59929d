"""The demo procedure seed: a revision open for comment, one in review, run twice safely."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from pcfrules.registry import Registry
from pcfrules.registry.seed import COMMENTING, REVIEWING, seed, seed_procedure


def _newest(registry: Registry, rule_id: str) -> dict[str, object]:
    version: dict[str, object] = registry.show(rule_id)["versions"][-1]
    return version


def test_revisions_stand_in_comment_and_review_and_a_second_run_changes_nothing(
    engine: Engine,
) -> None:
    now = datetime(2026, 11, 2, 9, 0)
    registry = Registry(engine, clock=lambda: now)
    seed(registry)
    seed_procedure(registry, now)
    audit_before = len(registry.history(COMMENTING)) + len(registry.history(REVIEWING))
    seed_procedure(registry, now)
    assert len(registry.history(COMMENTING)) + len(registry.history(REVIEWING)) == audit_before

    commenting = _newest(registry, COMMENTING)
    assert commenting["state"] == "public_comment"
    assert commenting["version"] == "1.1.0"
    closes = datetime.fromisoformat(str(commenting["comment_closes"]))
    assert closes - now == timedelta(days=30)
    assert [c["clause"] for c in registry.comments(COMMENTING)] == ["boundary.cut_off"]

    reviewing = _newest(registry, REVIEWING)
    assert reviewing["state"] == "technical_review"
    (answered,) = registry.comments(REVIEWING)
    assert answered["disposition"] == "not_accepted" and answered["reason"]
    assert [v["vote"] for v in registry.votes(REVIEWING)] == ["yes"]
    # the published versions stay in force while their revisions go through the procedure
    assert {row["state"] for row in registry.standards()} == {"published"}
