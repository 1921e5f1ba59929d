"""The procedure end to end, and every refusal it must make."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry, make_engine
from pcfrules.registry.models import AuditRecord
from pcfrules.registry.workflow import CATEGORIES
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule
from tests.registry.conftest import Clock

VOTERS = ["Wang", "Li", "Zhao", "Qian", "Sun", "Zhou", "Wu"]


def _to_review(registry: Registry, clock: Clock, rule_id: str = "cement") -> None:
    registry.propose(catalog.load(rule_id), "CBMF", "建材", ["Drafter"])
    registry.approve_project(rule_id)
    registry.start_drafting(rule_id)
    registry.open_comment(rule_id, 30)
    clock.advance(30)
    registry.start_review(rule_id)


def _approved(registry: Registry, clock: Clock, rule_id: str, voters: list[str]) -> None:
    _to_review(registry, clock, rule_id)
    for name in voters:
        registry.vote(rule_id, name, "yes")
    registry.approve(rule_id)


def _published(registry: Registry, clock: Clock) -> dict[str, Any]:
    _approved(registry, clock, "cement", VOTERS)
    return registry.publish("cement", date(2026, 4, 15), date(2026, 7, 1))


def test_uninitialised_database_is_refused(tmp_path) -> None:
    with pytest.raises(RegistryError, match="registry init"):
        Registry(make_engine(f"sqlite:///{tmp_path / 'new.db'}"))


def test_full_life(registry: Registry, clock: Clock) -> None:
    result = _published(registry, clock)
    assert result["number"] == "T/CBMF 1—2026"
    assert result["sha256"] == catalog.load("cement").fingerprint()
    assert result["missing_categories"] == []
    clock.now = datetime(2026, 9, 1, 9)
    registry.recommend("cement", "第一批", date(2026, 9, 1))
    registry.adopt("cement", "industry", "JC/T 9999—2027")
    clock.now = datetime(2027, 6, 1, 9)
    registry.evaluate("cement", date(2027, 6, 1), "revise", "cut-off too generous")
    revised = to_plain(read_yaml(catalog.rule_file("cement")))
    revised["identity"]["version"] = "1.1.0"
    revised["boundary"]["cut_off"]["cumulative_percent"] = 3
    registry.revise(validate_rule(revised))
    versions = registry.show("cement")["versions"]
    assert [(v["version"], v["state"]) for v in versions] == [
        ("1.0.0", "evaluated"),
        ("1.1.0", "drafting"),
    ]
    registry.open_comment("cement", 45)
    clock.advance(45)
    registry.start_review("cement")
    for name in VOTERS:
        registry.vote("cement", name, "yes")
    registry.approve("cement")
    registry.publish("cement", date(2027, 9, 1), date(2027, 12, 1))
    states = [(v["version"], v["state"], v["number"]) for v in registry.show("cement")["versions"]]
    assert states == [
        ("1.0.0", "superseded", "T/CBMF 1—2026"),
        ("1.1.0", "published", "T/CBMF 2—2027"),
    ]
    registry.withdraw("cement", "replaced by the national standard")
    assert registry.show("cement")["versions"][-1]["state"] == "withdrawn"


def test_every_step_is_audited(registry: Registry, clock: Clock) -> None:
    _published(registry, clock)
    trail = registry.history("cement")
    actions = [r["action"] for r in trail]
    assert actions[:6] == [
        "propose",
        "approve-project",
        "start-drafting",
        "open-comment",
        "start-review",
        "vote",
    ]
    assert actions[-2:] == ["approve", "publish"]
    assert all(r["before"] != r["after"] for r in trail)
    assert trail[0]["at"] == "2026-03-01T09:00:00"


def test_refused_step_leaves_nothing(registry: Registry, clock: Clock, engine) -> None:
    _to_review(registry, clock)
    with registry.sessions() as s:
        before = s.scalar(select(func.count()).select_from(AuditRecord))
    with pytest.raises(RegistryError):
        registry.approve("cement")  # no votes yet: no consensus
    with registry.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditRecord)) == before
    assert registry.show("cement")["versions"][0]["state"] == "technical_review"


def test_comment_period_rules(registry: Registry, clock: Clock) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    with pytest.raises(RegistryError, match="at least 30 days"):
        registry.open_comment("cement", 29)
    registry.open_comment("cement", 30)
    number = registry.comment("cement", "Wang", "boundary.cut_off", "1 % is too strict")
    with pytest.raises(RegistryError, match="no clause"):
        registry.comment("cement", "Li", "nowhere.at_all", "?")
    clock.advance(29)
    with pytest.raises(RegistryError, match="review cannot start before"):
        registry.start_review("cement")
    clock.advance(2)
    with pytest.raises(RegistryError, match="not open"):
        registry.comment("cement", "Li", "scope", "late")
    with pytest.raises(RegistryError, match="no disposition"):
        registry.start_review("cement")
    with pytest.raises(RegistryError, match="needs a reason"):
        registry.dispose(number, "not_accepted")
    registry.dispose(number, "not_accepted", "GB/T 44905 uses the same 1 %")
    registry.start_review("cement")


def test_conformance_required_to_open_comment(registry: Registry) -> None:
    broken = to_plain(read_yaml(catalog.rule_file("cement")))
    broken["normative_references"] = broken["normative_references"][1:]  # drops GB/T 24067
    registry.propose(validate_rule(broken), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    with pytest.raises(RegistryError, match="PCR-REF-001"):
        registry.open_comment("cement")


def test_consensus_drafters_and_fallback(registry: Registry, clock: Clock) -> None:
    _to_review(registry, clock)
    with pytest.raises(RegistryError, match="drafters do not vote"):
        registry.vote("cement", "Drafter", "yes")
    for name in ["Wang", "Li", "Zhao"]:
        registry.vote("cement", name, "yes")
    registry.vote("cement", "Qian", "no", "the clinker factor is not sourced")
    with pytest.raises(RegistryError, match=r"objections are still pending .*\[1\]"):
        registry.approve("cement")
    registry.acting_as("Drafter").answer_objection(1, "sourced to GB/T 44905, table 2")
    registry.sustain_objection(1)
    with pytest.raises(RegistryError, match=r"no consensus .*sustained objections \[1\]"):
        registry.approve("cement")


def test_three_quarter_fallback(engine, clock: Clock) -> None:
    registry = Registry(engine, clock=clock, person="Chair")
    registry.add_stakeholder("Chair", "federation", "producer")
    registry.add_association("CPCIF", "石化联合会", "petrochemical federation", vote_fallback=True)
    for i, category in enumerate(CATEGORIES):
        registry.add_stakeholder(f"p{i}", "org", category)
        registry.grant(f"p{i}", "CPCIF", "reviewer")
    registry.propose(catalog.load("cement"), "CPCIF", "建材", ["p0"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement")
    clock.advance(30)
    registry.start_review("cement")
    for name, choice in [("p1", "yes"), ("p2", "yes"), ("p3", "yes"), ("p4", "no")]:
        registry.vote("cement", name, choice, "too strict" if choice == "no" else "")
    registry.grant("p0", "CPCIF", "drafter")
    registry.acting_as("p0").answer_objection(1, "kept: the guide asks for it")
    registry.sustain_objection(1)
    tally = registry.approve("cement")
    assert (tally["consensus"], tally["three_quarters"]) == (False, True)


def test_co_developers_must_approve(registry: Registry, clock: Clock) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"], ["CISA"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement")
    clock.advance(30)
    registry.start_review("cement")
    for name in VOTERS:
        registry.vote("cement", name, "yes")
    with pytest.raises(RegistryError, match="CISA"):
        registry.approve("cement")
    registry.co_approve("cement", "CISA")
    registry.approve("cement")


def test_published_text_is_frozen_and_numbers_unique(registry: Registry, clock: Clock) -> None:
    _published(registry, clock)
    with pytest.raises(RegistryError, match="frozen"):
        registry.update_draft(catalog.load("cement"))
    _approved(registry, clock, "crude-steel-bf-bof", ["Wang"])
    with pytest.raises(RegistryError, match="duplicate"):
        registry.publish(
            "crude-steel-bf-bof", date(2026, 5, 1), date(2026, 6, 1), number="T/CBMF 1—2026"
        )
    assert registry.show("crude-steel-bf-bof")["versions"][0]["state"] == "approved"
    result = registry.publish("crude-steel-bf-bof", date(2026, 5, 1), date(2026, 6, 1))
    assert result["number"] == "T/CBMF 2—2026"
    assert set(result["missing_categories"]) == {
        "distributor",
        "user",
        "consumer",
        "testing_certification",
        "government",
    }


def test_wrong_state_is_named(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    with pytest.raises(RegistryError) as info:
        registry.open_comment("cement")
    assert "drafting" in info.value.en and "起草" in info.value.zh


def test_unknown_category_and_people(registry: Registry) -> None:
    with pytest.raises(RegistryError, match="government"):
        registry.add_stakeholder("X", "Y", "alien")
    with pytest.raises(RegistryError, match="no stakeholder"):
        registry.propose(catalog.load("cement"), "CBMF", "建材", ["Nobody"])
    assert registry.standards() == []  # nothing half-written
    with pytest.raises(RegistryError, match="duplicate"):
        registry.add_stakeholder("Wang", "elsewhere", "user")


def test_history_json_serialisable(registry: Registry, clock: Clock) -> None:
    _published(registry, clock)
    history = registry.history("cement")
    assert history, "a published standard has an audit trail"
    assert json.loads(json.dumps(history)) == history  # survives JSON unchanged


def test_next_number_follows_numbers_given_by_hand(registry: Registry, clock: Clock) -> None:
    _approved(registry, clock, "cement", ["Wang"])
    registry.publish("cement", date(2026, 4, 1), date(2026, 5, 1), number="T/CBMF 7-2026")
    _approved(registry, clock, "crude-steel-bf-bof", ["Wang"])
    result = registry.publish("crude-steel-bf-bof", date(2026, 6, 1), date(2026, 7, 1))
    assert result["number"] == "T/CBMF 8—2026"


def test_a_clause_must_exist_at_any_depth(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement")
    for clause in ("boundary.cut_off.cumulative_percent", "inventory.parameters[ckd_correction]"):
        registry.comment("cement", "Wang", clause, "ok")
    for clause in ("boundary.no_such_field", "inventory.parameters[nope]", "scope..x", ""):
        with pytest.raises(RegistryError, match="no clause") as info:
            registry.comment("cement", "Li", clause, "?")
        assert "规则中没有条款" in info.value.zh
    assert len(registry.comments("cement")) == 2


def test_publication_cannot_precede_the_comment_period(registry: Registry, clock: Clock) -> None:
    _approved(registry, clock, "cement", ["Wang"])  # comment ran 2026-03-01 to 2026-03-31
    with pytest.raises(RegistryError, match="before public comment closed"):
        registry.publish("cement", date(2026, 3, 30), date(2026, 7, 1))
    assert registry.publish("cement", date(2026, 3, 31), date(2026, 7, 1))["number"]


def test_removing_a_disposition_needs_a_reason_and_an_open_period(
    registry: Registry, clock: Clock
) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement")
    number = registry.comment("cement", "Wang", "scope", "?")
    registry.dispose(number, "not_accepted", "the scope is the guide's")
    with pytest.raises(RegistryError, match="needs a reason"):
        registry.reopen(number, " ")
    clock.advance(30)
    registry.start_review("cement")
    with pytest.raises(RegistryError, match="once technical review has started"):
        registry.reopen(number, "mistake")
    assert registry.comments("cement")[0]["disposition"] == "not_accepted"
