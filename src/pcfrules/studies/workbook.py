"""Reading a filled data-collection workbook back into a study.

Every sheet, column and field is found by its label (``pcfrules.rules.workbook`` holds the
layout, in Chinese and English), so a workbook in either language, re-saved by another
program or with its columns moved reads the same; cells are read as people write them
(``pcfrules.studies.cells``). Every problem is collected — sheet, row, column, what was
found and what is allowed — and reported together; the study file is written only when
there is none, and atomically.

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
from dataclasses import dataclass, field
from datetime import date
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
from pcfrules.rules.model import ActivityItem, Lang, Parameter, RuleStandard
from pcfrules.rules.sources import FoundRule, RegistryRules, RuleOrigin, find_again
from pcfrules.studies import cells
from pcfrules.studies.model import STUDY_FORMAT, Study
from pcfrules.units import is_valid_unit, same_dimension


@dataclass
class _Problems:
    """Every problem found, and where each value of the study was read (path → sheet!cell)."""

    file: str
    issues: list[ValidationIssue]
    places: dict[str, str] = field(default_factory=dict)

    def add(self, sheet: str, row: int, column: int, zh: str, en: str) -> None:
        where = Location(self.file, row, f"{sheet}!{get_column_letter(column)}{row}")
        self.issues.append(ValidationIssue(where, zh, en))


def read(
    path: Path,
    override: str | None = None,
    registry: RegistryRules | None = None,
    *,
    paths: bool = True,
    places: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The study (as plain data) a filled workbook holds; StudyError lists every problem.

    The workbook names the rule it was made from (id, version, fingerprint, source); that
    rule is found again (``override`` is a ``--rule`` spec) and must have the same text.
    With ``paths=False`` (a server reading an upload) a source that is a file path is not
    followed: the rule is looked up by its id, and must still have the recorded text.
    ``places``, when given, is filled with the cell each value of the study was read from
    (``activity.clinker_output`` → ``产品生产阶段!D5``), for findings to point at.
    """
    book = _open(path)
    problems = _Problems(str(path), [])
    found = _rule(book, path, override, registry, paths)
    rule = found.rule
    sheets = _sheets(book, rule, path)
    study: dict[str, Any] = {
        "format": STUDY_FORMAT,
        "rule": {
            "id": rule.identity.id,
            "version": rule.identity.version,
            "fingerprint": rule.fingerprint(),
            "source": {"kind": found.origin.kind, "location": found.origin.location},
        },
    }
    study.update(_identity(sheets["study"], problems))
    study["activity"] = _activity(sheets, rule, problems)
    study["parameters"] = _parameters(sheets["parameters"], rule, problems)
    study["exclusions"] = _exclusions(sheets["cutoff"], problems)
    if problems.issues:
        raise WorkbookError(
            zh=f"工作簿有 {len(problems.issues)} 处问题，未写出研究文件",
            en=f"the workbook has {len(problems.issues)} problem(s); no study was written",
            location=Location(file=str(path)),
            issues=problems.issues,
        )
    validate_as(Study, study, str(path))
    if places is not None:
        places.update(problems.places)
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


def write_study(study: dict[str, Any], path: Path) -> Path:
    """Write the study YAML atomically."""
    return write_bytes(path, yaml_bytes(study))


def _rule(
    book: Any, path: Path, override: str | None, registry: RegistryRules | None, paths: bool
) -> FoundRule:
    sheet = _info_sheet(book)
    keys = _labels(layout.META)
    meta: dict[str, Any] = {}
    places: dict[str, str] = {}
    for row in sheet.iter_rows(max_col=2):
        key = keys.get(cells.text(row[0].value))
        if key is not None and len(row) > 1:
            meta[key], places[key] = row[1].value, f"{sheet.title}!{row[1].coordinate}"
    rule_id, version = cells.text(meta.get("rule")), cells.text(meta.get("version"))
    fingerprint = cells.text(meta.get("fingerprint")) or None
    origin = RuleOrigin.parse(cells.text(meta.get("source")))
    if origin is not None and origin.kind == "file" and not paths:
        origin = None
    where = Location(file=str(path), path=places.get("fingerprint", f"{sheet.title}!B3"))
    found = find_again(rule_id, fingerprint, origin, override, registry, where)
    if found.rule.identity.version != version:
        raise RuleMismatchError(
            zh=f"工作簿由 {rule_id} {version} 生成，找到的规则是 {found.rule.identity.version} 版",
            en=f"the workbook was made from {rule_id} {version}; the rule found is version "
            f"{found.rule.identity.version}",
            location=Location(file=str(path), path=places.get("version", f"{sheet.title}!B2")),
        )
    return found


