"""The carbon label and the tabular exports, checked against the result they come from."""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
import segno
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import StudyError
from pcfrules.reports import export_table, label_data, label_svg, result_fingerprint, table_bytes
from pcfrules.reports.label import decode_payload, label_png, payload_of, qr_payload, verify
from pcfrules.rules import catalog
from pcfrules.studies import Result, load_input, read_result, rule_for, run_study, write_result
from pcfrules.studies.model import Study

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
SVG = "{http://www.w3.org/2000/svg}"
ZBARIMG = shutil.which("zbarimg")
runner = CliRunner()


def result_study() -> Study:
    """The worked example with another clinker output: another result under the same rule."""
    study = load_input(EXAMPLE)
    assert isinstance(study, Study)
    study.activity["clinker_output"].value *= 1.01
    return study


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


def test_svg_label_carries_a_qr_of_a_hashed_payload(result: Result) -> None:
    label = label_data(result, number="T/CBMF 7—2026")
    svg = label_svg(label).decode("utf-8")
    assert svg.startswith("<svg") and "产品碳足迹" in svg and "kg CO₂e" in svg
    for shown in ("示例水泥有限公司", "P·O 42.5", "T/CBMF 7—2026", "2028-12-31"):
        assert shown in svg  # enterprise, product, the standard's number, validity
    payload = qr_payload(label)
    assert payload == label["qr"] and payload.startswith("PCF1.") and "|" not in payload
    claims = decode_payload(payload)
    assert claims["x"] == label["result_fingerprint"]
    assert claims["k"] == label["rule"]["fingerprint"][:16] and claims["n"] == "T/CBMF 7—2026"
    assert claims["f"] == label["footprint"]["value"] and claims["u"] == "1 t"
    expected = segno.make(payload, error="m")
    dark = sum(sum(row) for row in expected.matrix)
    assert len(re.findall(r"M[\d.]+,[\d.]+h", svg)) == dark  # one square per dark module


def test_svg_label_bytes_are_well_formed_xml(result: Result) -> None:
    root = ET.fromstring(label_svg(label_data(result)))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}path") is not None


@pytest.mark.skipif(
    ZBARIMG is None, reason="zbarimg (zbar-tools) is not installed: scripts/system-deps.sh"
)
def test_png_label_at_300_dpi_at_its_size_decodes(result: Result, tmp_path: Path) -> None:
    from PIL import Image

    label = label_data(result)
    path = tmp_path / "label.png"
    path.write_bytes(label_png(label, dpi=300))
    with Image.open(path) as image:
        width, height = image.size
        assert image.format == "PNG"
    assert abs(width - 90 / 25.4 * 300) <= 1 and abs(height - 45 / 25.4 * 300) <= 1  # 90 × 45 mm
    assert ZBARIMG is not None
    scanned = subprocess.run(
        [ZBARIMG, "--raw", "-q", str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert scanned == qr_payload(label)
    assert payload_of(path) == scanned  # the payload also travels in the PNG's text chunk


def test_verify_holds_for_its_result_and_names_what_differs(result: Result) -> None:
    payload = qr_payload(label_data(result))
    assert verify(payload, result) == []
    other = run_study(result_study(), catalog.load("cement"))
    claims = {m.claim for m in verify(payload, other)}
    assert {"x", "f"} <= claims
    assert {m.claim for m in verify(payload, result, number="T/CBMF 7—2026")} == {"n"}
    assert {m.claim for m in verify(payload, result, validity_years=5)} == {"t"}
    body = payload.split(".")[1]
    tampered = payload.replace(body, body[:-2] + ("AA" if body[-2:] != "AA" else "BA"))
    with pytest.raises(StudyError, match=r"digest|decoded"):
        verify(tampered, result)
    with pytest.raises(StudyError, match="PCF1"):
        verify("PCF|rule=cement", result)


def test_cli_label_png_verify_and_refused_suffix(result: Result, tmp_path: Path) -> None:
    result_path = write_result(result, tmp_path / "r.json")
    png = tmp_path / "label.png"
    made = runner.invoke(app, ["label", str(result_path), "-o", str(png)])
    assert made.exit_code == 0, made.output
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    checked = runner.invoke(app, ["label", "verify", str(png), str(result_path)])
    assert checked.exit_code == 0 and "✓" in checked.output
    other = write_result(run_study(result_study(), catalog.load("cement")), tmp_path / "o.json")
    wrong = runner.invoke(app, ["label", "verify", str(png), str(other), "--format", "json"])
    assert wrong.exit_code == 1 and '"verified": false' in wrong.output
    jpg = tmp_path / "label.jpg"
    refused = runner.invoke(app, ["label", str(result_path), "-o", str(jpg)])
    assert refused.exit_code == 2 and ".svg, .png" in refused.output and not jpg.exists()


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
