"""The EU CBAM communication template for installations, filled from a CBAM result.

The template (version 2024-12-13) is formula-driven: the operator's entries in A_InstData,
B_EmInst, C_Emissions&Energy, D_Processes and E_PurchPrec feed the summaries. So this module
writes only those input cells and leaves every formula, list, validation and format of the
official file untouched: it edits the cells in the workbook's XML in place (openpyxl would
drop the template's extensions) and asks the spreadsheet to recalculate on opening. The
operator downloads the template from the Commission; its layout is checked before filling.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, unescape

from openpyxl import load_workbook

from pcfrules.datasets import cbam_goods
from pcfrules.errors import CbamTemplateError, Location
from pcfrules.files import write_bytes
from pcfrules.limits import INPUT_BYTES, WORKBOOK_BYTES

TEMPLATE_VERSION = "2024-12-13"
MAX_STREAMS, MAX_PFC, MAX_PRECURSORS = 75, 10, 20
METHOD = {
    "combustion": "Combustion",
    "process": "Process emissions",
    "mass_balance": "Mass Balance",
}
BASIS = {"measured": "Measured", "default": "Default", "unknown": "Unknown"}
# Label cells whose English text identifies the template's layout (sheet, cell, text).
LAYOUT = (
    ("B_EmInst", "F13", "Activity data (AD)"),
    ("D_Processes", "E54", "Directly attributable emissions (DirEm*)"),
    ("E_PurchPrec", "E49", "Specific embedded direct emissions (SEE (direct))"),
    ("Summary_Processes", "H100", "SEE (direct)"),
)
Cells = dict[tuple[str, str], Any]
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def fill_template(cbam: Mapping[str, Any], template: Path) -> bytes:
    """The bytes of ``template`` (the official xlsx) with ``cbam``'s figures in its input cells.

    ``cbam`` is a ``pcfrules.cbam/1`` result (``pcfrules.studies.cbam.embedded_emissions``);
    what goes where is :func:`input_cells`.
    """
    raw = _read(template)
    countries = _check_layout(raw, template)
    parts = _unzip(raw)
    cells = input_cells(cbam, countries)
    for sheet, xml_name in _sheet_files(parts).items():
        mine = {ref: v for (s, ref), v in cells.items() if s == sheet}
        if mine:
            parts[xml_name] = _patch(parts[xml_name].decode("utf-8"), mine, sheet).encode()
    parts["xl/workbook.xml"] = _recalculate_on_open(parts["xl/workbook.xml"].decode()).encode()
    return _zip(parts)


def write_filled_template(cbam: Mapping[str, Any], template: Path, out: Path) -> Path:
    """Write the filled template to ``out`` atomically (nothing is written on a refusal)."""
    return write_bytes(out, fill_template(cbam, template), CbamTemplateError)


def input_cells(cbam: Mapping[str, Any], countries: Mapping[str, str]) -> Cells:
    """Every input cell of the template, from the result: {(sheet, cell): value}."""
    cells: Cells = {}
    cells.update(_installation(cbam, countries))
    cells.update(_source_streams(cbam))
    cells.update(_process(cbam))
    cells.update(_precursors(cbam))
    return cells


def _installation(cbam: Mapping[str, Any], countries: Mapping[str, str]) -> Cells:
    inst, period, good = cbam["installation"], cbam["reporting_period"], cbam["good"]
    country = countries.get(inst["country"])
    if country is None:
        raise _error(
            "installation.country",
            f"“{inst['country']}”不是模板中的国家代码",
            f"'{inst['country']}' is not a country code of the template",
        )
    fields = {
        "I20": inst["name"],
        "I21": inst["street"],
        "I22": inst["economic_activity"],
        "I23": inst["post_code"],
        "I25": inst["city"],
        "I26": country,
        "I27": inst["unlocode"],
        "I28": inst["latitude"],
        "I29": inst["longitude"],
        "I30": inst["representative"],
        "I31": inst["email"],
        "I32": inst["phone"],
    }
    cells: Cells = {("A_InstData", k): v for k, v in fields.items() if v not in ("", None)}
    cells[("A_InstData", "I9")] = date.fromisoformat(period["start"])
    cells[("A_InstData", "L9")] = date.fromisoformat(period["end"])
    cells[("A_InstData", "E62")] = _template_good(good["category"])
    if good["route"]:
        cells[("A_InstData", "I62")] = good["route"]
    cells[("A_InstData", "E83")] = _template_good(good["category"])
    cells[("A_InstData", "F83")] = _template_good(good["category"])
    cells[("A_InstData", "L83")] = process_name(cbam)
    cells[("Summary_Products", "D10")] = process_name(cbam)
    cells[("Summary_Products", "F10")] = good["cn_code"]
    if cbam["product"]:
        cells[("Summary_Products", "H10")] = cbam["product"]
    return cells


def process_name(cbam: Mapping[str, Any]) -> str:
    """The name of the one production process the template receives."""
    return f"{cbam['good']['category']} production"


def _source_streams(cbam: Mapping[str, Any]) -> Cells:
    streams, pfcs = cbam["source_streams"], cbam["pfc"]
    if len(streams) > MAX_STREAMS or len(pfcs) > MAX_PFC:
        raise _error(
            "source_streams",
            "源流或 PFC 行数超过模板容量",
            f"the template holds {MAX_STREAMS} source streams and {MAX_PFC} PFC rows",
        )
    cells: Cells = {}
    for row, stream in enumerate(streams, start=17):
        values = {
            "D": METHOD[stream["method"]],
            "E": stream["name"],
            "F": stream["activity"],
            "G": stream["activity_unit"],
            "H": stream.get("ncv"),
            "J": stream.get("emission_factor"),
            "K": stream.get("emission_factor_unit"),
            "L": stream.get("carbon_content"),
            "N": _percent(stream.get("oxidation_factor")),
            "P": _percent(stream.get("conversion_factor")),
            "R": _percent(stream["biomass_fraction"]),
        }
        cells.update({("B_EmInst", f"{c}{row}"): v for c, v in values.items() if v is not None})
    for row, pfc in enumerate(pfcs, start=98):
        # The rule gives anode-effect minutes per cell-day (frequency × duration): entered as
        # the frequency with a duration of one minute, whose product the slope method uses.
        values = {
            "D": "Slope method",
            "E": pfc["technology"],
            "F": pfc["production_t"],
            "AG": pfc["anode_effect_minutes_per_cell_day"],
            "AH": 1.0,
            "AI": pfc["slope_cf4"],
            "AM": pfc["ratio_c2f6"],
        }
        cells.update({("B_EmInst", f"{c}{row}"): v for c, v in values.items()})
    cells[("C_Emissions&Energy", "M26")] = cbam["indirect_emissions_tCO2"]
    if cbam["nitrous_oxide"]:  # installation N2O total as the sheet's manual entry (t CO2e)
        cells[("C_Emissions&Energy", "J26")] = sum(n["tCO2e"] for n in cbam["nitrous_oxide"])
    return cells


def _process(cbam: Mapping[str, Any]) -> Cells:
    """Production process 1 of D_Processes: the good, its DirEm*, electricity and waste gas."""
    waste_gas = cbam["waste_gas_exported_TJ"]
    values: dict[str, Any] = {
        "L16": cbam["production"],
        "L27": cbam["production"],
        "L41": 0.0,
        "K50": False,
        "L50": waste_gas > 0,
        "L54": cbam["direct_emissions_tCO2e"],
        "L65": cbam["electricity_MWh"],
        "L66": cbam["electricity_factor_tCO2_per_MWh"],
        "L71": 0.0,
    }
    if waste_gas > 0:
        values.update({"L61": 0.0, "M61": waste_gas})
    if cbam["electricity_factor_source"]:
        values["L67"] = cbam["electricity_factor_source"]
    return {("D_Processes", ref): v for ref, v in values.items()}


def _precursors(cbam: Mapping[str, Any]) -> Cells:
    used = [p for p in cbam["precursors"] if p["amount"] > 0]
    if len(used) > MAX_PRECURSORS:
        raise _error(
            "precursors",
            "外购前体超过模板容量",
            f"the template holds {MAX_PRECURSORS} purchased precursors",
        )
    cells: Cells = {}
    for k, p in enumerate(used):
        row, top = 102 + k, 14 + 44 * k
        cells.update(
            {
                ("A_InstData", f"E{row}"): _template_good(p["good"]),
                ("A_InstData", f"F{row}"): p["country"],
                ("A_InstData", f"L{row}"): p["id"],
            }
        )
        if p["route"]:
            cells[("A_InstData", f"G{row}")] = p["route"]
        basis = BASIS[p["basis"]]
        block = {
            17: p["amount"],
            28: p["amount"],
            38: 0.0,
            49: p["see_direct"],
            50: p["specific_electricity"],
            51: p["electricity_factor"],
        }
        cells.update({("E_PurchPrec", f"L{top + off - 14}"): v for off, v in block.items()})
        cells.update({("E_PurchPrec", f"M{top + off - 14}"): basis for off in (49, 50)})
        if p["electricity_factor_source"]:
            cells[("E_PurchPrec", f"M{top + 51 - 14}")] = p["electricity_factor_source"]
    return cells


def _template_good(name: str) -> str:
    """The category as the template spells it (it keeps a trailing space on one)."""
    return cbam_goods()[name.strip()].name


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else fraction * 100


_CELL = re.compile(r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</c>)', re.S)


def _patch(xml: str, values: Mapping[str, Any], sheet: str) -> str:
    """Set the cells ``values`` in one sheet's XML; every other byte stays as it was."""
    written: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        ref = match.group("ref")
        if ref not in values:
            return match.group(0)
        if "<f" in (match.group("body") or ""):
            raise _not_input(sheet, ref)
        written.add(ref)
        attrs = re.sub(r'\s+t="[^"]*"', "", match.group("attrs")).rstrip()
        return _cell(ref, attrs, values[ref])

    xml = _CELL.sub(replace, xml)
    missing = sorted(set(values) - written)
    if missing:
        raise _not_input(sheet, missing[0])
    return xml