def _info_sheet(book: Any) -> Worksheet:
    """The instructions sheet, in whichever language the workbook was made (else the first)."""
    for name in (layout.SHEETS["info"].zh, layout.SHEETS["info"].en):
        if name in book.sheetnames:
            sheet: Worksheet = book[name]
            return sheet
    first: Worksheet = book.worksheets[0]
    return first


def _sheets(book: Any, rule: RuleStandard, path: Path) -> dict[str, Worksheet]:
    """Each role's sheet, by its name in Chinese or English; every missing one named at once."""
    zh, en = layout.sheet_names(rule, "zh"), layout.sheet_names(rule, "en")
    out: dict[str, Worksheet] = {}
    missing: list[ValidationIssue] = []
    for role in zh:
        present = [name for name in (zh[role], en[role]) if name in book.sheetnames]
        if present:
            out[role] = book[present[0]]
        elif role != "info":
            where = Location(file=str(path), path=f"{zh[role]} / {en[role]}")
            missing.append(ValidationIssue(where, "缺少此工作表", "this sheet is missing"))
    if missing:
        raise WorkbookError(
            zh=f"工作簿缺少 {len(missing)} 个工作表，未写出研究文件",
            en=f"the workbook lacks {len(missing)} sheet(s); no study was written",
            location=Location(file=str(path)),
            issues=missing,
        )
    return out


@dataclass
class _Row:
    """One row of a labelled table: its cells by column key."""

    sheet: str
    number: int
    values: dict[str, Any]
    columns: dict[str, int]

    def blank(self) -> bool:
        return all(cells.text(v) == "" for v in self.values.values())

    def text(self, key: str) -> str:
        return cells.text(self.values.get(key))

    def problem(self, problems: _Problems, key: str, zh: str, en: str) -> None:
        problems.add(self.sheet, self.number, self.columns[key], zh, en)

    def place(self, key: str) -> str:
        return f"{self.sheet}!{get_column_letter(self.columns[key])}{self.number}"


def _table(
    sheet: Worksheet,
    columns: tuple[layout.Column, ...],
    required: tuple[str, ...],
    problems: _Problems,
) -> list[_Row]:
    """The rows under a table's header, found by its labels (in either language)."""
    known = _labels(columns)
    for header in sheet.iter_rows(max_row=10):
        found = {known[t]: c.column for c in header if (t := cells.text(c.value)) in known}
        if all(key in found for key in required):
            break
    else:
        names = "、".join(c.zh for c in columns if c.key in required)
        names_en = ", ".join(c.en for c in columns if c.key in required)
        problems.add(sheet.title, 1, 1, f"找不到表头（{names} 列）", f"no header row ({names_en})")
        return []
    rows = []
    for line in sheet.iter_rows(min_row=header[0].row + 1):
        values = {
            key: line[col - 1].value if col <= len(line) else None for key, col in found.items()
        }
        row = _Row(sheet.title, line[0].row, values, found)
        if not row.blank():
            rows.append(row)
    return rows


