"""Comments during public comment: their kind (ge/te/ed) and others' support (附议)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry
from pcfrules.registry.models import AuditRecord, CommentSupport
from pcfrules.rules import catalog
from tests.registry.conftest import Clock


def _in_comment(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement", 30)


def _audit_count(registry: Registry) -> int:
    with registry.sessions() as s:
        return s.scalar(select(func.count()).select_from(AuditRecord)) or 0


def test_a_comment_has_a_kind(registry: Registry) -> None:
    _in_comment(registry)
    registry.comment("cement", "Wang", "scope", "what of white cement?", kind="ge")
    registry.comment("cement", "Li", "boundary.cut_off", "1 % is strict")  # te by default
    registry.comment("cement", "Zhao", "scope", "typo", kind="ed")
    assert [c["kind"] for c in registry.comments("cement")] == ["ge", "te", "ed"]
    assert registry.history("cement")[-1]["detail"]["kind"] == "ed"
    before = _audit_count(registry)
    with pytest.raises(RegistryError) as info:
        registry.comment("cement", "Wang", "scope", "?", kind="technical")
    assert info.value.location.path == "kind"
    assert info.value.en == "unknown comment kind 'technical' (allowed: ge, te, ed)"
    assert "未知的意见类型" in info.value.zh
    assert _audit_count(registry) == before and len(registry.comments("cement")) == 3


def test_others_support_a_comment_once(registry: Registry) -> None:
    _in_comment(registry)
    number = registry.acting_as("Wang").comment("cement", "Wang", "scope", "too narrow")
    registry.acting_as("Li").support(number)
    registry.acting_as("Sun").support(number)
    assert registry.comments("cement")[0]["supporters"] == ["Li", "Sun"]
    trail = [(r["action"], r["actor"], r["detail"]) for r in registry.history("cement")]
    assert trail[-1] == ("support-comment", "Sun", {"comment": number})
    before = _audit_count(registry)
    with pytest.raises(RegistryError) as twice:
        registry.acting_as("Li").support(number)
    assert twice.value.en == f"'Li' supports comment {number} already"
    assert "已附议" in twice.value.zh and twice.value.location.path == "comment"
    with pytest.raises(RegistryError, match="one cannot support one's own comment"):
        registry.acting_as("Wang").support(number)
    with pytest.raises(RegistryError, match="no comment number 99"):
        registry.acting_as("Li").support(99)
    with pytest.raises(RegistryError, match="no person named"):
        Registry(registry.engine, registry.clock).support(number)
    assert _audit_count(registry) == before
    with registry.sessions() as s:
        assert s.scalar(select(func.count()).select_from(CommentSupport)) == 2


def test_support_follows_the_commenter_rules(registry: Registry, clock: Clock) -> None:
    _in_comment(registry)
    number = registry.comment("cement", "Wang", "scope", "too narrow")
    registry.add_stakeholder("Outsider", "elsewhere", "consumer")
    outsider = registry.acting_as("Outsider")
    with pytest.raises(RegistryError, match="'Outsider' is not a stakeholder of CBMF"):
        outsider.support(number)
    registry.update_association("CBMF", public_comments=True)
    outsider.support(number)  # the association now takes the public's comments
    clock.advance(31)
    with pytest.raises(RegistryError, match="the public comment period is not open"):
        registry.acting_as("Li").support(number)
    assert registry.comments("cement")[0]["supporters"] == ["Outsider"]
    assert registry.verify()["findings"] == []


def test_person_roles_by_association(registry: Registry) -> None:
    assert registry.person_roles("Wang") == {"CBMF": frozenset({"reviewer", "stakeholder"})}
    assert registry.person_roles("Sec") == {
        "CBMF": frozenset({"secretariat"}),
        "CISA": frozenset({"secretariat"}),
    }
    registry.add_stakeholder("Nobody", "home", "consumer")
    assert registry.person_roles("Nobody") == {}
    with pytest.raises(RegistryError, match="no stakeholder registered as 'Ghost'"):
        registry.person_roles("Ghost")


def test_a_commenter_reads_every_answer_to_their_comments(registry: Registry) -> None:
    _in_comment(registry)
    first = registry.comment("cement", "Wang", "scope", "what of white cement?", kind="ge")
    registry.comment("cement", "Li", "boundary.cut_off", "1 % is strict")
    second = registry.comment("cement", "Wang", "boundary.cut_off", "keep 5 %", "5 %")
    registry.acting_as("Li").support(second)
    registry.dispose(first, "not_accepted", "white cement has its own standard")
    mine = registry.comments_by("Wang")
    assert [c["no"] for c in mine] == [second, first]  # newest first
    assert mine[0] | {"submitted": ""} == {
        "no": second,
        "rule_id": "cement",
        "version": catalog.load("cement").identity.version,
        "state": "public_comment",
        "comment_closes": mine[0]["comment_closes"],
        "clause": "boundary.cut_off",
        "kind": "te",
        "text": "keep 5 %",
        "proposal": "5 %",
        "submitted": "",
        "supporters": ["Li"],
        "disposition": None,
        "reason": "",
    }
    assert (mine[1]["disposition"], mine[1]["reason"]) == (
        "not_accepted",
        "white cement has its own standard",
    )
    assert registry.comments_by("Zhao") == []
    with pytest.raises(RegistryError, match="no stakeholder registered as 'Ghost'"):
        registry.comments_by("Ghost")