def _not_input(sheet: str, ref: str) -> CbamTemplateError:
    return CbamTemplateError(
        zh=f"模板工作表“{sheet}”的单元格 {ref} 不是空白输入单元格",
        en=f"cell {ref} of sheet '{sheet}' is not an empty input cell of the template",
        location=Location(path=f"{sheet}!{ref}"),
    )


def _cell(ref: str, attrs: str, value: Any) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}"{attrs} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date):
        serial = (value - date(1899, 12, 30)).days
        return f'<c r="{ref}"{attrs}><v>{serial}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{attrs}><v>{float(value)!r}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}"{attrs} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _recalculate_on_open(workbook_xml: str) -> str:
    """Ask Excel and LibreOffice to recompute every formula when the file is opened."""
    if "fullCalcOnLoad" in workbook_xml:
        return workbook_xml
    return re.sub(r"<calcPr\b", '<calcPr fullCalcOnLoad="1"', workbook_xml, count=1)


def _read(template: Path) -> bytes:
    """The template's bytes, read once for the layout check and for the copy.

    Bounded like any workbook pcfrules opens: the file by :data:`~pcfrules.limits.INPUT_BYTES`
    and what its zip inflates to by :data:`~pcfrules.limits.WORKBOOK_BYTES` (the official
    template of 2024-12-13 inflates to about 10 MB), checked before anything is inflated.
    """
    where = Location(file=str(template))
    try:
        if template.is_file():
            INPUT_BYTES.check(template.stat().st_size, CbamTemplateError, where)
        raw = template.read_bytes()
        with zipfile.ZipFile(BytesIO(raw)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise CbamTemplateError(
            zh=f"无法读取 CBAM 模板：{exc}",
            en=f"cannot read the CBAM template: {exc}",
            location=where,
        ) from exc
    WORKBOOK_BYTES.check(inflated, CbamTemplateError, where)
    return raw


def _unzip(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(raw)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: Mapping[str, bytes]) -> bytes:
    """The parts as an xlsx; every entry dated at the zip epoch, so equal inputs give equal bytes."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_EPOCH), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _sheet_files(parts: Mapping[str, bytes]) -> dict[str, str]:
    """Sheet name → its XML part, from the workbook and its relationships."""
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    targets = {}
    for element in re.findall(r"<Relationship\b[^>]*>", rels):
        rid, target = re.search(r'Id="([^"]+)"', element), re.search(r'Target="([^"]+)"', element)
        if rid and target:
            targets[rid.group(1)] = "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
    sheets = re.findall(r'<sheet name="([^"]+)"[^>]*?r:id="([^"]+)"', workbook)
    return {unescape(name): targets[rid] for name, rid in sheets}


def _check_layout(raw: bytes, path: Path) -> dict[str, str]:
    """Verify the label cells we rely on; return the template's country code → name list."""
    try:
        book = load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not xlsx
        raise CbamTemplateError(
            zh=f"无法作为 xlsx 工作簿打开：{exc}",
            en=f"cannot open as an xlsx workbook: {exc}",
            location=Location(file=str(path)),
        ) from exc
    for sheet, ref, text in LAYOUT:
        found = book[sheet][ref].value if sheet in book.sheetnames else None
        if found != text:
            raise CbamTemplateError(
                zh=f"不是 {TEMPLATE_VERSION} 版 CBAM 设施通报模板：{sheet}!{ref} 应为“{text}”",
                en=f"not the CBAM communication template for installations of "
                f"{TEMPLATE_VERSION}: {sheet}!{ref} should read '{text}', found '{found}'",
                location=Location(file=str(path), path=f"{sheet}!{ref}"),
            )
    codes = book["c_CodeLists"]
    countries = {
        str(code): str(name)
        for code, name in codes.iter_rows(
            min_row=11, max_row=277, min_col=6, max_col=7, values_only=True
        )
        if code and name
    }
    book.close()
    return countries


def _error(path: str, zh: str, en: str) -> CbamTemplateError:
    return CbamTemplateError(zh=zh, en=en, location=Location(path=path))
