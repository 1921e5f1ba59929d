"""The registry's clock is the time of record; back-dating is checked at every step."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry
from pcfrules.rules import catalog
from tests.registry.conftest import Clock

PAPER = "paper procedure of 2025, brought in"


def _in_comment(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement", 30)


def test_a_future_dated_review_is_refused(registry: Registry, clock: Clock) -> None:
    _in_comment(registry)  # opened today, closes in 30 days
    with (
        registry.as_of(clock.now + timedelta(days=45), PAPER),
        pytest.raises(RegistryError, match="cannot be recorded in the future") as info,
    ):
        registry.start_review("cement")
    assert "不能把步骤记录在将来" in info.value.zh
    assert registry.show("cement")["versions"][0]["state"] == "public_comment"


def test_an_out_of_order_step_is_refused(registry: Registry, clock: Clock) -> None:
    _in_comment(registry)
    clock.advance(31)
    with (
        registry.as_of(clock.now - timedelta(days=60), PAPER),
        pytest.raises(RegistryError, match="before the standard's previous step"),
    ):
        registry.start_review("cement")
    assert [r["action"] for r in registry.history("cement")][-1] == "open-comment"


def test_a_back_dated_step_needs_a_reason(registry: Registry, clock: Clock) -> None:
    with (
        registry.as_of(clock.now - timedelta(days=10), "  "),
        pytest.raises(RegistryError, match="a back-dated step needs a reason"),
    ):
        registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    assert registry.standards() == []


def test_comment_period_counts_on_the_time_of_record(registry: Registry, clock: Clock) -> None:
    """Back-dating cannot shorten the 30 days: review is checked against the recorded date."""
    start = clock.now - timedelta(days=40)
    with registry.as_of(start, PAPER):
        registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
        registry.approve_project("cement")
        registry.start_drafting("cement")
        registry.open_comment("cement", 30)
    with (
        registry.as_of(start + timedelta(days=29), PAPER),
        pytest.raises(RegistryError, match="review cannot start before"),
    ):
        registry.start_review("cement")
    with registry.as_of(start + timedelta(days=30), PAPER):
        registry.start_review("cement")


def test_the_audit_keeps_the_recorded_date_and_the_real_time(
    registry: Registry, clock: Clock
) -> None:
    then = datetime(2026, 1, 10, 14, 30)
    with registry.as_of(then, PAPER):
        registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    first, second = registry.history("cement")
    assert (first["at"], first["real_at"], first["reason"]) == (
        "2026-01-10T14:30:00",
        "2026-03-01T09:00:00",
        PAPER,
    )
    assert (second["at"], second["real_at"], second["reason"]) == (
        "2026-03-01T09:00:00",
        "2026-03-01T09:00:00",
        "",
    )


def test_dates_a_step_reports_cannot_be_ahead_of_it(registry: Registry, clock: Clock) -> None:
    _in_comment(registry)
    clock.advance(30)
    registry.start_review("cement")
    registry.vote("cement", "Wang", "yes")
    registry.approve("cement")
    registry.publish("cement", clock.now.date(), clock.now.date() + timedelta(days=90))
    with pytest.raises(RegistryError, match="after the step's time of record"):
        registry.recommend("cement", "第一批", clock.now.date() + timedelta(days=1))
