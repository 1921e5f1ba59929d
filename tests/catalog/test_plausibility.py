"""Every catalogue rule's worked example lies in the footprints published for its route.

The ranges (``range.yaml`` beside each rule) are published figures with their sources; the
example is computed here through the public path, as ``make demo`` does, and held to them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import RuleValidationError
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, validate_as
from pcfrules.studies import compute

DOCS = Path(__file__).resolve().parents[2] / "docs" / "catalogue.md"


@pytest.mark.parametrize("rule_id", catalog.catalog_ids())
def test_the_worked_example_lies_in_its_published_range(rule_id: str) -> None:
    ranges = catalog.plausibility(rule_id)
    assert ranges is not None, f"{rule_id} has no range.yaml"
    rule = catalog.load(rule_id)
    assert ranges.unit == f"kg CO2e/{rule.unit.unit}"  # per the declared unit
    published = ranges.of_example()
    if published is None:  # none published for the route: the catalogue says what was searched
        assert ranges.not_found is not None and "searched" in ranges.not_found.en
        pytest.skip(f"{rule_id}: no published cradle-to-gate footprint ({ranges.not_found.en})")
    result = compute(catalog.rule_file(rule_id).with_name("example.yaml"))
    per_unit = result.total.value / rule.unit.quantity
    assert published.low <= per_unit <= published.high, (
        f"{rule_id}: {per_unit:.4g} {ranges.unit} outside {published.low}–{published.high} "
        f"({published.route.en}; {'; '.join(published.sources)})"
    )
    assert all(source.strip() for r in ranges.ranges for source in r.sources)


def test_a_range_names_the_route_of_its_example_and_keeps_low_below_high(tmp_path: Path) -> None:
    bad = tmp_path / "range.yaml"
    bad.write_text(
        "unit: kg CO2e/t\nexample: gas\nranges:\n  - id: coal\n    route: {zh: 煤, en: coal}\n"
        "    low: 5\n    high: 3\n    basis: {zh: x, en: x}\n    sources: [s]\n",
        "utf-8",
    )
    with pytest.raises(RuleValidationError) as caught:
        validate_as(catalog.Plausibility, read_yaml(bad), str(bad))
    assert "low 5.0 must be" in str(caught.value)


def test_docs_catalogue_md_is_what_the_catalogue_generates() -> None:
    result = CliRunner().invoke(app, ["rules", "list", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert DOCS.read_text("utf-8") == result.output
    for rule_id in catalog.catalog_ids():
        ranges = catalog.plausibility(rule_id)
        assert ranges is not None
        for published in ranges.ranges:
            assert published.sources[0] in result.output