def _identity(sheet: Worksheet, problems: _Problems) -> dict[str, Any]:
    """The Study sheet: each field's value is the cell to the right of its label."""
    keys = _labels(layout.STUDY_FIELDS)
    values: dict[str, Any] = {}
    places: dict[str, tuple[int, int]] = {}
    for row in sheet.iter_rows():
        for cell in row:
            key = keys.get(cells.text(cell.value))
            if key is not None:
                values[key] = sheet.cell(row=cell.row, column=cell.column + 1).value
                places[key] = (cell.row, cell.column + 1)
    if "period_start" in places:
        row, column = places["period_start"]
        problems.places["period"] = f"{sheet.title}!{get_column_letter(column)}{row}"
    period = {
        end: _period_day(end, values, places, sheet.title, problems) for end in ("start", "end")
    }
    if period["start"] and period["end"] and period["end"] < period["start"]:
        row, column = places["period_end"]
        problems.add(
            sheet.title, row, column, "数据期结束早于开始", "the period ends before it starts"
        )
    return {
        "enterprise": {
            "zh": cells.text(values.get("enterprise_zh")),
            "en": cells.text(values.get("enterprise_en")),
        },
        "product": {
            "zh": cells.text(values.get("product_zh")),
            "en": cells.text(values.get("product_en")),
        },
        "period": {end: str(day) for end, day in period.items()},
    }


def _period_day(
    end: str,
    values: dict[str, Any],
    places: dict[str, tuple[int, int]],
    sheet: str,
    problems: _Problems,
) -> date | None:
    key = f"period_{end}"
    field = next(f for f in layout.STUDY_FIELDS if f.key == key)
    if key not in places:
        problems.add(sheet, 1, 1, f"找不到“{field.zh}”一行", f"no '{field.en}' row")
        return None
    row, column = places[key]
    value = values[key]
    if cells.text(value) == "":
        problems.add(sheet, row, column, f"“{field.zh}”未填写", f"'{field.en}' is empty")
        return None
    parsed = cells.day(value)
    if parsed is None:
        problems.add(
            sheet,
            row,
            column,
            f"“{value}”不是日期（写作 2025-01-01）",
            f"'{value}' is not a date (write 2025-01-01)",
        )
    return parsed


def _activity(
    sheets: dict[str, Worksheet], rule: RuleStandard, problems: _Problems
) -> dict[str, Any]:
    items = rule.items()
    out: dict[str, Any] = {}
    seen: dict[str, _Row] = {}
    for stage in rule.boundary.stages:
        sheet = sheets[f"stage:{stage.id}"]
        for row in _table(sheet, layout.item_columns(rule), ("id", "value", "unit"), problems):
            item_id = row.text("id")
            if item_id not in items:
                if row.text("value"):
                    row.problem(
                        problems,
                        "id",
                        f"“{item_id}”不是本规则的活动数据项",
                        f"'{item_id}' is not an item of this rule",
                    )
                continue
            if _again(item_id, row, seen, problems):
                continue
            entry = _item_row(row, items[item_id], rule, problems)
            if entry is not None:
                out[item_id] = entry
    for item_id, item in items.items():
        if item_id not in seen and item.mandatory and not item.default:
            stage, _ = rule.processes()[item.process]
            problems.add(
                sheets[f"stage:{stage.id}"].title,
                1,
                1,
                f"必填项“{item.name.zh}”（{item_id}）的行不在表中",
                f"the row of mandatory item '{item.name.en}' ({item_id}) is missing",
            )
    problems.places.update({f"activity.{k}": row.place("value") for k, row in seen.items()})
    return out


def _again(name: str, row: _Row, seen: dict[str, _Row], problems: _Problems) -> bool:
    """True (and a problem naming both rows) when ``name`` was already filled in above."""
    if name not in seen:
        seen[name] = row
        return False
    first, column = seen[name], get_column_letter(row.columns["id"])
    at, here = f"{first.sheet}!{column}{first.number}", f"{row.sheet}!{column}{row.number}"
    row.problem(
        problems,
        "id",
        f"“{name}”填写了两次（{at} 与 {here}），应只保留一行",
        f"'{name}' is filled in twice ({at} and {here}): keep one row",
    )
    return True


