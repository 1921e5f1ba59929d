"""The carbon label and the tabular exports, checked against the result they come from."""

from __future__ import annotations

import csv
import io
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
import segno

from pcfrules.errors import StudyError
from pcfrules.reports import export_table, label_data, label_svg, result_fingerprint, table_bytes
from pcfrules.reports.label import qr_payload
from pcfrules.rules import catalog
from pcfrules.studies import Result, load_input, read_result, rule_for, run_study, write_result
from pcfrules.studies.model import Study

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def result() -> Result:
    study = load_input(EXAMPLE)
    assert isinstance(study, Study)
    return run_study(study, rule_for(study, EXAMPLE), samples=50, seed=3)


def test_label_data_traces_to_result_and_rule(result: Result) -> None:
    label = label_data(result, validity_years=3)
    assert label["footprint"]["value"] == pytest.approx(result.total.value, abs=5e-4)
    assert label["rule"]["fingerprint"] == catalog.load("cement").fingerprint()
    assert label["rule"] == result.to_json_dict()["rule"]
    assert label["valid_until"] == "2028-12-31"
    assert label["result_fingerprint"] == result_fingerprint(result)
    changed = result.model_copy(update={"total": result.total.model_copy(update={"value": 1.0})})
    assert result_fingerprint(changed) != label["result_fingerprint"]


def test_fingerprint_survives_a_write_and_read(result: Result, tmp_path: Path) -> None:
    again = read_result(write_result(result, tmp_path / "result.json"))
    assert result_fingerprint(again) == result_fingerprint(result)
    assert label_data(again) == label_data(result)


def test_svg_label_carries_a_qr_of_the_fingerprints(result: Result) -> None:
    label = label_data(result)
    svg = label_svg(label).decode("utf-8")
    assert svg.startswith("<svg") and "产品碳足迹" in svg and "kg CO2e" in svg
    payload = qr_payload(label)
    assert label["result_fingerprint"] in payload and label["rule"]["fingerprint"] in payload
    expected = segno.make(payload, error="m")
    dark = sum(sum(row) for row in expected.matrix)
    assert len(re.findall(r"M[\d.]+,[\d.]+h", svg)) == dark  # one square per dark module


def test_svg_label_bytes_are_well_formed_xml(result: Result) -> None:
    root = ET.fromstring(label_svg(label_data(result)))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}path") is not None


def test_label_needs_a_rule(result: Result) -> None:
    raw = result.model_copy(update={"rule": None})
    with pytest.raises(StudyError, match="rule standard") as err:
        label_data(raw)
    assert err.value.location.path == "rule" and "碳标识" in err.value.zh


def test_csv_and_xlsx_hold_every_figure(result: Result, tmp_path: Path) -> None:
    csv_path = export_table(result, tmp_path / "r.csv")
    with csv_path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    by_table: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_table.setdefault(row["table"], []).append(row)
    assert float(by_table["total"][0]["value"]) == pytest.approx(result.total.value)
    assert len(by_table["draw"]) == 50
    stages = {r["key"]: float(r["value"]) for r in by_table["by_stage"]}
    assert stages == pytest.approx(result.by_stage)
    book = openpyxl.load_workbook(export_table(result, tmp_path / "r.xlsx"))
    assert {"summary", "by_stage", "by_process", "inventory", "draws"} <= set(book.sheetnames)
    assert book["draws"].max_row == 51


def test_written_tables_are_the_rendered_bytes(result: Result, tmp_path: Path) -> None:
    assert export_table(result, tmp_path / "r.csv").read_bytes() == table_bytes(result, "csv")
    book = openpyxl.load_workbook(io.BytesIO(table_bytes(result, "xlsx")))
    written = openpyxl.load_workbook(export_table(result, tmp_path / "r.xlsx"))
    assert book.sheetnames == written.sheetnames
    for name in book.sheetnames:
        assert list(book[name].values) == list(written[name].values)
    assert result.rule is not None
    assert ("rule", "cement", result.rule.version, result.rule.fingerprint, None) in list(
        book["summary"].values
    )


def test_unknown_table_formats_are_refused(result: Result, tmp_path: Path) -> None:
    with pytest.raises(StudyError, match=r"\.csv or \.xlsx") as err:
        table_bytes(result, "ods")
    assert err.value.location.path == "fmt" and "导出格式" in err.value.zh
    target = tmp_path / "r.pdf"
    with pytest.raises(StudyError, match=r"\.csv or \.xlsx") as err:
        export_table(result, target)
    assert err.value.location.file == str(target) and not target.exists()


def test_a_raw_result_still_exports(result: Result) -> None:
    raw = result.model_copy(update={"rule": None, "study": None})
    summary = openpyxl.load_workbook(io.BytesIO(table_bytes(raw, "xlsx")))["summary"]
    assert ("rule", "—", None, None, None) in list(summary.values)


@pytest.mark.parametrize("field", ["total", "by_origin"])
def test_label_refuses_a_result_whose_figures_are_not_finite(result: Result, field: str) -> None:
    """A result changed in memory (no validation) still never gives a label reading 'nan'."""
    if field == "total":
        broken = result.model_copy(
            update={"total": result.total.model_copy(update={"value": math.nan})}
        )
    else:
        broken = result.model_copy(update={"by_origin": {**result.by_origin, "dluc": math.inf}})
    with pytest.raises(StudyError, match="not a finite number") as err:
        label_data(broken)
    assert err.value.location.path == ("total.value" if field == "total" else "by_origin.dluc")
