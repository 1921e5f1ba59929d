"""What a secretariat's and a drafter's pages read: an association's standards as worked on."""

from __future__ import annotations

import pytest

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry, workflow
from pcfrules.rules import catalog
from tests.registry.conftest import Clock, stricter_cement


def test_next_steps_are_the_steps_the_state_allows() -> None:
    assert workflow.next_steps("drafting") == ("open_comment",)
    assert workflow.next_steps("technical_review") == ("approve", "send_back")
    assert workflow.next_steps("published") == ("recommend", "adopt", "evaluate", "withdraw")
    assert workflow.next_steps("superseded") == ()


def test_a_row_is_the_newest_version_with_its_title_and_whether_it_may_change(
    registry: Registry, clock: Clock
) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    [row] = registry.standards_of("CBMF")
    assert (row["rule_id"], row["state"], row["editable"]) == ("cement", "drafting", True)
    assert row["title_zh"] == catalog.load("cement").identity.title.zh
    assert row["drafters"] == ["Drafter"] and row["live_number"] is None
    registry.open_comment("cement", 30)
    assert registry.standards_of("CBMF")[0]["editable"] is False  # out for comment
    clock.advance(30)
    assert registry.standards_of("CBMF")[0]["editable"] is True  # closed, before review
    registry.update_draft(stricter_cement())
    registry.start_review("cement")
    assert registry.standards_of("CBMF")[0]["editable"] is False
    assert registry.standards_of("CISA") == []


def test_an_unknown_association_is_refused(registry: Registry) -> None:
    with pytest.raises(RegistryError) as info:
        registry.standards_of("NOPE")
    assert info.value.location.path == "association"
