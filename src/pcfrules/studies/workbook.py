"""Reading a filled data-collection workbook back into a study.

Every problem is collected — sheet, row, column, what was found and what is allowed — and
reported together; the study file is written only when there is none, and atomically.

A workbook is opened only once :func:`_within_limits` has read its zip directory and its
sheets' cell references: an xlsx is a zip of XML, and 16 KB of it can declare gigabytes,
or one cell at XFD1048576 that makes every row read walk 17 billion empty cells. A file
that is no zip (corrupt, truncated, another format) or lacks a sheet is a StudyError.

A number is a finite number (a cell reading ``1e999`` is infinity, refused by its cell), an
item or parameter filled in twice is an error naming both rows (never "the last row
wins"), and the study read is validated by the same model as a study file, so a workbook
passes every check a study file does.
"""

from __future__ import annotations

import math
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pcfrules.errors import (
    Location,
    RuleMismatchError,
    StudyError,
    ValidationIssue,
    WorkbookError,
)
from pcfrules.files import write_bytes
from pcfrules.limits import WORKBOOK_BYTES, WORKBOOK_COLUMNS, WORKBOOK_ROWS
from pcfrules.rules import workbook as layout
from pcfrules.rules.loader import validate_as, yaml_bytes
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.sources import FoundRule, RegistryRules, RuleOrigin, find_again
from pcfrules.studies.model import STUDY_FORMAT, Study
from pcfrules.units import is_valid_unit, same_dimension


@dataclass
class _Problems:
    file: str
    issues: list[ValidationIssue]

    def add(self, sheet: str, row: int, column: int, zh: str, en: str) -> None:
        where = Location(self.file, row, f"{sheet}!{get_column_letter(column)}{row}")
        self.issues.append(ValidationIssue(where, zh, en))


def read(
    path: Path, override: str | None = None, registry: RegistryRules | None = None
) -> dict[str, Any]:
    """The study (as plain data) a filled workbook holds; StudyError lists every problem.

    The workbook names the rule it was made from (id, version, fingerprint, source); that
    rule is found again (``override`` is a ``--rule`` spec) and must have the same text.
    """
    book = _open(path)
    _require_sheets(book, [layout.INFO, layout.STUDY, layout.PARAMETERS, layout.EXCLUSIONS], path)
    problems = _Problems(str(path), [])
    found = _rule(book[layout.INFO], path, override, registry)
    rule = found.rule
    _require_sheets(book, list(layout.stage_sheet_names(rule).values()), path)
    study: dict[str, Any] = {
        "format": STUDY_FORMAT,
        "rule": {
            "id": rule.identity.id,
            "version": rule.identity.version,
            "fingerprint": rule.fingerprint(),
            "source": {"kind": found.origin.kind, "location": found.origin.location},
        },
    }
    study.update(_identity(book[layout.STUDY], problems))
    study["activity"] = _activity(book, rule, problems)
    study["parameters"] = _parameters(book[layout.PARAMETERS], rule, problems)
    study["exclusions"] = _exclusions(book[layout.EXCLUSIONS], problems)
    if problems.issues:
        raise WorkbookError(
            zh=f"工作簿有 {len(problems.issues)} 处问题，未写出研究文件",
            en=f"the workbook has {len(problems.issues)} problem(s); no study was written",
            location=Location(file=str(path)),
            issues=problems.issues,
        )
    validate_as(Study, study, str(path))
    return study


# A cell or row reference in a sheet's XML: <c r="B7" …>, <row r="7" …>.
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]{1,7})"')
# What a damaged zip or XML makes zipfile, zlib and openpyxl raise.
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error)


def _open(path: Path) -> Workbook:
    """The workbook at ``path``, loaded once it is known to be a zip within the limits."""
    where = Location(file=str(path))
    if not path.is_file():
        raise StudyError(zh="工作簿不存在", en="workbook: file not found", location=where)
    try:
        _within_limits(path)
        return load_workbook(path, data_only=True)
    except _UNREADABLE as exc:
        raise StudyError(
            zh=f"无法读取工作簿：文件已损坏、不完整或不是 xlsx（{exc}）",
            en=f"cannot read the workbook: damaged, truncated or not an xlsx file ({exc})",
            location=where,
        ) from exc


def _within_limits(path: Path) -> None:
    """Refuse a workbook whose content or sheets exceed the limits, before openpyxl loads it.

    The zip's directory gives every member's uncompressed size (zipfile never inflates a
    member beyond it); each sheet's XML, then within that size, gives its cell references.
    """
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        size = sum(member.file_size for member in members)
        WORKBOOK_BYTES.check(size, StudyError, Location(file=str(path)))
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                _check_dimensions(archive.read(member), path, member.filename)


