"""The data-collection workbook a rule generates for the enterprises that apply it.

One sheet of instructions (zh/en), one for the study's identity and period, one per
life-cycle stage with a row per activity item (unit, primary/secondary, source, period,
data-quality scores; defaults shown beside what must be measured), one for parameters the
user supplies or overrides, and one for inputs left out under the cut-off. Dropdowns and
number checks are Excel data validations; the import in ``pcfrules.studies.workbook`` checks
everything again and names sheet, row and column.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pcfrules.files import write_bytes
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.sources import FoundRule, RuleOrigin
from pcfrules.units import parse_unit, same_dimension

INFO, STUDY, PARAMETERS, EXCLUSIONS = (
    "说明 Instructions",
    "研究 Study",
    "参数 Parameters",
    "取舍 Cut-off",
)
ITEM_COLUMNS = [
    "编号 Id",
    "单元过程 Process",
    "名称 Name (zh)",
    "Name (en)",
    "数值 Value",
    "单位 Unit",
    "数据类型 Data type",
    "来源 Source",
    "数据期 Period",
    "时间 DQ time",
    "地理 DQ geography",
    "技术 DQ technology",
    "精度 DQ precision",
    "默认值 Default",
    "必填 Mandatory",
    "获取方法 How measured",
]
VALUE, UNIT, DATA_TYPE, SOURCE, PERIOD, DQ_FIRST, DQ_LAST = 5, 6, 7, 8, 9, 10, 13
PARAMETER_COLUMNS = [
    "编号 Id",
    "名称 Name",
    "数值 Value",
    "单位 Unit",
    "来源 Source",
    "年份 Year",
    "规则默认值 Rule default",
    "须填写 Required",
]
UNIT_FAMILIES = [
    ["t", "kg", "g"],
    ["kWh", "MWh", "GJ", "MJ", "TJ"],
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
HEADER = PatternFill("solid", fgColor="1F4E79")
TO_FILL = PatternFill("solid", fgColor="FFF2CC")


def build(found: FoundRule, path: Path) -> Path:
    """Write the workbook of a rule to ``path`` (atomically)."""
    return write_bytes(path, workbook_bytes(found))


def workbook_bytes(found: FoundRule) -> bytes:
    """The workbook of a rule as xlsx bytes; it records the rule's id, version, text and source."""
    rule = found.rule
    book = Workbook()
    _instructions(book.active, rule, found.origin)
    _study_sheet(book.create_sheet(STUDY), rule)
    for stage in rule.boundary.stages:
        _stage_sheet(book.create_sheet(_sheet_name(stage.id)), rule, stage.id)
    _parameter_sheet(book.create_sheet(PARAMETERS), rule)
    _exclusion_sheet(book.create_sheet(EXCLUSIONS))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def stage_sheet_names(rule: RuleStandard) -> dict[str, str]:
    """Sheet name of each stage (Excel limits names to 31 characters)."""
    return {s.id: _sheet_name(s.id) for s in rule.boundary.stages}


def compatible_units(unit: str) -> list[str]:
    """The rule's unit first, then common units of the same dimension."""
    out = [unit]
    for family in UNIT_FAMILIES:
        out += [u for u in family if u != unit and _converts(u, unit)]
    return out[:8]


def _converts(a: str, b: str) -> bool:
    try:
        parse_unit(a)
    except Exception:
        return False
    return same_dimension(a, b)


def _sheet_name(stage_id: str) -> str:
    return stage_id[:31]


def _header(sheet: Worksheet, columns: list[str]) -> None:
    sheet.append(columns)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = sheet.cell(row=sheet.max_row + 1, column=1)


def _instructions(sheet: Worksheet, rule: RuleStandard, origin: RuleOrigin) -> None:
    sheet.title = INFO
    lines = [
        ("规则 Rule", rule.identity.id),
        ("版本 Version", rule.identity.version),
        ("指纹 Fingerprint", rule.fingerprint()),
        ("来源 Source", str(origin)),
        ("名称", rule.identity.title.zh),
        ("Title", rule.identity.title.en),
        (
            "声明单位 Unit",
            f"{rule.unit.quantity:g} {rule.unit.unit} — {rule.unit.description.zh}"
            f" / {rule.unit.description.en}",
        ),
        ("", ""),
        (
            "填写说明",
            "在每个生命周期阶段工作表的黄色“数值”列填写核算期内的活动数据；单位可从下拉列表中选择可换算的单位；"
            "未实测而采用默认值的项目可留空（见“默认值”列）；必填项不得留空。数据质量按 1（最好）至 5（最差）评分。",
        ),
        (
            "How to fill",
            "Enter the activity data of the reference period in the yellow 'Value' "
            "column of each life-cycle-stage sheet; pick a convertible unit from the "
            "list; an item left empty takes the default shown (if any); mandatory "
            "items must be filled. Data quality is scored 1 (best) to 5 (worst).",
        ),
        ("导入 Import", "pcfrules study import <this file> -o study.yaml"),
    ]
    for key, value in lines:
        sheet.append([key, value])
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 110
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row[0].font = Font(bold=True)


