"""A filled workbook gives only finite numbers, each item once: else the cells are named."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pcfrules.errors import WorkbookError
from pcfrules.rules import workbook as layout
from pcfrules.rules.sources import find
from pcfrules.studies import workbook
from tests.examples import fill_with_cement_example

MARK = 123456789.5  # a value no example holds, replaced in the sheet's XML
RULE = find("cement").rule
ITEM = "coal_consumed"
STAGE_SHEET = layout.sheet_names(RULE, "zh")[
    f"stage:{RULE.processes()[RULE.items()[ITEM].process][0].id}"
]
PARAMETERS = layout.SHEETS["parameters"].zh


def _filled(tmp_path: Path, tweak: Any) -> Path:
    path = layout.build(find("cement"), tmp_path / "cement.xlsx")
    book = openpyxl.load_workbook(path)
    fill_with_cement_example(book)
    tweak(book)
    book.save(path)
    return path


def _column(sheet: Any, key: str, columns: tuple[layout.Column, ...]) -> int:
    """The column whose header (row 1) is labelled as ``key``."""
    labels = layout.labels(columns)
    return int(next(c.column for c in sheet[1] if labels.get(c.value) == key))


def _row_of(sheet: Any, item: str) -> int:
    id_column = _column(sheet, "id", layout.ITEM_COLUMNS)
    return next(
        row[0].row for row in sheet.iter_rows(min_row=2) if row[id_column - 1].value == item
    )


def _with_xml_number(path: Path, text: str) -> Path:
    """The workbook with the marked cell's number written as ``text`` (as a file may hold it)."""
    out = path.with_name("edited.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(f"<v>{MARK}</v>".encode(), f"<v>{text}</v>".encode())
            target.writestr(info, data)
    return out


@pytest.mark.parametrize("text", ["1e999", "-1e999"])
def test_an_infinite_cell_is_refused_by_its_cell(tmp_path: Path, text: str) -> None:
    def mark(book: Any) -> None:
        sheet = book[STAGE_SHEET]
        value = _column(sheet, "value", layout.ITEM_COLUMNS)
        sheet.cell(row=_row_of(sheet, ITEM), column=value, value=MARK)

    path = _with_xml_number(_filled(tmp_path, mark), text)
    sheet = openpyxl.load_workbook(path)[STAGE_SHEET]
    row, value = _row_of(sheet, ITEM), _column(sheet, "value", layout.ITEM_COLUMNS)
    with pytest.raises(WorkbookError) as info:
        workbook.read(path)
    [issue] = info.value.issues
    assert issue.location.path == f"{STAGE_SHEET}!{openpyxl.utils.get_column_letter(value)}{row}"
    assert "not a finite number" in issue.en and "有限数字" in issue.zh


def test_an_item_filled_in_twice_names_both_rows(tmp_path: Path) -> None:
    rows: list[int] = []

    def duplicate(book: Any) -> None:
        sheet = book[STAGE_SHEET]
        first = _row_of(sheet, ITEM)
        copy = sheet.max_row + 1
        for column in range(1, sheet.max_column + 1):
            sheet.cell(row=copy, column=column, value=sheet.cell(row=first, column=column).value)
        sheet.cell(row=copy, column=_column(sheet, "value", layout.ITEM_COLUMNS), value=1)
        rows.extend([first, copy])

    with pytest.raises(WorkbookError) as info:
        workbook.read(_filled(tmp_path, duplicate))
    [issue] = info.value.issues
    first, copy = rows
    assert issue.location.path == f"{STAGE_SHEET}!A{copy}"
    assert f"{STAGE_SHEET}!A{first} and {STAGE_SHEET}!A{copy}" in issue.en
    assert f"{STAGE_SHEET}!A{first}" in issue.zh


def test_a_parameter_filled_in_twice_names_both_rows(tmp_path: Path) -> None:
    rows: list[int] = []

    def duplicate(book: Any) -> None:
        sheet = book[PARAMETERS]
        first = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value)
        copy = sheet.max_row + 1
        for column in range(1, sheet.max_column + 1):
            sheet.cell(row=copy, column=column, value=sheet.cell(row=first, column=column).value)
        rows.extend([first, copy])

    with pytest.raises(WorkbookError) as info:
        workbook.read(_filled(tmp_path, duplicate))
    [issue] = info.value.issues
    assert f"{PARAMETERS}!A{rows[0]} and {PARAMETERS}!A{rows[1]}" in issue.en
