"""The data-collection workbook a rule generates for the enterprises that apply it.

Sheets, headers, labels and dropdowns are in one language — Chinese by default, English on
request — because the person filling it reads one. Sheets: instructions (with the rule's
id, version, fingerprint and source), the study's identity and period, one per life-cycle
stage with a row per activity item (value, unit, primary/secondary, source, period, the
four data-quality scores, an uncertainty distribution and its parameters; the default beside
what must be measured), the meaning of each data-quality score, the parameters the user
supplies or overrides, and inputs left out under the cut-off. Every sheet prints on A4,
one page wide, its header row repeated.

The layout lives here once: the import in ``pcfrules.studies.workbook`` finds each sheet,
row and column by the labels below (in either language), never by position, so a workbook
re-saved by LibreOffice or Excel, or with a column moved, reads the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from pcfrules.errors import Location, RenderRefusedError
from pcfrules.files import write_bytes
from pcfrules.rules.model import ActivityItem, Lang, RuleStandard, Text
from pcfrules.rules.render import missing_text
from pcfrules.rules.render.labels import DQ_INDICATORS as DQ_INDICATOR_NAMES
from pcfrules.rules.render.units import NAMES_ZH
from pcfrules.rules.sources import FoundRule, RuleOrigin
from pcfrules.units import parse_unit, same_dimension


@dataclass(frozen=True)
class Column:
    """A labelled column (or field) of the workbook: its key, its label in each language."""

    key: str
    zh: str
    en: str
    width: float = 12

    def label(self, lang: Lang) -> str:
        """The label in ``lang``."""
        return self.zh if lang == "zh" else self.en


SHEETS = {
    "info": Text(zh="说明", en="Instructions"),
    "study": Text(zh="研究信息", en="Study"),
    "quality": Text(zh="数据质量评分", en="Data-quality scores"),
    "parameters": Text(zh="参数", en="Parameters"),
    "cutoff": Text(zh="取舍", en="Cut-off"),
}
META = (
    Column("rule", "规则编号", "Rule"),
    Column("version", "版本", "Version"),
    Column("fingerprint", "指纹（SHA-256）", "Fingerprint (SHA-256)"),
    Column("source", "规则来源", "Rule source"),
    Column("language", "语言", "Language"),
)
STUDY_FIELDS = (
    Column("enterprise_zh", "企业名称（中文）", "Enterprise (Chinese)"),
    Column("enterprise_en", "企业名称（英文）", "Enterprise (English)"),
    Column("product_zh", "产品名称（中文）", "Product (Chinese)"),
    Column("product_en", "产品名称（英文）", "Product (English)"),
    Column("period_start", "数据期开始（年-月-日）", "Period start (YYYY-MM-DD)"),
    Column("period_end", "数据期结束（年-月-日）", "Period end (YYYY-MM-DD)"),
)
DQ_INDICATORS = ("time", "geography", "technology", "precision")
ITEM_COLUMNS = (
    Column("id", "编号", "Id", 20),
    Column("process", "单元过程", "Process", 14),
    Column("name", "名称", "Name", 22),
    Column("value", "数值", "Value", 13),
    Column("unit", "单位", "Unit", 10),
    Column("data_type", "数据类型", "Data type", 10),
    Column("source", "数据来源", "Source", 16),
    Column("period", "数据期", "Period", 12),
    Column("time", "时间代表性", "DQ time", 7),
    Column("geography", "地理代表性", "DQ geography", 7),
    Column("technology", "技术代表性", "DQ technology", 7),
    Column("precision", "精度", "DQ precision", 7),
    Column("distribution", "不确定性分布", "Uncertainty distribution", 11),
    Column("spread", "σ 或标准差", "σ or sd", 8),
    Column("low", "下限", "Low", 8),
    Column("high", "上限", "High", 8),
    Column("default", "默认值", "Default", 14),
    Column("mandatory", "必填", "Mandatory", 7),
    Column("measurement", "获取方法", "How measured", 30),
)
PARAMETER_COLUMNS = (
    Column("id", "编号", "Id", 24),
    Column("name", "名称", "Name", 30),
    Column("value", "数值", "Value", 13),
    Column("unit", "单位", "Unit", 10),
    Column("source", "来源", "Source", 28),
    Column("year", "年份", "Year", 8),
    Column("default", "规则默认值", "Rule default", 44),
    Column("required", "须填写", "Required", 10),
)
EXCLUSION_COLUMNS = (
    Column("name_zh", "被取舍的输入（中文）", "Input left out (Chinese)", 36),
    Column("name_en", "被取舍的输入（英文）", "Input left out (English)", 36),
    Column("share", "估计占比（%）", "Estimated share (%)", 18),
)
QUALITY_COLUMNS = (
    Column("score", "评分", "Score", 8),
    *(c for c in ITEM_COLUMNS if c.key in DQ_INDICATORS),
)
SCORE_COLUMN = QUALITY_COLUMNS[0]


def criteria(rule: RuleStandard) -> tuple[str, ...]:
    """The data-quality criteria a study scores under ``rule`` (its rating's), in its order.

    A rule that names none is scored on the four of :data:`DQ_INDICATORS`.
    """
    return tuple(rule.data_quality.rating.criteria) or DQ_INDICATORS


def dq_column(key: str) -> Column:
    """The score column of data-quality criterion ``key``, headed in both languages."""
    shown = next((c for c in ITEM_COLUMNS if c.key == key), None)
    names = DQ_INDICATOR_NAMES[key]
    return shown or Column(key, names[0], f"DQ {names[1]}", 9)


def dq_columns(rule: RuleStandard) -> tuple[Column, ...]:
    """One score column per criterion of the rule's rating, in the rule's order."""
    return tuple(dq_column(key) for key in criteria(rule))


def item_columns(rule: RuleStandard) -> tuple[Column, ...]:
    """The columns of a stage sheet: :data:`ITEM_COLUMNS` with the rule's score columns."""
    first = next(i for i, c in enumerate(ITEM_COLUMNS) if c.key in DQ_INDICATORS)
    others = tuple(c for c in ITEM_COLUMNS if c.key not in DQ_INDICATORS)
    return (*others[:first], *dq_columns(rule), *others[first:])


DATA_TYPES = {
    "primary": Text(zh="初级数据", en="primary"),
    "secondary": Text(zh="次级数据", en="secondary"),
}
DISTRIBUTIONS = {
    "lognormal": Text(zh="对数正态", en="lognormal"),
    "normal": Text(zh="正态", en="normal"),
    "triangular": Text(zh="三角", en="triangular"),
    "uniform": Text(zh="均匀", en="uniform"),
}
YES, NO = Text(zh="是", en="yes"), Text(zh="否", en="no")
# What each score means: the pedigree matrix of the ecoinvent data-quality guideline
# (Weidema et al. 2013, Table 10.5), for the four indicators the rules' DQR scores.
DQ_SCALE_SOURCE = Text(
    zh="评分含义引自：Weidema B.P. 等，ecoinvent 第 3 版数据质量指南（2013），表 10.5 谱系矩阵。",
    en="Meanings from the pedigree matrix of Weidema B.P. et al., Data quality guideline for "
    "the ecoinvent database version 3 (2013), Table 10.5.",
)
DQ_SCALE: dict[str, tuple[Text, Text, Text, Text, Text]] = {
    "time": (
        Text(zh="与数据期相差不到 3 年", en="less than 3 years from the data period"),
        Text(zh="相差不到 6 年", en="less than 6 years"),
        Text(zh="相差不到 10 年", en="less than 10 years"),
        Text(zh="相差不到 15 年", en="less than 15 years"),
        Text(zh="年份不明或相差 15 年以上", en="age unknown or more than 15 years"),
    ),
    "geography": (
        Text(zh="所研究区域的数据", en="data from the area under study"),
        Text(
            zh="包含所研究区域的更大区域的平均数据", en="average of a larger area that includes it"
        ),
        Text(zh="生产条件相似区域的数据", en="an area with similar production conditions"),
        Text(zh="生产条件略相似区域的数据", en="an area with slightly similar conditions"),
        Text(zh="区域不明", en="unknown area"),
    ),
    "technology": (
        Text(
            zh="所研究企业、工艺和材料的数据", en="the enterprises, processes and materials studied"
        ),
        Text(
            zh="相同工艺和材料、不同企业的数据",
            en="the same processes and materials, other enterprises",
        ),
        Text(
            zh="相同工艺和材料、不同技术的数据",
            en="the same processes and materials, other technology",
        ),
        Text(zh="相关工艺或材料的数据", en="related processes or materials"),
        Text(
            zh="实验室规模或不同技术的相关工艺数据",
            en="related processes at laboratory scale or other technology",
        ),
    ),
    "precision": (
        Text(zh="经核实的实测数据", en="verified data based on measurements"),
        Text(
            zh="部分基于假设的核实数据，或未核实的实测数据",
            en="verified, partly assumed; or unverified measurements",
        ),
        Text(
            zh="部分基于合格估计的未核实数据",
            en="unverified data partly based on qualified estimates",
        ),
        Text(zh="合格估计（如行业专家估计）", en="qualified estimate (e.g. by an industry expert)"),
        Text(zh="非合格估计", en="non-qualified estimate"),
    ),
}
# Units a plant may write instead of the rule's (same dimension), and the Chinese names the
# zh workbook shows in its dropdowns (GB 3100-1993 names; units.py reads every one of them).
UNIT_FAMILIES = [
    ["t", "kg", "g", "万吨"],
    ["kWh", "MWh", "万千瓦时", "GJ", "MJ", "TJ"],
    ["Nm3", "m3"],
    ["tkm", "kg*km"],
    ["kg/t", "t/t", "g/kg"],
    ["kg/GJ", "kg/TJ", "t/TJ"],
    ["kg/kWh", "kg/MWh", "g/kWh"],
    ["GJ/t", "MJ/kg", "MJ/t"],
    ["MJ/Nm3", "GJ/Nm3"],
    ["dimensionless", "%"],
    ["kg/tkm", "g/tkm"],
]
UNIT_NAMES_ZH = {**NAMES_ZH, "dimensionless": "无量纲"}  # one table of names (GB 3100)
HEADER = PatternFill("solid", fgColor="1F4E79")
TO_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_SHEET_NAME = 31
LINE_HEIGHT = 15  # points per line of 11-point text
FORBIDDEN_IN_SHEET_NAME = str.maketrans({c: " " for c in "[]:*?/\\"})


def build(found: FoundRule, path: Path, lang: Lang = "zh") -> Path:
    """Write the workbook of a rule to ``path`` (atomically)."""
    return write_bytes(path, workbook_bytes(found, lang))


def workbook_bytes(found: FoundRule, lang: Lang = "zh") -> bytes:
    """The workbook of a rule as xlsx bytes; it records the rule's id, version, text and source.

    A workbook in a language the rule has no names in (a stage, an item …) is refused,
    naming the field, rather than made with blank labels.
    """
    rule = found.rule
    missing = missing_text(rule, lang)
    if missing is not None:
        raise RenderRefusedError(
            zh=f"规则没有 {missing} 的文字，不能生成该语言的数据收集表",
            en=f"the rule has no text in {missing}: no workbook in that language",
            location=Location(path=missing),
        )
    names = sheet_names(rule, lang)
    book = Workbook()
    _instructions(book.active, rule, found.origin, lang, names)
    _study_sheet(book.create_sheet(names["study"]), lang)
    for stage in rule.boundary.stages:
        _stage_sheet(book.create_sheet(names[f"stage:{stage.id}"]), rule, stage.id, lang)
    _quality_sheet(book.create_sheet(names["quality"]), rule, lang)
    _parameter_sheet(book.create_sheet(names["parameters"]), rule, lang)
    _exclusion_sheet(book.create_sheet(names["cutoff"]), lang)
    for sheet in book.worksheets:
        _fit_rows(sheet)
        _print_layout(sheet, rule, lang)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_names(rule: RuleStandard, lang: Lang) -> dict[str, str]:
    """The sheet of each role (``info``, ``study``, …, ``stage:<id>``) in ``lang``.

    A stage's sheet is named by the stage's name in that language (Excel allows 31
    characters, none of them a bracket, colon, star, question mark or slash); two stages of one name are told apart by number.
    """
    names = {role: text.get(lang) for role, text in SHEETS.items()}
    taken = set(names.values())
    for stage in rule.boundary.stages:
        base = (stage.name.get(lang) or stage.id).translate(FORBIDDEN_IN_SHEET_NAME).strip()
        name, n = base[:MAX_SHEET_NAME], 1
        while name in taken:
            n += 1
            name = f"{base[: MAX_SHEET_NAME - 3]} {n}"
        taken.add(name)
        names[f"stage:{stage.id}"] = name
    return names


def labels(columns: tuple[Column, ...]) -> dict[str, str]:
    """Label (in either language, trimmed) → key: how the import recognises a column."""
    return {label: c.key for c in columns for label in (c.zh, c.en)}


def compatible_units(unit: str, lang: Lang = "en") -> list[str]:
    """The rule's unit first, then common units of the same dimension (Chinese names in zh)."""
    out = [unit]
    for family in UNIT_FAMILIES:
        out += [u for u in family if u != unit and _converts(u, unit)]
    shown = [UNIT_NAMES_ZH.get(u, u) if lang == "zh" else u for u in out[:10]]
    return list(dict.fromkeys(shown))


def unit_written(unit: str, lang: Lang) -> str:
    """A unit as the workbook shows it in ``lang``."""
    return UNIT_NAMES_ZH.get(unit, unit) if lang == "zh" else unit


def unit_read(text: str) -> str:
    """A unit as written in a workbook, as the study records it (the symbol of a shown name)."""
    symbols = {zh: symbol for symbol, zh in UNIT_NAMES_ZH.items()}
    return symbols.get(text, text)


def _converts(a: str, b: str) -> bool:
    try:
        parse_unit(a)
    except Exception:
        return False
    return same_dimension(a, b)


def _header(sheet: Worksheet, columns: tuple[Column, ...], lang: Lang) -> None:
    sheet.append([c.label(lang) for c in columns])
    for cell, column in zip(sheet[sheet.max_row], columns, strict=True):
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER
        cell.border = GRID
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def _grid(sheet: Worksheet) -> None:
    """Thin borders and wrapped text on every cell below the header, so the print reads."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.border = GRID
            cell.alignment = WRAP


def _fit_rows(sheet: Worksheet) -> None:
    """Row heights that show every wrapped line (spreadsheets do not grow rows they open)."""
    merged = {c for r in sheet.merged_cells.ranges for c in r.cells}
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if cell.value is None or (cell.row, cell.column) in merged:
                continue
            width = sheet.column_dimensions[cell.column_letter].width or 8.43
            lines = max(lines, _lines(str(cell.value), width))
        sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines + 3


def _lines(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` characters wide (a CJK character is two)."""
    usable = max(width - 1.5, 1.0)
    return sum(
        max(1, math.ceil(sum(2 if ord(ch) > 0x2E7F else 1.1 for ch in part) / usable))
        for part in text.split("\n")
    )


def _print_layout(sheet: Worksheet, rule: RuleStandard, lang: Lang) -> None:
    """A4, one page wide (as many pages down as needed), the header row on every page."""
    wide = sheet.max_column > 4
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = f"{rule.identity.title.get(lang)} — {sheet.title}"
    sheet.oddFooter.center.text = "&P / &N"


def _instructions(
    sheet: Worksheet, rule: RuleStandard, origin: RuleOrigin, lang: Lang, names: dict[str, str]
) -> None:
    sheet.title = names["info"]
    stages = "、" if lang == "zh" else ", "
    stage_sheets = stages.join(names[f"stage:{s.id}"] for s in rule.boundary.stages)
    values = {
        "rule": rule.identity.id,
        "version": rule.identity.version,
        "fingerprint": rule.fingerprint(),
        "source": str(origin),
        "language": lang,
    }
    for field in META:
        sheet.append([field.label(lang), values[field.key]])
    unit = rule.unit
    guide = _GUIDE[lang]
    rows = [
        (guide["title"], rule.identity.title.get(lang)),
        (
            guide["unit"],
            f"{unit.quantity:g} {unit_written(unit.unit, lang)} — {unit.description.get(lang)}",
        ),
        (guide["how"], guide["how_text"].format(stages=stage_sheets, quality=names["quality"])),
        (guide["numbers"], guide["numbers_text"]),
        (guide["uncertainty"], guide["uncertainty_text"]),
        (guide["rating"], rule.data_quality.rating.method.get(lang)),
        (guide["import"], "pcfrules study import <file.xlsx> -o study.yaml"),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = WRAP
            cell.border = GRID
        row[0].font = Font(bold=True)


_GUIDE: dict[Lang, dict[str, str]] = {
    "zh": {
        "title": "规则名称",
        "unit": "声明单位",
        "how": "填写说明",
        "how_text": "在各生命周期阶段工作表（{stages}）的黄色“数值”列填写核算期内的活动数据，"
        "单位可从下拉列表中选择可换算的单位。“默认值”列有值的项目未实测时可留空，采用默认值；"
        "“必填”为“是”的项目不得留空。数据质量按 1（最好）至 5（最差）评分，四项须全部填写或全部留空，"
        "各分值含义见“{quality}”工作表。",
        "numbers": "数字写法",
        "numbers_text": "可填 36800、36,800 或 3.6万（万 = 10⁴，亿 = 10⁸）；单位可写符号（t、kWh）或中文名称"
        "（吨、千瓦时、万千瓦时）。",
        "uncertainty": "不确定性",
        "uncertainty_text": "如已知数值的不确定性，选择分布并填写参数（与数值同单位）：对数正态填 σ"
        "（ln 值的标准差）；正态填标准差；三角和均匀填下限与上限。未知时留空。",
        "rating": "数据质量评级方法",
        "import": "导入",
    },
    "en": {
        "title": "Rule title",
        "unit": "Declared unit",
        "how": "How to fill",
        "how_text": "Enter the activity data of the reference period in the yellow 'Value' column "
        "of each life-cycle-stage sheet ({stages}); pick a convertible unit from the list. An "
        "item with a default may be left empty when it is not measured; items marked mandatory "
        "must be filled. Data quality is scored 1 (best) to 5 (worst), all four scores or none; "
        "the '{quality}' sheet says what each score means.",
        "numbers": "Numbers",
        "numbers_text": "Write 36800, 36,800 or 3.6万 (万 = 10⁴, 亿 = 10⁸); units as symbols (t, kWh) "
        "or by their Chinese names (吨, 千瓦时).",
        "uncertainty": "Uncertainty",
        "uncertainty_text": "Where the value's uncertainty is known, pick a distribution and give its "
        "parameters in the value's unit: lognormal σ (standard deviation of ln value); normal "
        "standard deviation; triangular and uniform low and high. Leave empty otherwise.",
        "rating": "Data-quality rating",
        "import": "Import",
    },
}


def _study_sheet(sheet: Worksheet, lang: Lang) -> None:
    _header(sheet, (Column("field", "字段", "Field", 34), Column("value", "值", "Value", 50)), lang)
    for field in STUDY_FIELDS:
        sheet.append([field.label(lang), None])
        cell = sheet.cell(row=sheet.max_row, column=2)
        cell.fill = TO_FILL
        if field.key.startswith("period"):
            cell.number_format = "yyyy-mm-dd"
    _grid(sheet)


def _stage_sheet(sheet: Worksheet, rule: RuleStandard, stage_id: str, lang: Lang) -> None:
    columns = item_columns(rule)
    _header(sheet, columns, lang)
    col = {c.key: i for i, c in enumerate(columns, start=1)}
    rated = criteria(rule)
    low, high = rule.data_quality.rating.scale_min, rule.data_quality.rating.scale_max
    for indicator in rated:
        note = _scale_note(indicator, low, high, lang)
        if note:
            header = sheet.cell(row=1, column=col[indicator])
            header.comment = Comment(note, "pcfrules", width=300, height=160)
    choices = {
        "data_type": ",".join(t.get(lang) for t in DATA_TYPES.values()),
        "distribution": ",".join(t.get(lang) for t in DISTRIBUTIONS.values()),
    }
    lists = {key: _list(sheet, text) for key, text in choices.items()}
    scores = DataValidation(
        type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=True
    )
    scores.error = f"{low}–{high}" if lang == "zh" else f"{low} (best) to {high} (worst)"
    scores.showErrorMessage = True
    sheet.add_data_validation(scores)
    processes = rule.processes()
    for item in rule.data_collection.items:
        stage, process = processes[item.process]
        if stage.id != stage_id:
            continue
        sheet.append(_item_cells(item, process.name.get(lang), rule, lang))
        row = sheet.max_row
        units = _list(sheet, ",".join(compatible_units(item.unit, lang)))
        units.add(sheet.cell(row=row, column=col["unit"]))
        for key, validation in lists.items():
            validation.add(sheet.cell(row=row, column=col[key]))
        for indicator in rated:
            scores.add(sheet.cell(row=row, column=col[indicator]))
    _grid(sheet)
    for row in sheet.iter_rows(min_row=2):
        row[col["value"] - 1].fill = TO_FILL


def _item_cells(item: ActivityItem, process: str, rule: RuleStandard, lang: Lang) -> list[object]:
    default = rule.parameters().get(item.default) if item.default else None
    shown = ""
    if default is not None and default.value is not None:
        shown = f"{default.value:g} {unit_written(default.unit, lang)}"
    values = {
        "id": item.id,
        "process": process,
        "name": item.name.get(lang),
        "unit": unit_written(item.unit, lang),
        "data_type": DATA_TYPES[item.data_type].get(lang),
        "default": shown,
        "mandatory": (YES if item.mandatory and not default else NO).get(lang),
        "measurement": item.measurement.get(lang),
    }
    return [values.get(c.key) for c in item_columns(rule)]


def _list(sheet: Worksheet, choices: str) -> DataValidation:
    """A dropdown that warns (not blocks) on other text: the import checks it again."""
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    validation.errorStyle = "warning"
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    return validation


def _scale_note(indicator: str, low: int, high: int, lang: Lang) -> str:
    """What each score means, where the pedigree matrix says (its 1 … 5 scale only)."""
    if indicator not in DQ_SCALE or (low, high) != (1, 5):
        return ""
    return "\n".join(f"{n} — {t.get(lang)}" for n, t in enumerate(DQ_SCALE[indicator], start=1))


def _quality_sheet(sheet: Worksheet, rule: RuleStandard, lang: Lang) -> None:
    rated = criteria(rule)
    columns = (SCORE_COLUMN, *dq_columns(rule))
    _header(sheet, columns, lang)
    for column in range(2, len(columns) + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 30
    low, high = rule.data_quality.rating.scale_min, rule.data_quality.rating.scale_max
    pedigree = (low, high) == (1, 5)
    for score in range(low, high + 1):
        meanings = [
            DQ_SCALE[i][score - 1].get(lang) if pedigree and i in DQ_SCALE else "" for i in rated
        ]
        sheet.append([score, *meanings])
    required: dict[str, str] = {
        r.indicator: r.requirement.get(lang) for r in rule.data_quality.requirements
    }
    if any(required.get(i) for i in rated):
        sheet.append(
            [
                "本规则要求" if lang == "zh" else "This rule",
                *(required.get(i, "") for i in rated),
            ]
        )
    sheet.append([DQ_SCALE_SOURCE.get(lang)])
    end = max(len(columns), 2)
    sheet.merge_cells(
        start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=end
    )
    _grid(sheet)


def _parameter_sheet(sheet: Worksheet, rule: RuleStandard, lang: Lang) -> None:
    _header(sheet, PARAMETER_COLUMNS, lang)
    col = {c.key: i for i, c in enumerate(PARAMETER_COLUMNS, start=1)}
    for p in rule.inventory.parameters:
        default = ""
        if p.value is not None:
            default = f"{p.value:g} {unit_written(p.unit, lang)}（{p.source}，{p.year}）"
            if lang == "en":
                default = f"{p.value:g} {p.unit} ({p.source}, {p.year})"
        values = {
            "id": p.id,
            "name": p.name.get(lang),
            "unit": unit_written(p.unit, lang),
            "default": default,
            "required": (YES if p.user_supplied else NO).get(lang),
        }
        sheet.append([values.get(c.key) for c in PARAMETER_COLUMNS])
    _grid(sheet)
    for row, p in zip(sheet.iter_rows(min_row=2), rule.inventory.parameters, strict=True):
        if p.user_supplied:
            for key in ("value", "source", "year"):
                row[col[key] - 1].fill = TO_FILL


def _exclusion_sheet(sheet: Worksheet, lang: Lang) -> None:
    _header(sheet, EXCLUSION_COLUMNS, lang)