def _study_sheet(sheet: Worksheet, rule: RuleStandard) -> None:
    _header(sheet, ["字段 Field", "值 Value"])
    for field in (
        "企业名称 Enterprise (zh)",
        "Enterprise (en)",
        "产品 Product (zh)",
        "Product (en)",
        "数据期开始 Period start (YYYY-MM-DD)",
        "数据期结束 Period end (YYYY-MM-DD)",
    ):
        sheet.append([field, None])
        sheet.cell(row=sheet.max_row, column=2).fill = TO_FILL
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 50


def _stage_sheet(sheet: Worksheet, rule: RuleStandard, stage_id: str) -> None:
    _header(sheet, ITEM_COLUMNS)
    processes = rule.processes()
    params = rule.parameters()
    kinds = DataValidation(
        type="list",
        formula1='"primary,secondary"',
        allow_blank=True,
        error="primary or secondary",
        errorTitle="Data type",
    )
    scores = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2="5",
        allow_blank=True,
        error="1 (best) to 5 (worst)",
        errorTitle="DQ",
    )
    numbers = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        error="a number ≥ 0",
        errorTitle="Value",
    )
    for validation in (kinds, scores, numbers):
        sheet.add_data_validation(validation)
    for item in rule.data_collection.items:
        stage, process = processes[item.process]
        if stage.id != stage_id:
            continue
        default = params.get(item.default) if item.default else None
        sheet.append(
            [
                item.id,
                process.name.zh,
                item.name.zh,
                item.name.en,
                None,
                item.unit,
                item.data_type,
                None,
                None,
                None,
                None,
                None,
                None,
                f"{default.value:g} {default.unit}"
                if default and default.value is not None
                else "",
                "是 yes" if item.mandatory and not default else "否 no",
                f"{item.measurement.zh} / {item.measurement.en}",
            ]
        )
        row = sheet.max_row
        units = DataValidation(
            type="list",
            formula1=f'"{",".join(compatible_units(item.unit))}"',
            allow_blank=False,
            error="a unit that converts to the rule's",
            errorTitle="Unit",
        )
        sheet.add_data_validation(units)
        units.add(sheet.cell(row=row, column=UNIT))
        kinds.add(sheet.cell(row=row, column=DATA_TYPE))
        numbers.add(sheet.cell(row=row, column=VALUE))
        for column in range(DQ_FIRST, DQ_LAST + 1):
            scores.add(sheet.cell(row=row, column=column))
        sheet.cell(row=row, column=VALUE).fill = TO_FILL
        sheet.cell(row=row, column=1).protection = Protection(locked=True)
    for letter, width in zip(
        "ABCDEFGHIJKLMNOP",
        (24, 18, 26, 30, 14, 12, 12, 24, 18, 8, 8, 8, 8, 16, 10, 40),
        strict=True,
    ):
        sheet.column_dimensions[letter].width = width


def _parameter_sheet(sheet: Worksheet, rule: RuleStandard) -> None:
    _header(sheet, PARAMETER_COLUMNS)
    for p in rule.inventory.parameters:
        default = f"{p.value:g} {p.unit} ({p.source}, {p.year})" if p.value is not None else ""
        sheet.append(
            [
                p.id,
                f"{p.name.zh} / {p.name.en}",
                None,
                p.unit,
                None,
                None,
                default,
                "是 yes" if p.user_supplied else "否 no (override)",
            ]
        )
        if p.user_supplied:
            for column in (3, 5, 6):
                sheet.cell(row=sheet.max_row, column=column).fill = TO_FILL
    for letter, width in zip("ABCDEFGH", (26, 50, 14, 12, 40, 8, 60, 18), strict=True):
        sheet.column_dimensions[letter].width = width


def _exclusion_sheet(sheet: Worksheet) -> None:
    _header(
        sheet,
        ["被取舍的输入 Input left out (zh)", "Input left out (en)", "估计占比 Estimated share (%)"],
    )
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 20
