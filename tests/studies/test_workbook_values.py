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


def _filled(tmp_path: Path, tweak: Any) -> Path:
    path = layout.build(find("cement"), tmp_path / "cement.xlsx")
    book = openpyxl.load_workbook(path)
    fill_with_cement_example(book)
    tweak(book)
    book.save(path)
    return path


def _row_of(sheet: Any, item: str) -> int:
    return next(row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == item)


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
        sheet = book["production"]
        sheet.cell(row=_row_of(sheet, "coal_consumed"), column=layout.VALUE, value=MARK)

    path = _with_xml_number(_filled(tmp_path, mark), text)
    row = _row_of(openpyxl.load_workbook(path)["production"], "coal_consumed")
    with pytest.raises(WorkbookError) as info:
        workbook.read(path)
    [issue] = info.value.issues
    assert (
        issue.location.path == f"production!{openpyxl.utils.get_column_letter(layout.VALUE)}{row}"
    )
    assert "not a finite number" in issue.en and "有限数字" in issue.zh


def test_an_item_filled_in_twice_names_both_rows(tmp_path: Path) -> None:
    rows: list[int] = []

    def duplicate(book: Any) -> None:
        sheet = book["production"]
        first = _row_of(sheet, "coal_consumed")
        copy = sheet.max_row + 1
        for column in range(1, layout.VALUE + 2):
            sheet.cell(row=copy, column=column, value=sheet.cell(row=first, column=column).value)
        sheet.cell(row=copy, column=layout.VALUE, value=1)
        rows.extend([first, copy])

    with pytest.raises(WorkbookError) as info:
        workbook.read(_filled(tmp_path, duplicate))
    [issue] = info.value.issues
    first, copy = rows
    assert issue.location.path == f"production!A{copy}"
    assert f"production!A{first} and production!A{copy}" in issue.en
    assert f"production!A{first}" in issue.zh


def test_a_parameter_filled_in_twice_names_both_rows(tmp_path: Path) -> None:
    rows: list[int] = []

    def duplicate(book: Any) -> None:
        sheet = book[layout.PARAMETERS]
        first = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value)
        copy = sheet.max_row + 1
        for column in range(1, 7):
            sheet.cell(row=copy, column=column, value=sheet.cell(row=first, column=column).value)
        rows.extend([first, copy])

    with pytest.raises(WorkbookError) as info:
        workbook.read(_filled(tmp_path, duplicate))
    [issue] = info.value.issues
    assert f"{layout.PARAMETERS}!A{rows[0]} and {layout.PARAMETERS}!A{rows[1]}" in issue.en
