"""Clauses of the standard text and the rule fields they print: what comments point at."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from pcfrules.registry.workflow import clause_exists
from pcfrules.rules import catalog
from pcfrules.rules.render import Edition, build, render
from pcfrules.rules.render.clauses import clause_of, clause_refs

DRAFT = Edition("consultation", completed=date(2026, 1, 5))


@pytest.mark.parametrize("rule_id", catalog.catalog_ids())
def test_every_clause_offered_names_a_field_the_registry_takes(rule_id: str) -> None:
    rule = catalog.load(rule_id)
    refs = clause_refs(build(rule, "zh", DRAFT))
    data = json.loads(rule.canonical_json())
    missing = [ref.path for ref in refs if not clause_exists(data, ref.path)]
    assert missing == []
    assert len({ref.key for ref in refs}) == len(refs)  # one heading, one clause


def test_the_clauses_offered_are_those_the_text_prints_in_its_order() -> None:
    rule = catalog.load("cement")
    text = render(rule, "zh", "html", edition=DRAFT).decode()
    printed = re.findall(r'<span class="no">([^<]+)</span>', text)
    numbers = [ref.number for ref in clause_refs(build(rule, "zh", DRAFT)) if ref.key == ref.number]
    assert numbers == [n for n in printed if n not in ("5", "6", "7")]  # they hold only subclauses
    refs = {ref.key: ref for ref in clause_refs(build(rule, "zh", DRAFT))}
    assert (refs["5.4"].title, refs["5.4"].path) == ("取舍准则", "boundary.cut_off")
    assert refs["7.3.1"].path == "inventory.formulas"
    assert refs["foreword"].title == "前言"
    assert refs["annex-A"].path == "annexes[A]" and refs["annex-A"].number == "附录 A"


def test_a_changed_field_is_shown_under_the_most_specific_clause() -> None:
    assert clause_of("boundary.cut_off.cumulative_percent") == "5.4"
    assert clause_of("boundary.stages[raw].name.zh") == "5.3"
    assert clause_of("unit.reference_flow.quantity") == "6.3"
    assert clause_of("unit.quantity") == "5.2"
    assert clause_of("inventory.parameters[clinker_ratio]") == "7"
    assert clause_of("annexes[B].title.en") == "annex-B"
    assert clause_of("foreword.drafters") == "foreword"
    assert clause_of("identity.version") == ""
