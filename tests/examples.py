"""The catalogue's worked examples, loaded as the tests of several rooms need them."""

from __future__ import annotations

from typing import Any, get_args

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from pcfrules.rules import catalog
from pcfrules.rules import workbook as layout
from pcfrules.rules.loader import read_yaml, to_plain
from pcfrules.rules.model import DQIndicator, Lang, RuleStandard
from pcfrules.studies import Result, load_input, rule_for, run_raw
from pcfrules.studies.model import RawSystem, Study
from pcfrules.studies.run import with_files
from pcfrules.units import same_dimension


def catalogue_example(rule_id: str) -> tuple[Study, RuleStandard]:
    """The worked example of catalogue rule ``rule_id`` and the rule it names.

    The rule is found the way ``compute`` finds it (``rule_for``), so a changed text is
    refused here too; callers get the rule itself, which is what reports and CBAM take.
    """
    path = catalog.catalog_dir() / rule_id / "example.yaml"
    study = load_input(path)
    assert isinstance(study, Study)
    found = rule_for(study, path)
    linked, _ = with_files(study, found, path.parent)  # inputs it takes from other examples
    return linked, found.rule


def raw_result() -> Result:
    """The result of a one-process raw system (no rule, no study): what reports must refuse."""
    system = RawSystem.model_validate(
        {
            "format": "pcfrules.system/1",
            "reference": {"flow": "frame", "amount": 1, "unit": "piece"},
            "processes": [
                {
                    "id": "welding",
                    "outputs": [{"flow": "frame", "amount": 1, "unit": "piece"}],
                    "emissions": [{"gas": "CO2", "amount": 2, "unit": "kg"}],
                }
            ],
        }
    )
    return run_raw(system)


def _cell_beside(sheet: Worksheet, label: str) -> Cell:
    """The cell to the right of the one that reads ``label`` (as a person finds it)."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == label:
                return sheet.cell(row=cell.row, column=cell.column + 1)
    raise AssertionError(f"no label {label!r} on sheet {sheet.title}")


def _header(sheet: Worksheet, columns: tuple[layout.Column, ...], lang: Lang) -> dict[str, int]:
    """Column number of each labelled column, read from the sheet's header row."""
    by_label = {c.label(lang): c.key for c in columns}
    return {by_label[c.value]: c.column for c in sheet[1] if c.value in by_label}


def fill_workbook(book: Workbook, study: dict[str, Any], lang: Lang = "zh") -> None:
    """Fill a generated workbook with a study's data where its labels say, as a plant would.

    Only what the study gives is written (value and unit, and where given the source, period,
    data type, scores and uncertainty); every other cell is left as generated, empty.
    """
    names = {role: text.get(lang) for role, text in layout.SHEETS.items()}
    fields = {f.key: f.label(lang) for f in layout.STUDY_FIELDS}
    given = {
        "enterprise_zh": study["enterprise"]["zh"],
        "enterprise_en": study["enterprise"]["en"],
        "product_zh": study["product"]["zh"],
        "product_en": study["product"]["en"],
        "period_start": str(study["period"]["start"]),
        "period_end": str(study["period"]["end"]),
    }
    for key, value in given.items():
        _cell_beside(book[names["study"]], fields[key]).value = value
    for sheet in book.worksheets:
        if sheet.title in names.values():
            continue
        scored = tuple(layout.dq_column(k) for k in get_args(DQIndicator))
        column = _header(sheet, (*layout.ITEM_COLUMNS, *scored), lang)
        for row in sheet.iter_rows(min_row=2):
            entry = study["activity"].get(row[column["id"] - 1].value)
            if entry:
                _fill_item(row, column, entry, lang)


def _fill_item(
    row: tuple[Cell, ...], column: dict[str, int], entry: dict[str, Any], lang: Lang
) -> None:
    row[column["value"] - 1].value = entry["value"]
    row[column["unit"] - 1].value = entry["unit"]
    for key in ("source", "period"):
        if key in entry:
            row[column[key] - 1].value = entry[key]
    if "data_type" in entry:
        row[column["data_type"] - 1].value = layout.DATA_TYPES[entry["data_type"]].get(lang)
    for indicator, score in entry.get("dqr", {}).items():
        row[column[indicator] - 1].value = score
    if "uncertainty" in entry:
        spec = entry["uncertainty"]
        row[column["distribution"] - 1].value = layout.DISTRIBUTIONS[spec["distribution"]].get(lang)
        for key, name in (("spread", "sigma"), ("spread", "sd"), ("low", "low"), ("high", "high")):
            if name in spec:
                row[column[key] - 1].value = spec[name]


def cement_example_study() -> dict[str, Any]:
    """The cement worked example as plain data."""
    return to_plain(read_yaml(catalog.catalog_dir() / "cement" / "example.yaml"))


def fill_with_cement_example(book: Workbook, lang: Lang = "zh") -> None:
    """Fill a cement workbook where its labels say, with the worked example's data."""
    fill_workbook(book, cement_example_study(), lang)


def pact_exportable() -> list[str]:
    """Catalogue rules whose declared unit PACT can take without a product mass (mass, energy)."""
    return [
        rule_id
        for rule_id in catalog.catalog_ids()
        if any(same_dimension(catalog.load(rule_id).unit.unit, u) for u in ("kg", "kWh"))
    ]
