"""Each fixed rule's worked example falls inside the published range its range.yaml names."""

from __future__ import annotations

import pytest
import yaml

from pcfrules.rules import catalog
from pcfrules.studies import load_input, run_study
from pcfrules.studies.model import Study


@pytest.mark.parametrize("rule_id", ["cement", "electrolytic-aluminium", "crude-steel-bf-bof"])
def test_example_inside_its_published_range(rule_id: str) -> None:
    folder = catalog.catalog_dir() / rule_id
    ranges = yaml.safe_load((folder / "range.yaml").read_text(encoding="utf-8"))
    assert ranges["unit"] == "kg CO2e/t"
    chosen = next(r for r in ranges["ranges"] if r["id"] == ranges["example"])
    assert chosen["sources"] and chosen["low"] < chosen["high"]
    study = load_input(folder / "example.yaml")
    assert isinstance(study, Study)
    total = run_study(study, catalog.load(rule_id)).total.value
    assert chosen["low"] <= total <= chosen["high"]