def _check_dimensions(xml: bytes, path: Path, member: str) -> None:
    rows = [int(m[1]) for m in _ROW_REF.finditer(xml)]
    columns = []
    for match in _CELL_REF.finditer(xml):
        columns.append(column_index_from_string(match[1].decode()))
        rows.append(int(match[2]))
    where = Location(file=str(path), path=member)
    WORKBOOK_ROWS.check(max(rows, default=0), StudyError, where)
    WORKBOOK_COLUMNS.check(max(columns, default=0), StudyError, where)


def _require_sheets(book: Workbook, names: list[str], path: Path) -> None:
    """A StudyError naming every sheet the rule's workbook has and this one lacks."""
    missing = [name for name in names if name not in book.sheetnames]
    if missing:
        listed = "、".join(f"“{name}”" for name in missing)
        raise StudyError(
            zh=f"工作簿缺少工作表 {listed}（请使用 pcfrules workbook 生成的工作簿）",
            en=f"the workbook lacks the sheet(s) {', '.join(repr(n) for n in missing)} "
            "(fill in the workbook pcfrules workbook makes)",
            location=Location(file=str(path), path=missing[0]),
        )


def write_study(study: dict[str, Any], path: Path) -> Path:
    """Write the study YAML atomically."""
    return write_bytes(path, yaml_bytes(study))


def _rule(
    sheet: Worksheet, path: Path, override: str | None, registry: RegistryRules | None
) -> FoundRule:
    meta = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=1, max_row=4)}
    rule_id, version = str(meta.get("规则 Rule") or ""), str(meta.get("版本 Version") or "")
    fingerprint = meta.get("指纹 Fingerprint")
    origin = RuleOrigin.parse(str(meta.get("来源 Source") or ""))
    where = Location(file=str(path), path=f"{layout.INFO}!B3")
    found = find_again(
        rule_id, str(fingerprint) if fingerprint else None, origin, override, registry, where
    )
    if found.rule.identity.version != version:
        raise RuleMismatchError(
            zh=f"工作簿由 {rule_id} {version} 生成，找到的规则是 {found.rule.identity.version} 版",
            en=f"the workbook was made from {rule_id} {version}; the rule found is version "
            f"{found.rule.identity.version}",
            location=Location(file=str(path), path=f"{layout.INFO}!B2"),
        )
    return found


def _identity(sheet: Worksheet, problems: _Problems) -> dict[str, Any]:
    values = [row[1].value for row in sheet.iter_rows(min_row=2, max_row=7)]
    period = [
        _date(values[4], sheet.title, 6, problems),
        _date(values[5], sheet.title, 7, problems),
    ]
    start, end = period
    if start is not None and end is not None and end < start:
        problems.add(sheet.title, 7, 2, "数据期结束早于开始", "the period ends before it starts")
    return {
        "enterprise": {"zh": values[0] or "", "en": values[1] or ""},
        "product": {"zh": values[2] or "", "en": values[3] or ""},
        "period": {"start": str(period[0]), "end": str(period[1])},
    }


def _date(value: object, sheet: str, row: int, problems: _Problems) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.add(
            sheet,
            row,
            2,
            f"日期“{value}”无效（格式 YYYY-MM-DD）",
            f"'{value}' is not a date (YYYY-MM-DD)",
        )
        return None


def _activity(book: Any, rule: RuleStandard, problems: _Problems) -> dict[str, Any]:
    items = rule.items()
    out: dict[str, Any] = {}
    seen: dict[str, tuple[str, int]] = {}
    for sheet_name in layout.stage_sheet_names(rule).values():
        sheet = book[sheet_name]
        for row in sheet.iter_rows(min_row=2):
            item_id = row[0].value
            if item_id not in items or _again(item_id, sheet.title, row[0].row, seen, problems):
                continue
            entry = _item_row(sheet.title, row, items[item_id], problems)
            if entry is not None:
                out[item_id] = entry
    return out


def _again(
    name: str, sheet: str, row: int, seen: dict[str, tuple[str, int]], problems: _Problems
) -> bool:
    """True (and a problem naming both rows) when ``name`` was already filled in above."""
    if name not in seen:
        seen[name] = (sheet, row)
        return False
    first = f"{seen[name][0]}!A{seen[name][1]}"
    problems.add(
        sheet,
        row,
        1,
        f"“{name}”填写了两次（{first} 与 {sheet}!A{row}），应只保留一行",
        f"'{name}' is filled in twice ({first} and {sheet}!A{row}): keep one row",
    )
    return True


