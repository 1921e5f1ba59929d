"""Results (and their Monte Carlo draws) as CSV or xlsx, for spreadsheets and archives."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from pcfrules.errors import Location, StudyError
from pcfrules.files import write_atomically

BREAKDOWNS = ("by_origin", "by_gas", "by_stage", "by_process")


def rows(result: dict[str, Any]) -> list[list[Any]]:
    """Long-format rows: table, key, sub-key, value, unit."""
    out: list[list[Any]] = [["total", "total", "", result["total"]["value"], "kg CO2e"]]
    for table in BREAKDOWNS:
        out += [[table, key, "", value, "kg CO2e"] for key, value in result[table].items()]
    for origin, gases in result["inventory"].items():
        out += [["inventory", origin, gas, mass, "kg"] for gas, mass in gases.items()]
    draws = (result.get("uncertainty") or {}).get("draws") or []
    out += [["draw", str(i + 1), "", value, "kg CO2e"] for i, value in enumerate(draws)]
    return out


def export_table(result: dict[str, Any], path: Path) -> Path:
    """Write ``result`` to ``path`` (.csv or .xlsx) atomically."""
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise StudyError(
            zh="导出格式应为 .csv 或 .xlsx",
            en="export to .csv or .xlsx",
            location=Location(file=str(path)),
        )
    header = ["table", "key", "sub_key", "value", "unit"]
    if suffix == ".csv":
        return write_atomically(path, lambda tmp: _csv(result, header, tmp))
    return write_atomically(path, lambda tmp: _xlsx(result, header, tmp))


def _csv(result: dict[str, Any], header: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows(result))


def _xlsx(result: dict[str, Any], header: list[str], path: Path) -> None:
    book = Workbook()
    book.active.title = "summary"
    book.active.append(header)
    sheets: dict[str, Any] = {"summary": book.active}
    for row in rows(result):
        name = {"total": "summary", "draw": "draws"}.get(row[0], row[0])
        if name not in sheets:
            sheets[name] = book.create_sheet(name)
            sheets[name].append(header)
        sheets[name].append(row)
    rule = result.get("rule") or {}
    sheets["summary"].append([])
    sheets["summary"].append(
        ["rule", rule.get("id", "—"), rule.get("version", ""), rule.get("fingerprint", ""), ""]
    )
    sheets["summary"].append(["gwp_set", result["gwp_set"], "", "", ""])
    book.save(path)
