"""Votes that change, objections and how they end, association settings, sending back."""

from __future__ import annotations

import pytest

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry
from pcfrules.rules import catalog
from tests.registry.conftest import Clock

REASON = "the clinker factor has no source"


def _in_review(registry: Registry, clock: Clock) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement", 30)
    clock.advance(30)
    registry.start_review("cement")


def test_a_vote_changes_until_approval_and_every_one_is_audited(
    registry: Registry, clock: Clock
) -> None:
    _in_review(registry, clock)
    wang = registry.acting_as("Wang")
    with pytest.raises(RegistryError, match="a 'no' vote needs its reason"):
        wang.vote("cement", "Wang", "no")
    wang.vote("cement", "Wang", "no", REASON)
    wang.vote("cement", "Wang", "yes")  # no raw UNIQUE error: the last vote counts
    assert registry.votes("cement") == [{"stakeholder": "Wang", "vote": "yes", "reason": ""}]
    assert registry.objections("cement")[0]["state"] == "withdrawn"
    votes = [r["detail"] for r in registry.history("cement") if r["action"] == "vote"]
    assert [(d["vote"], d.get("was")) for d in votes] == [("no", None), ("yes", "no")]
    assert registry.approve("cement")["consensus"] is True
    with pytest.raises(RegistryError, match="votes are cast only in technical review"):
        wang.vote("cement", "Wang", "no", "too late")


def test_an_objection_is_answered_then_withdrawn(registry: Registry, clock: Clock) -> None:
    _in_review(registry, clock)
    registry.vote("cement", "Wu", "yes")
    registry.acting_as("Li").vote("cement", "Li", "no", REASON)
    with pytest.raises(RegistryError, match="only after the drafters answered"):
        registry.sustain_objection(1)
    with pytest.raises(RegistryError, match="'Li' is not drafter or secretariat"):
        registry.acting_as("Li").answer_objection(1, "mine")
    registry.acting_as("Drafter").answer_objection(1, "table 2 of GB/T 44905")
    with pytest.raises(RegistryError, match="objections are still pending"):
        registry.approve("cement")
    with pytest.raises(RegistryError, match="'Wang' is not secretariat of CBMF"):
        registry.acting_as("Wang").withdraw_objection(1)  # only Li, or the secretariat
    registry.acting_as("Li").withdraw_objection(1)
    assert registry.objections("cement") == [
        {
            "no": 1,
            "stakeholder": "Li",
            "reason": REASON,
            "answer": "table 2 of GB/T 44905",
            "state": "withdrawn",
        }
    ]
    tally = registry.approve("cement")  # Li's "no" stands, but no objection is sustained
    assert (tally["no"], tally["consensus"]) == (1, True)


def test_the_secretariat_edits_the_association(registry: Registry, clock: Clock) -> None:
    with pytest.raises(RegistryError, match="'Wang' is not secretariat of CBMF"):
        registry.acting_as("Wang").update_association("CBMF", vote_fallback=True)
    changes = registry.update_association("CBMF", vote_fallback=True, public_comments=True)
    assert changes == {"vote_fallback": [False, True], "public_comments": [False, True]}
    with pytest.raises(RegistryError, match="nothing to change"):
        registry.update_association("CBMF", vote_fallback=True)
    record = registry.history("CBMF")[-1]
    assert (record["action"], record["actor"]) == ("edit-association", "Sec")
    assert record["detail"]["changes"]["vote_fallback"] == [False, True]
    _in_review(registry, clock)
    for name in ("Wang", "Li", "Zhao"):
        registry.vote("cement", name, "yes")
    registry.vote("cement", "Qian", "no", REASON)
    registry.acting_as("Drafter").answer_objection(1, "kept")
    registry.sustain_objection(1)
    assert registry.approve("cement")["three_quarters"] is True  # the ¾ fallback, now allowed


def test_the_public_comments_where_the_association_allows(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement", 30)
    registry.add_stakeholder("Citizen", "—", "consumer")
    citizen = registry.acting_as("Citizen")
    with pytest.raises(RegistryError, match="is not a stakeholder of CBMF"):
        citizen.comment("cement", "Citizen", "scope", "?")
    registry.update_association("CBMF", public_comments=True)
    assert citizen.comment("cement", "Citizen", "scope", "clear enough") == 1


def test_send_back_to_drafting_with_a_reason(registry: Registry, clock: Clock) -> None:
    _in_review(registry, clock)
    registry.vote("cement", "Wang", "no", REASON)
    with pytest.raises(RegistryError, match="needs a reason"):
        registry.send_back("cement", "")
    dropped = registry.send_back("cement", "the clinker factor must be sourced first")
    assert (dropped["no"], dropped["pending_objections"]) == (1, [1])
    assert registry.show("cement")["versions"][0]["state"] == "drafting"
    assert registry.votes("cement") == [] and registry.objections("cement") == []
    record = registry.history("cement")[-1]
    assert record["detail"]["reason"] == "the clinker factor must be sourced first"
    registry.open_comment("cement", 30)  # through public comment again
    clock.advance(30)
    registry.start_review("cement")
    registry.vote("cement", "Wang", "yes")
    assert registry.approve("cement")["consensus"] is True