def _is_number(value: object) -> bool:
    """A finite int or float: not text, not a bool, not NaN or infinity (``1e999``)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _item_row(
    sheet: str, row: tuple[Any, ...], item: Any, problems: _Problems
) -> dict[str, Any] | None:
    number = row[0].row
    value = row[layout.VALUE - 1].value
    if value is None or value == "":
        if item.mandatory and not item.default:
            problems.add(
                sheet,
                number,
                layout.VALUE,
                f"必填项“{item.id}”未填写",
                f"mandatory item '{item.id}' is empty",
            )
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(
            sheet, number, layout.VALUE, f"“{value}”不是数字", f"'{value}' is not a number"
        )
        return None
    if not _is_number(value):
        problems.add(
            sheet,
            number,
            layout.VALUE,
            f"“{value}”不是有限数字（NaN 或无穷大）",
            f"'{value}' is not a finite number (NaN or infinite)",
        )
        return None
    unit = str(row[layout.UNIT - 1].value or item.unit).strip()
    if not is_valid_unit(unit) or not same_dimension(unit, item.unit):
        problems.add(
            sheet,
            number,
            layout.UNIT,
            f"单位“{unit}”不能换算为“{item.unit}”",
            f"unit '{unit}' does not convert to '{item.unit}'",
        )
        return None
    entry: dict[str, Any] = {"value": float(value), "unit": unit}
    kind = row[layout.DATA_TYPE - 1].value
    if kind not in (None, "", "primary", "secondary"):
        problems.add(
            sheet,
            number,
            layout.DATA_TYPE,
            f"“{kind}”不是 primary 或 secondary",
            f"'{kind}' is not primary or secondary",
        )
    elif kind:
        entry["data_type"] = kind
    if row[layout.SOURCE - 1].value:
        entry["source"] = str(row[layout.SOURCE - 1].value)
    scores = _scores(sheet, row, problems)
    if scores:
        entry["dqr"] = scores
    return entry


def _scores(sheet: str, row: tuple[Any, ...], problems: _Problems) -> dict[str, int] | None:
    names = ("time", "geography", "technology", "precision")
    values = [row[c - 1].value for c in range(layout.DQ_FIRST, layout.DQ_LAST + 1)]
    if all(v in (None, "") for v in values):
        return None
    out = {}
    for offset, (name, value) in enumerate(zip(names, values, strict=True)):
        if not _is_number(value) or not 1 <= value <= 5:
            problems.add(
                sheet,
                row[0].row,
                layout.DQ_FIRST + offset,
                f"数据质量评分“{value}”应为 1–5 的整数（四项须全部填写）",
                f"data-quality score '{value}' must be a whole number 1 to 5 (all four or none)",
            )
            continue
        out[name] = int(value)
    return out if len(out) == len(names) else None


def _parameters(sheet: Worksheet, rule: RuleStandard, problems: _Problems) -> dict[str, Any]:
    params = rule.parameters()
    out: dict[str, Any] = {}
    seen: dict[str, tuple[str, int]] = {}
    for row in sheet.iter_rows(min_row=2):
        pid, value, unit, source, year = (
            row[0].value,
            row[2].value,
            row[3].value,
            row[4].value,
            row[5].value,
        )
        if pid not in params or _again(pid, sheet.title, row[0].row, seen, problems):
            continue
        if value in (None, ""):
            if params[pid].user_supplied:
                problems.add(
                    sheet.title,
                    row[0].row,
                    3,
                    f"参数“{pid}”须由用户提供",
                    f"parameter '{pid}' must be supplied",
                )
            continue
        if not _is_number(value) or not source or not isinstance(year, int):
            problems.add(
                sheet.title,
                row[0].row,
                3,
                "参数须给出数值、来源和年份",
                "a parameter needs a number, a source and a year",
            )
            continue
        unit = str(unit or params[pid].unit)
        if not same_dimension(unit, params[pid].unit):
            problems.add(
                sheet.title,
                row[0].row,
                4,
                f"单位“{unit}”不能换算为“{params[pid].unit}”",
                f"unit '{unit}' does not convert to '{params[pid].unit}'",
            )
            continue
        out[pid] = {"value": float(value), "unit": unit, "source": str(source), "year": year}
    return out


def _exclusions(sheet: Worksheet, problems: _Problems) -> list[dict[str, Any]]:
    out = []
    for row in sheet.iter_rows(min_row=2):
        zh, en, share = row[0].value, row[1].value, row[2].value
        if zh is None and en is None and share is None:
            continue
        if not _is_number(share) or not 0 <= share <= 100:
            problems.add(
                sheet.title,
                row[0].row,
                3,
                "估计占比应为 0–100 的数字",
                "the estimated share must be a number from 0 to 100",
            )
            continue
        out.append(
            {
                "item": {"zh": str(zh or en), "en": str(en or zh)},
                "estimated_share_percent": float(share),
            }
        )
    return out
