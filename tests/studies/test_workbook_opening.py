"""Opening a filled workbook is bounded and never a traceback: a far cell, a zip that
inflates to more than the limit, a damaged, truncated or foreign file, a missing sheet."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pcfrules.errors import StudyError
from pcfrules.limits import WORKBOOK_BYTES, WORKBOOK_COLUMNS, WORKBOOK_ROWS
from pcfrules.rules import workbook as layout
from pcfrules.rules.sources import find
from pcfrules.studies import workbook
from tests.bounds import refused_within
from tests.examples import fill_with_cement_example


def _filled(tmp_path: Path, tweak: Any = None) -> Path:
    path = layout.build(find("cement"), tmp_path / "cement.xlsx")
    book = openpyxl.load_workbook(path)
    fill_with_cement_example(book)
    if tweak:
        tweak(book)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "limit", "zh"),
    [("XFD1048576", WORKBOOK_ROWS, "行数"), ("XFD2", WORKBOOK_COLUMNS, "列数")],
)
def test_one_far_cell_is_refused_before_openpyxl_loads(
    tmp_path: Path, cell: str, limit: Any, zh: str
) -> None:
    def far(book: Any) -> None:
        book[layout.SHEETS["parameters"].zh][cell] = 1

    path = _filled(tmp_path, far)
    assert path.stat().st_size < 64 * 1024
    error = refused_within(1.0, StudyError, lambda: workbook.read(path))
    assert str(limit.value) in error.en and zh in error.zh
    assert error.location.file == str(path) and "xl/worksheets/" in str(error.location.path)


def test_a_zip_that_inflates_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (WORKBOOK_BYTES.value + 1))
    assert path.stat().st_size < 1024 * 1024
    error = refused_within(1.0, StudyError, lambda: workbook.read(path))
    assert str(WORKBOOK_BYTES.value) in error.en and "解压" in error.zh


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "text"])
def test_a_damaged_workbook_is_a_study_error(tmp_path: Path, damage: str) -> None:
    good = _filled(tmp_path).read_bytes()
    contents = {
        "truncated": good[: len(good) // 2],
        "garbage": good[:100] + bytes(range(256)) * 40,
        "empty": b"",
        "text": b"identity:\n  id: cement\n",
    }
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(contents[damage])
    with pytest.raises(StudyError) as info:
        workbook.read(path)
    assert info.value.location.file == str(path)
    assert "cannot read the workbook" in info.value.en and "无法读取工作簿" in info.value.zh


def test_a_missing_file_is_a_study_error(tmp_path: Path) -> None:
    with pytest.raises(StudyError) as info:
        workbook.read(tmp_path / "none.xlsx")
    assert "not found" in info.value.en