def _item_row(
    row: _Row, item: ActivityItem, rule: RuleStandard, problems: _Problems
) -> dict[str, Any] | None:
    if not row.text("value"):
        if item.mandatory and not item.default:
            row.problem(
                problems,
                "value",
                f"必填项“{item.name.zh}”（{item.id}）未填写",
                f"mandatory item '{item.name.en}' ({item.id}) is empty",
            )
        return None
    value = cells.number(row.values["value"])
    if value is None:
        _not_a_number(row, "value", problems)
        return None
    written = row.text("unit") or item.unit
    unit = layout.unit_read(written)
    if not is_valid_unit(unit) or not same_dimension(unit, item.unit):
        row.problem(
            problems,
            "unit",
            f"单位“{written}”不能换算为“{item.unit}”",
            f"unit '{written}' does not convert to '{item.unit}'",
        )
        return None
    entry: dict[str, Any] = {"value": value, "unit": unit}
    kind = _choice(row, "data_type", layout.DATA_TYPES, problems)
    if kind:
        entry["data_type"] = kind
    for key in ("source", "period"):
        if row.text(key):
            entry[key] = row.text(key)
    scores = _scores(row, rule, problems)
    if scores:
        entry["dqr"] = scores
    uncertainty = _uncertainty(row, value, problems)
    if uncertainty:
        entry["uncertainty"] = uncertainty
    return entry


def _choice(row: _Row, key: str, choices: dict[str, Any], problems: _Problems) -> str | None:
    if key not in row.columns or not row.text(key):
        return None
    chosen = cells.choice(row.values[key], choices)
    if chosen is None:
        allowed_zh = "、".join(t.zh for t in choices.values())
        allowed_en = ", ".join(t.en for t in choices.values())
        row.problem(
            problems,
            key,
            f"“{row.text(key)}”不是可选值（{allowed_zh}）",
            f"'{row.text(key)}' is not one of {allowed_en}",
        )
    return chosen


def _scores(row: _Row, rule: RuleStandard, problems: _Problems) -> dict[str, int] | None:
    """The scores of the rule's rating criteria on one row: all of them, or none."""
    rated = layout.criteria(rule)
    names = [n for n in rated if n in row.columns]
    if all(not row.text(n) for n in names):
        return None
    low, high = rule.data_quality.rating.scale_min, rule.data_quality.rating.scale_max
    count = len(rated)
    out = {}
    for name in names:
        value = cells.number(row.values[name])
        if value is None or not value.is_integer() or not low <= value <= high:
            row.problem(
                problems,
                name,
                f"数据质量评分“{row.text(name)}”应为 {low}–{high} 的整数（{count} 项须全部填写）",
                f"data-quality score '{row.text(name)}' must be a whole number {low} to {high} "
                f"(all {count} or none)",
            )
            continue
        out[name] = int(value)
    return out if len(out) == count else None


def _uncertainty(row: _Row, value: float, problems: _Problems) -> dict[str, Any] | None:
    """The distribution of one value, with the parameters it needs and no others."""
    given = {k: row.text(k) for k in ("spread", "low", "high") if k in row.columns and row.text(k)}
    if "distribution" not in row.columns or not row.text("distribution"):
        if given:
            row.problem(
                problems,
                "distribution",
                "填写了不确定性参数但未选择分布",
                "uncertainty parameters without a distribution",
            )
        return None
    distribution = _choice(row, "distribution", layout.DISTRIBUTIONS, problems)
    if distribution is None:
        return None
    needs = ("spread",) if distribution in ("lognormal", "normal") else ("low", "high")
    numbers: dict[str, float] = {}
    for key in needs:
        parsed = cells.number(row.values.get(key)) if key in row.columns else None
        if parsed is None or (key == "spread" and parsed <= 0):
            column = key if key in row.columns else "distribution"
            row.problem(
                problems,
                column,
                f"{layout.DISTRIBUTIONS[distribution].zh}分布需要数值“{_label(key, 'zh')}”（正数）",
                f"a {distribution} distribution needs a number in '{_label(key, 'en')}' (positive)",
            )
            return None
        numbers[key] = parsed
    if distribution in ("lognormal", "normal"):
        return {
            "distribution": distribution,
            "sigma" if distribution == "lognormal" else "sd": numbers["spread"],
        }
    if not numbers["low"] <= value <= numbers["high"] or numbers["low"] == numbers["high"]:
        row.problem(
            problems,
            "low",
            f"下限和上限应包含数值 {value:g}（下限 < 上限）",
            f"low and high must enclose the value {value:g} (low < high)",
        )
        return None
    return {"distribution": distribution, "low": numbers["low"], "high": numbers["high"]}


