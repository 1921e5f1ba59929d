"""Who acts: every step by a registered person holding the role it needs, in the audit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pcfrules.errors import NotAllowedError, RegistryError
from pcfrules.registry import Registry
from pcfrules.rules import catalog
from tests.registry.conftest import Clock, stricter_cement


def _in_comment(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement", 30)


def test_a_step_names_a_registered_person(registry: Registry) -> None:
    anonymous = Registry(registry.engine, registry.clock)
    with pytest.raises(RegistryError, match="no person named") as info:
        anonymous.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    assert "未指明操作人" in info.value.zh
    with pytest.raises(RegistryError, match="'Ghost' is not a registered person"):
        registry.acting_as("Ghost").propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    assert registry.standards() == []


def test_a_step_without_its_role_is_refused(registry: Registry, clock: Clock) -> None:
    _in_comment(registry)
    clock.advance(30)
    wang = registry.acting_as("Wang")  # a reviewer and stakeholder, not the secretariat
    with pytest.raises(NotAllowedError) as info:
        wang.start_review("cement")
    assert info.value.en == "'Wang' is not secretariat of CBMF: 'review' needs that role"
    assert info.value.zh == "“Wang”不是 CBMF 的秘书处，不能执行“review”"
    with pytest.raises(RegistryError, match="is not secretariat of CBMF: 'grant'"):
        wang.grant("Wang", "CBMF", "secretariat")
    with pytest.raises(RegistryError, match="not drafter or secretariat of CBMF: 'update'"):
        wang.update_draft(catalog.load("cement"))


def test_a_refusal_for_the_person_is_told_apart_from_a_step_out_of_order(
    registry: Registry, clock: Clock
) -> None:
    """Pages and the API answer 403 to the one and 409 to the other, by the error's class."""
    _in_comment(registry)
    with pytest.raises(RegistryError) as early:
        registry.start_review("cement")  # the secretariat, but the period has not ended
    assert not isinstance(early.value, NotAllowedError)
    clock.advance(30)
    with pytest.raises(NotAllowedError):
        registry.acting_as("Drafter").start_review("cement")


def test_people_act_in_their_own_roles(registry: Registry, clock: Clock) -> None:
    _in_comment(registry)
    registry.acting_as("Wang").comment("cement", "Wang", "scope", "ok")
    with pytest.raises(RegistryError, match="'Li' is not secretariat of CBMF: 'comment'"):
        registry.acting_as("Li").comment("cement", "Wang", "scope", "in Wang's name")
    registry.add_stakeholder("Outsider", "elsewhere", "consumer")
    with pytest.raises(RegistryError, match="'Outsider' is not a stakeholder of CBMF"):
        registry.acting_as("Outsider").comment("cement", "Outsider", "scope", "?")
    registry.dispose(1, "not_accepted", "the scope is the guide's")
    clock.advance(30)
    registry.start_review("cement")
    registry.acting_as("Zhou").vote("cement", "Zhou", "yes")
    registry.vote("cement", "Wu", "yes")  # a paper ballot the secretariat records
    with pytest.raises(RegistryError, match="'Outsider' is not a reviewer of CBMF"):
        registry.acting_as("Outsider").vote("cement", "Outsider", "yes")
    trail = [(r["action"], r["actor"]) for r in registry.history("cement")]
    assert trail[-3:] == [("start-review", "Sec"), ("vote", "Zhou"), ("vote", "Sec")]
    assert ("comment", "Wang") in trail


def test_only_the_secretariat_back_dates(registry: Registry, clock: Clock) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    drafter = registry.acting_as("Drafter")
    clock.advance(1)
    with (
        drafter.as_of(clock.now - timedelta(hours=1), "paper"),
        pytest.raises(RegistryError, match="only the secretariat of CBMF may back-date"),
    ):
        drafter.update_draft(stricter_cement())
    drafter.update_draft(stricter_cement())  # on the registry's clock: allowed


def test_roles_are_granted_and_revoked_by_the_secretariat(registry: Registry) -> None:
    with pytest.raises(RegistryError, match="unknown role 'chair'"):
        registry.grant("Wang", "CBMF", "chair")
    registry.grant("Wang", "CBMF", "drafter")
    registry.revoke("Wang", "CBMF", "drafter")
    with pytest.raises(RegistryError, match="holds no role 'drafter'"):
        registry.revoke("Wang", "CBMF", "drafter")
    with pytest.raises(RegistryError, match="duplicate"):
        registry.grant("Wang", "CBMF", "reviewer")
    people = {p["name"]: p["roles"] for p in registry.people()}
    assert people["Wang"] == ["CBMF:reviewer", "CBMF:stakeholder"]
    assert people["Sec"] == ["CBMF:secretariat", "CISA:secretariat"]
    actions = [(r["action"], r["actor"]) for r in registry.history("CBMF")]
    assert actions[-2:] == [("grant", "Sec"), ("revoke", "Sec")]
