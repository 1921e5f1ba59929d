"""The data-collection workbook: generated from a rule, filled as people fill it, read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import RenderRefusedError, WorkbookError
from pcfrules.rules import catalog
from pcfrules.rules import workbook as layout
from pcfrules.rules.loader import read_yaml, to_plain, yaml_bytes
from pcfrules.rules.model import Lang
from pcfrules.rules.sources import find
from pcfrules.studies import cells, load_input, rule_for, run_study, workbook
from tests.examples import cement_example_study, fill_with_cement_example, fill_workbook
from tests.office import convert, needs_libreoffice
from tests.output import assert_shows

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
runner = CliRunner()


def _filled(tmp_path: Path, tweak: Any = None, lang: Lang = "zh", study: Any = None) -> Path:
    """The cement workbook filled where its labels say (the worked example unless ``study``)."""
    path = layout.build(find("cement"), tmp_path / f"cement.{lang}.xlsx", lang)
    book = openpyxl.load_workbook(path)
    fill_workbook(book, study or cement_example_study(), lang)
    if tweak:
        tweak(book)
    book.save(path)
    return path


def _cell(book: Any, sheet: str, item_id: str, key: str) -> Any:
    """The cell of ``item_id``'s row under the column labelled as ``key`` (either language)."""
    ws = book[sheet]
    labels = layout.labels(layout.ITEM_COLUMNS)
    column = next(c.column for c in ws[1] if labels.get(c.value) == key)
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == item_id)
    return ws.cell(row=row[0].row, column=column)


def _issues(path: Path) -> dict[str, str]:
    with pytest.raises(WorkbookError) as info:
        workbook.read(path)
    return {str(i.location.path): i.en for i in info.value.issues}


def _footprint(study: dict[str, Any], tmp_path: Path) -> float:
    study_path = workbook.write_study(study, tmp_path / "study.yaml")
    loaded = load_input(study_path)
    return run_study(loaded, rule_for(loaded)).total.value


def test_sheets_and_headers_in_the_users_language() -> None:
    rule = catalog.load("cement")
    zh = openpyxl.load_workbook(layout.build(find("cement"), Path("zh.xlsx")))
    en = openpyxl.load_workbook(layout.build(find("cement"), Path("en.xlsx"), "en"))
    assert zh.sheetnames == [
        "说明",
        "研究信息",
        "原料获取阶段",
        "产品生产阶段",
        "数据质量评分",
        "参数",
        "取舍",
    ]
    assert en.sheetnames[:3] == ["Instructions", "Study", "raw material acquisition"]
    assert [c.value for c in zh["产品生产阶段"][1]][:4] == ["编号", "单元过程", "名称", "数值"]
    assert "不确定性分布" in [c.value for c in zh["产品生产阶段"][1]]
    assert [c.value for c in en["production"][1]][:4] == ["Id", "Process", "Name", "Value"]
    names = {r[0].value: r[2].value for r in zh["产品生产阶段"].iter_rows(min_row=2)}
    assert names["clinker_output"] == rule.items()["clinker_output"].name.zh
    assert layout.compatible_units("t")[:3] == ["t", "kg", "g"]
    assert layout.compatible_units("t", "zh")[:3] == ["吨", "千克", "克"]
    assert "MWh" in layout.compatible_units("kWh") and "t" not in layout.compatible_units("kWh")


def test_no_blank_rows_and_the_scores_explained() -> None:
    book = openpyxl.load_workbook(layout.build(find("cement"), Path("zh.xlsx")))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
            assert any(c.value not in (None, "") for c in row), f"{sheet.title} row {row[0].row}"
    quality = book["数据质量评分"]
    assert [r[0].value for r in quality.iter_rows(min_row=2, max_row=6)] == [1, 2, 3, 4, 5]
    assert quality.cell(row=2, column=2).value == layout.DQ_SCALE["time"][0].zh
    header = {c.value: c for c in book["产品生产阶段"][1]}
    assert "5 — " in header["精度"].comment.text


