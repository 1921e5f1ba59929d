"""The stages of the text: the drafters take the comments in, each stage's text is kept."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry
from pcfrules.rules import catalog
from tests.registry.conftest import Clock, stricter_cement


def _commented(registry: Registry) -> int:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement", 30)
    number = registry.comment("cement", "Wang", "boundary.cut_off", "5 % hides too much")
    registry.dispose(number, "partly_accepted", "3 %, not the 1 % proposed")
    return number


def test_the_published_text_takes_the_comments_in(registry: Registry, clock: Clock) -> None:
    number = _commented(registry)
    drafter = registry.acting_as("Drafter")
    with pytest.raises(RegistryError, match="after public comment has closed"):
        drafter.update_draft(stricter_cement(), answers=[number])  # still out for comment
    clock.advance(30)
    with pytest.raises(RegistryError, match=r"accepted but no change .*\[1\]"):
        registry.start_review("cement")
    with pytest.raises(RegistryError, match=r"no comments numbered \[7\]"):
        drafter.update_draft(stricter_cement(), answers=[7])
    assert drafter.update_draft(stricter_cement(), answers=[number]) == [
        "boundary.cut_off.cumulative_percent"
    ]
    with pytest.raises(RegistryError, match="the text is unchanged"):
        drafter.update_draft(stricter_cement(), answers=[number])
    registry.start_review("cement")
    with pytest.raises(RegistryError, match="before review"):
        drafter.update_draft(stricter_cement(2), answers=[number])
    registry.vote("cement", "Wu", "yes")
    registry.approve("cement")
    published = registry.publish("cement", clock.now.date(), clock.now.date() + timedelta(90))
    stages = registry.stages("cement")
    assert [s["stage"] for s in stages] == [
        "comment_draft",
        "review_draft",
        "approval_draft",
        "published",
    ]
    assert stages[0]["name"] == "征求意见稿 / draft for comment"
    assert stages[0]["sha256"] == catalog.load("cement").fingerprint()
    final = stricter_cement().canonical_json().encode("utf-8")
    assert published["sha256"] == hashlib.sha256(final).hexdigest() == stages[-1]["sha256"]
    assert published["sha256"] != stages[0]["sha256"]
    assert stages[1]["changes"] == [
        {
            "path": "boundary.cut_off.cumulative_percent",
            "change": "changed",
            "old": 5.0,
            "new": 3.0,
            "chapter": "5.3–5.5",
        }
    ]
    assert stages[2]["changes"] == [] and stages[3]["changes"] == []
    assert registry.comments("cement")[0]["changed"] == ["boundary.cut_off.cumulative_percent"]
    assert registry.revisions("cement")[0]["answers"] == [number]
