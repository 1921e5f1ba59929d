"""The data-collection workbook: generated from a rule, filled, read back into a study."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import WorkbookError
from pcfrules.rules import catalog
from pcfrules.rules import workbook as layout
from pcfrules.rules.sources import find
from pcfrules.studies import load_input, rule_for, run_study, workbook
from tests.examples import fill_with_cement_example
from tests.output import assert_shows

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
runner = CliRunner()


def _filled(tmp_path: Path, tweak: Any = None) -> Path:
    """The cement workbook filled with the worked example's data."""
    path = layout.build(find("cement"), tmp_path / "cement.xlsx")
    book = openpyxl.load_workbook(path)
    fill_with_cement_example(book)
    if tweak:
        tweak(book)
    book.save(path)
    return path


def test_workbook_layout() -> None:
    rule = catalog.load("cement")
    assert layout.compatible_units("t")[:3] == ["t", "kg", "g"]
    assert "MWh" in layout.compatible_units("kWh") and "t" not in layout.compatible_units("kWh")
    assert set(layout.stage_sheet_names(rule)) == {"raw_material_acquisition", "production"}


def test_round_trip_gives_the_example_footprint(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    study_path = workbook.write_study(workbook.read(path), tmp_path / "study.yaml")
    study = load_input(study_path)
    from_workbook = run_study(study, rule_for(study)).total.value
    example = load_input(EXAMPLE)
    assert from_workbook == pytest.approx(
        run_study(example, rule_for(example)).total.value, rel=1e-12
    )


def test_every_problem_named_and_nothing_written(tmp_path: Path) -> None:
    def spoil(book: Any) -> None:
        sheet = book["production"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "clinker_output":
                row[layout.VALUE - 1].value = "lots"
            if row[0].value == "coal_consumed":
                row[layout.UNIT - 1].value = "kWh"
            if row[0].value == "cement_output":
                row[layout.VALUE - 1].value = None
            if row[0].value == "kiln_electricity":
                for column in range(layout.DQ_FIRST, layout.DQ_LAST + 1):
                    row[column - 1].value = 7
        book[layout.STUDY].cell(row=6, column=2, value="last spring")

    path = _filled(tmp_path, spoil)
    with pytest.raises(WorkbookError) as info:
        workbook.read(path)
    places = {i.location.path: i.en for i in info.value.issues}
    assert any(p.startswith("production!E") and "not a number" in m for p, m in places.items())
    assert any(p.startswith("production!F") and "kWh" in m for p, m in places.items())
    assert any("mandatory item 'cement_output'" in m for m in places.values())
    assert any(p.startswith("production!J") and "1 to 5" in m for p, m in places.items())
    assert f"{layout.STUDY}!B6" in places
    out = tmp_path / "study.yaml"
    result = runner.invoke(app, ["study", "import", str(path), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert_shows(result.output, "production!E", "not a number")


def test_cli_round_trip(tmp_path: Path) -> None:
    generated = tmp_path / "generated.xlsx"
    assert runner.invoke(app, ["workbook", "cement", "-o", str(generated)]).exit_code == 0
    assert openpyxl.load_workbook(generated).sheetnames[0] == layout.INFO
    out = tmp_path / "study.yaml"
    result = runner.invoke(app, ["study", "import", str(_filled(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["calc", str(out)]).exit_code == 0