def test_every_sheet_prints_on_a4_one_page_wide() -> None:
    book = openpyxl.load_workbook(layout.build(find("cement"), Path("zh.xlsx")))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_gives_the_example_footprint(tmp_path: Path, lang: Lang) -> None:
    study = workbook.read(_filled(tmp_path, lang=lang))
    example = load_input(EXAMPLE)
    expected = run_study(example, rule_for(example)).total.value
    assert _footprint(study, tmp_path) == pytest.approx(expected, rel=1e-12)
    assert study["product"] == {
        "zh": "P·O 42.5 普通硅酸盐水泥",
        "en": "P·O 42.5 ordinary Portland cement",
    }
    assert study["period"] == {"start": "2025-01-01", "end": "2025-12-31"}


def test_optional_cells_left_empty(tmp_path: Path) -> None:
    """Only what must be measured is filled: defaults are taken, nothing else is invented."""
    rule = catalog.load("cement")
    study = cement_example_study()
    required = {i.id for i in rule.data_collection.items if i.mandatory and not i.default}
    study["activity"] = {k: v for k, v in study["activity"].items() if k in required}
    study["enterprise"]["en"] = study["product"]["en"] = ""
    read = workbook.read(_filled(tmp_path, study=study))
    assert set(read["activity"]) == required
    for item_id, entry in read["activity"].items():  # the data type is as generated
        assert entry.pop("data_type") == rule.items()[item_id].data_type
        assert set(entry) == {"value", "unit"}, item_id
    assert read["enterprise"]["en"] == "" and read["parameters"] == {} and read["exclusions"] == []
    assert _footprint(read, tmp_path) > 0


