"""Results (and their Monte Carlo draws) as CSV or xlsx, for spreadsheets and archives.

Both formats hold the same long rows (table, key, sub-key, value, unit); the xlsx puts each
table on its own sheet. :func:`table_bytes` renders, :func:`export_table` writes by suffix.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pcfrules.errors import Location, StudyError
from pcfrules.files import write_bytes
from pcfrules.studies import Result

FORMATS = ("csv", "xlsx")
HEADER = ["table", "key", "sub_key", "value", "unit"]


def rows(result: Result) -> list[list[Any]]:
    """Long-format rows: table, key, sub-key, value, unit."""
    breakdowns: dict[str, dict[Any, float]] = {
        "by_origin": result.by_origin,
        "by_gas": result.by_gas,
        "by_stage": result.by_stage,
        "by_process": result.by_process,
    }
    out: list[list[Any]] = [["total", "total", "", result.total.value, "kg CO2e"]]
    for table, values in breakdowns.items():
        out += [[table, key, "", value, "kg CO2e"] for key, value in values.items()]
    for origin, gases in result.inventory.items():
        out += [["inventory", origin, gas, mass, "kg"] for gas, mass in gases.items()]
    draws = result.uncertainty.draws if result.uncertainty else []
    out += [["draw", str(i + 1), "", value, "kg CO2e"] for i, value in enumerate(draws)]
    return out


def table_bytes(result: Result, fmt: str) -> bytes:
    """The result as a ``csv`` (UTF-8 with BOM, for Excel) or ``xlsx`` file's bytes."""
    if fmt == "csv":
        return _csv(result)
    if fmt == "xlsx":
        return _xlsx(result)
    raise _unknown_format(Location(path="fmt"))


def export_table(result: Result, path: Path) -> Path:
    """Write ``result`` to ``path`` (.csv or .xlsx, by its suffix) atomically."""
    fmt = path.suffix.lower().removeprefix(".")
    if fmt not in FORMATS:
        raise _unknown_format(Location(file=str(path)))
    return write_bytes(path, table_bytes(result, fmt), StudyError)


def _unknown_format(location: Location) -> StudyError:
    return StudyError(
        zh="导出格式应为 .csv 或 .xlsx", en="export to .csv or .xlsx", location=location
    )


def _csv(result: Result) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(rows(result))
    return text.getvalue().encode("utf-8-sig")


def _xlsx(result: Result) -> bytes:
    book = Workbook()
    summary: Worksheet = book.active
    summary.title = "summary"
    summary.append(HEADER)
    sheets = {"summary": summary}
    for row in rows(result):
        name = {"total": "summary", "draw": "draws"}.get(row[0], row[0])
        if name not in sheets:
            sheets[name] = book.create_sheet(name)
            sheets[name].append(HEADER)
        sheets[name].append(row)
    rule = result.rule
    summary.append([])
    summary.append(
        ["rule", rule.id, rule.version, rule.fingerprint, ""] if rule else ["rule", "—", "", "", ""]
    )
    summary.append(["gwp_set", result.gwp_set, "", "", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