def _label(key: str, lang: Lang) -> str:
    return next(c.label(lang) for c in layout.ITEM_COLUMNS if c.key == key)


def _parameters(sheet: Worksheet, rule: RuleStandard, problems: _Problems) -> dict[str, Any]:
    params = rule.parameters()
    out: dict[str, Any] = {}
    seen: dict[str, _Row] = {}
    for row in _table(sheet, layout.PARAMETER_COLUMNS, ("id", "value"), problems):
        pid = row.text("id")
        if pid not in params:
            if row.text("value"):
                row.problem(
                    problems,
                    "id",
                    f"“{pid}”不是本规则的参数",
                    f"'{pid}' is not a parameter of this rule",
                )
            continue
        if _again(pid, row, seen, problems):
            continue
        parameter = params[pid]
        if not row.text("value"):
            if parameter.user_supplied:
                row.problem(
                    problems,
                    "value",
                    f"参数“{parameter.name.zh}”（{pid}）须由用户提供",
                    f"parameter '{parameter.name.en}' ({pid}) must be supplied",
                )
            continue
        entry = _parameter_row(row, parameter, problems)
        if entry is not None:
            out[pid] = entry
    problems.places.update({f"parameters.{k}": row.place("value") for k, row in seen.items()})
    return out


def _not_a_number(row: _Row, key: str, problems: _Problems) -> None:
    """Say why a cell is no number: infinite or NaN (``1e999`` in the file), or not one at all."""
    raw, written = row.values[key], row.text(key)
    if isinstance(raw, float) and not math.isfinite(raw):
        zh = f"“{written}”不是有限数字（NaN 或无穷大）"
        en = f"'{written}' is not a finite number (NaN or infinite)"
    else:
        zh = f"“{written}”不是数字（可写 36800、36,800 或 3.6万）"
        en = f"'{written}' is not a number (write 36800, 36,800 or 3.6万)"
    row.problem(problems, key, zh, en)


def _parameter_row(row: _Row, parameter: Parameter, problems: _Problems) -> dict[str, Any] | None:
    value = cells.number(row.values["value"])
    if value is None:
        _not_a_number(row, "value", problems)
        return None
    year = cells.number(row.values.get("year"))
    if not row.text("source") or year is None or not year.is_integer():
        column = "source" if not row.text("source") else "year"
        row.problem(
            problems,
            column if column in row.columns else "value",
            "参数须给出数值、来源和年份",
            "a parameter needs a number, a source and a year",
        )
        return None
    written = row.text("unit") or parameter.unit
    unit = layout.unit_read(written)
    if not is_valid_unit(unit) or not same_dimension(unit, parameter.unit):
        row.problem(
            problems,
            "unit" if "unit" in row.columns else "value",
            f"单位“{written}”不能换算为“{parameter.unit}”",
            f"unit '{written}' does not convert to '{parameter.unit}'",
        )
        return None
    return {"value": value, "unit": unit, "source": row.text("source"), "year": int(year)}


def _exclusions(sheet: Worksheet, problems: _Problems) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in _table(sheet, layout.EXCLUSION_COLUMNS, ("share",), problems):
        share = cells.number(row.values["share"])
        if share is None or not 0 <= share <= 100:
            row.problem(
                problems,
                "share",
                "估计占比应为 0–100 的数字",
                "the estimated share must be a number from 0 to 100",
            )
            continue
        zh, en = row.text("name_zh"), row.text("name_en")
        problems.places[f"exclusions[{len(out)}]"] = row.place("share")
        out.append({"item": {"zh": zh or en, "en": en or zh}, "estimated_share_percent": share})
    return out


def _labels(columns: tuple[layout.Column, ...]) -> dict[str, str]:
    """Label → key, the labels read as a cell's text is (full-width forms made ordinary)."""
    return {cells.text(label): key for label, key in layout.labels(columns).items()}