def test_what_a_plant_writes_is_read(tmp_path: Path) -> None:
    def as_written(book: Any) -> None:
        _cell(book, "产品生产阶段", "clinker_output", "value").value = "75万"
        _cell(book, "产品生产阶段", "clinker_output", "unit").value = "吨"
        _cell(book, "产品生产阶段", "kiln_electricity", "value").value = "2,250"
        _cell(book, "产品生产阶段", "kiln_electricity", "unit").value = "万千瓦时"
        _cell(book, "产品生产阶段", "coal_consumed", "value").value = "110 000"
        for key, value in [
            ("source", "DCS 月报"),
            ("period", "2025-01/2025-12"),
            ("data_type", "初级数据"),
            ("time", 1),
            ("geography", 1),
            ("technology", 2),
            ("precision", "2"),
            ("distribution", "三角"),
            ("low", "72万"),
            ("high", "78万"),
        ]:
            _cell(book, "产品生产阶段", "clinker_output", key).value = value
        _cell(book, "产品生产阶段", "coal_consumed", "distribution").value = "对数正态"
        _cell(book, "产品生产阶段", "coal_consumed", "spread").value = 0.05
        for row, value in (
            ("数据期开始（年-月-日）", "2025年1月1日"),
            ("数据期结束（年-月-日）", "2025/12/31"),
        ):
            sheet = book["研究信息"]
            label = next(c for r in sheet.iter_rows() for c in r if c.value == row)
            sheet.cell(row=label.row, column=2).value = value

    study = workbook.read(_filled(tmp_path, as_written))
    clinker = study["activity"]["clinker_output"]
    assert clinker == {
        "value": 750000.0,
        "unit": "t",
        "data_type": "primary",
        "source": "DCS 月报",
        "period": "2025-01/2025-12",
        "dqr": {"time": 1, "geography": 1, "technology": 2, "precision": 2},
        "uncertainty": {"distribution": "triangular", "low": 720000.0, "high": 780000.0},
    }
    assert study["activity"]["kiln_electricity"] == {
        "value": 2250.0,
        "unit": "万千瓦时",
        "data_type": "primary",
    }
    assert study["activity"]["coal_consumed"]["value"] == 110000.0
    assert study["activity"]["coal_consumed"]["uncertainty"] == {
        "distribution": "lognormal",
        "sigma": 0.05,
    }
    assert study["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    example = load_input(EXAMPLE)
    assert _footprint(study, tmp_path) == pytest.approx(
        run_study(example, rule_for(example)).total.value
    )


@pytest.mark.parametrize(
    ("written", "number"),
    [
        (36800, 36800.0),
        ("36800", 36800.0),
        ("36,800", 36800.0),
        ("1,234,567.5", 1234567.5),
        ("36 800", 36800.0),
        ("３６８００", 36800.0),
        ("3.6万", 36000.0),
        ("1.2亿", 120000000.0),
        ("-0.5", -0.5),
        ("2.5e3", 2500.0),
        ("3,6", None),
        ("36,80", None),
        ("3 6", None),
        ("1_000", None),
        ("lots", None),
        ("nan", None),
        ("inf", None),
        (True, None),
        ("", None),
    ],
)
def test_numbers_as_plants_write_them(written: object, number: float | None) -> None:
    assert cells.number(written) == number


def test_every_problem_named_at_its_cell_and_nothing_written(tmp_path: Path) -> None:
    def spoil(book: Any) -> None:
        _cell(book, "产品生产阶段", "clinker_output", "value").value = "lots"
        _cell(book, "产品生产阶段", "coal_consumed", "unit").value = "千瓦时"
        _cell(book, "产品生产阶段", "cement_output", "value").value = None
        for indicator in layout.DQ_INDICATORS:
            _cell(book, "产品生产阶段", "kiln_electricity", indicator).value = 7
        _cell(book, "产品生产阶段", "kiln_diesel", "spread").value = 0.1
        _cell(book, "产品生产阶段", "af_consumed", "distribution").value = "三角"
        _cell(book, "产品生产阶段", "af_consumed", "low").value = 1
        _cell(book, "产品生产阶段", "af_consumed", "high").value = 2
        _cell(book, "产品生产阶段", "coal_ncv", "data_type").value = "measured"
        sheet = book["研究信息"]
        label = next(c for r in sheet.iter_rows() for c in r if c.value == "数据期开始（年-月-日）")
        sheet.cell(row=label.row, column=2).value = "last spring"
        label = next(c for r in sheet.iter_rows() for c in r if c.value == "数据期结束（年-月-日）")
        sheet.cell(row=label.row, column=2).value = None

    places = _issues(_filled(tmp_path, spoil))
    shown = "\n".join(f"{p}: {m}" for p, m in places.items())
    assert_shows(shown, "产品生产阶段!D", "'lots' is not a number (write 36800, 36,800 or 3.6万)")
    assert_shows(shown, "产品生产阶段!E", "unit '千瓦时' does not convert to 't'")
    assert_shows(shown, "mandatory item", "(cement_output) is empty")
    assert_shows(shown, "产品生产阶段!I", "must be a whole number 1 to 5")
    assert_shows(shown, "uncertainty parameters without a distribution")
    assert_shows(shown, "low and high must enclose the value 20000")
    assert_shows(shown, "'measured' is not one of primary, secondary")
    assert places["研究信息!B6"] == "'last spring' is not a date (write 2025-01-01)"
    assert places["研究信息!B7"] == "'Period end (YYYY-MM-DD)' is empty"
    out = tmp_path / "study.yaml"
    result = runner.invoke(app, ["study", "import", str(_filled(tmp_path, spoil)), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert_shows(result.output, "产品生产阶段!D", "not a number")


def test_a_deleted_row_or_sheet_is_named(tmp_path: Path) -> None:
    def delete_row(book: Any) -> None:
        sheet = book["产品生产阶段"]
        row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "cement_output")
        sheet.delete_rows(row[0].row)

    assert_shows(
        "\n".join(_issues(_filled(tmp_path, delete_row)).values()), "(cement_output) is missing"
    )

    def delete_sheet(book: Any) -> None:
        del book["参数"]

    with pytest.raises(WorkbookError) as info:
        workbook.read(_filled(tmp_path, delete_sheet))
    assert [str(i.location.path) for i in info.value.issues] == ["参数 / Parameters"]


def test_cli_round_trip(tmp_path: Path) -> None:
    generated = tmp_path / "generated.xlsx"
    assert (
        runner.invoke(app, ["workbook", "cement", "--lang", "en", "-o", str(generated)]).exit_code
        == 0
    )
    assert openpyxl.load_workbook(generated).sheetnames[0] == "Instructions"
    book = openpyxl.load_workbook(generated)
    fill_with_cement_example(book, "en")
    book.save(generated)
    out = tmp_path / "study.yaml"
    result = runner.invoke(app, ["study", "import", str(generated), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["calc", str(out)]).exit_code == 0


@pytest.mark.libreoffice
@needs_libreoffice
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_through_a_libreoffice_save(tmp_path: Path, lang: Lang) -> None:
    """Filled, saved by LibreOffice Calc (as many plants do), imported: the same study."""
    filled = _filled(tmp_path, lang=lang)
    direct = workbook.read(filled)
    resaved = convert(filled, "xlsx", tmp_path / "resaved")
    assert openpyxl.load_workbook(resaved).sheetnames == openpyxl.load_workbook(filled).sheetnames
    assert workbook.read(resaved) == direct


@pytest.mark.libreoffice
@needs_libreoffice
def test_every_sheet_prints_on_a4_pages(tmp_path: Path) -> None:
    """Printed by LibreOffice: A4 pages, each sheet one page wide (cement: one page each)."""
    generated = layout.build(find("cement"), tmp_path / "cement.xlsx")
    pdf = PdfReader(convert(generated, "pdf", tmp_path / "printed"))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages}
    assert sizes <= {(595, 842), (842, 595)}, sizes
    assert len(pdf.pages) == len(openpyxl.load_workbook(generated).sheetnames)


def test_a_language_the_rule_has_no_names_in_is_refused_and_nothing_written(
    cement_data: dict[str, Any], tmp_path: Path
) -> None:
    cement_data["data_collection"]["items"][2]["name"]["en"] = ""
    rule_file = tmp_path / "rule.yaml"
    rule_file.write_text(json.dumps(cement_data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RenderRefusedError) as info:
        layout.workbook_bytes(find(str(rule_file)), "en")
    assert info.value.location.path == "data_collection.items[2].name.en"
    assert layout.workbook_bytes(find(str(rule_file)), "zh")  # the Chinese workbook is whole
    out = tmp_path / "en.xlsx"
    result = runner.invoke(app, ["workbook", str(rule_file), "--lang", "en", "-o", str(out)])
    assert result.exit_code == 1 and "data_collection.items[2].name.en" in result.output
    assert not out.exists()


def _rule_rating(tmp_path: Path, criteria: list[str], formula: str) -> Path:
    """The cement rule, written to a file, rating data on other criteria."""
    data = to_plain(read_yaml(catalog.rule_file("cement")))
    data["data_quality"]["rating"].update({"criteria": criteria, "formula": formula})
    path = tmp_path / "rule.yaml"
    path.write_bytes(yaml_bytes(data))
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dq_columns_follow_the_rules_criteria(tmp_path: Path, lang: Lang) -> None:
    rule_path = _rule_rating(
        tmp_path, ["time", "completeness", "precision"], "max(time, completeness, precision)"
    )
    found = find(str(rule_path))
    path = layout.build(found, tmp_path / f"rated.{lang}.xlsx", lang)
    book = openpyxl.load_workbook(path)
    stage = book[found.rule.boundary.stages[-1].name.get(lang)]
    header = [c.value for c in stage[1]]
    shown = {
        "zh": ["时间代表性", "完整性", "精度"],
        "en": ["DQ time", "DQ completeness", "DQ precision"],
    }
    start = header.index(shown[lang][0])
    assert header[start : start + 3] == shown[lang]
    assert ("技术代表性" if lang == "zh" else "DQ technology") not in header
    quality = book[layout.SHEETS["quality"].get(lang)]
    assert [c.value for c in quality[1]][1:4] == shown[lang]
    assert quality.cell(row=2, column=2).value == layout.DQ_SCALE["time"][0].get(lang)
    assert quality.cell(row=2, column=3).value in {None, ""}  # no published meaning: left blank

    study = cement_example_study()
    for entry in study["activity"].values():
        entry["dqr"] = {"time": 2, "completeness": 3, "precision": 1}
    fill_workbook(book, study, lang)
    book.save(path)
    read = workbook.read(path)
    assert read["activity"]["clinker_output"]["dqr"] == {
        "time": 2,
        "completeness": 3,
        "precision": 1,
    }


def test_dq_scores_of_the_rules_criteria_all_or_none(tmp_path: Path) -> None:
    rule_path = _rule_rating(tmp_path, ["time", "completeness"], "(time + completeness) / 2")
    found = find(str(rule_path))
    path = layout.build(found, tmp_path / "rated.en.xlsx", "en")
    book = openpyxl.load_workbook(path)
    study = cement_example_study()
    study["activity"]["clinker_output"]["dqr"] = {"time": 2}
    fill_workbook(book, study, "en")
    book.save(path)
    issues = _issues(path)
    assert any("all 2 or none" in m for m in issues.values()), issues
