"""What is made from a result: report, tables, PACT, battery declaration (the label: label.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pcfrules.cli.calc import Samples, Seed
from pcfrules.cli.output import (
    DbOption,
    FormatOption,
    OutputFormat,
    RuleOption,
    background_data,
    fail,
    json_bytes,
    print_json,
    registry_rules,
    say_notes,
    write_output,
)
from pcfrules.errors import Location, PcfrulesError, StudyError
from pcfrules.interchange.pact import (
    PACT_FOOTPRINTS,
    dataset_from_pact,
    product_footprint,
    read_footprint,
)
from pcfrules.reports.battery import battery_declaration
from pcfrules.reports.report import report_bytes
from pcfrules.reports.tables import table_bytes
from pcfrules.rules.loader import yaml_bytes
from pcfrules.studies import read_result, result_of, rule_of_result

ResultArgument = Annotated[Path, typer.Argument(help="result JSON · 结果文件")]
Output = Annotated[Path, typer.Option("--output", "-o", help="the file to write · 输出文件")]


def report(
    file: Annotated[Path, typer.Argument(help="a result JSON, or a study (computed first)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="the .html or .pdf to write")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="zh or en")] = "zh",
    practitioner: Annotated[
        str,
        typer.Option("--practitioner", help="who made the study · 研究执行者 (declaration page)"),
    ] = "",
    samples: Samples = 0,
    seed: Seed = 0,
    rule: RuleOption = None,
    db: DbOption = None,
) -> None:
    """The GB/T 24067 study report (HTML or PDF) · 产品碳足迹研究报告."""
    registry = registry_rules(db)
    try:
        result = result_of(
            file, rule, registry, samples, seed, PACT_FOOTPRINTS, background_data(db)
        )
        found = rule_of_result(result, rule, registry, str(file))
        say_notes(found)
        data = report_bytes(
            result, found.rule, lang, _suffix(output, ("html", "pdf")), practitioner
        )
    except PcfrulesError as exc:
        fail(exc)
    write_output(output, data)


def export(result_file: ResultArgument, output: Output) -> None:
    """A result and its Monte Carlo draws as CSV or xlsx · 导出结果."""
    try:
        data = table_bytes(read_result(result_file), _suffix(output, ("csv", "xlsx")))
    except PcfrulesError as exc:
        fail(exc)
    write_output(output, data)


def pact(
    result_file: Annotated[Path, typer.Argument(help="result JSON of a study · 结果文件")],
    output: Annotated[Path, typer.Option("--output", "-o", help="ProductFootprint JSON")],
    company: Annotated[
        str | None, typer.Option(help="companyName (default: the enterprise)")
    ] = None,
    spec: Annotated[str, typer.Option(help="3 (default) or 2")] = "3",
    cpc: Annotated[str, typer.Option(help="UN CPC code of the product (needed for v2)")] = "",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """PACT ProductFootprint (v3, or v2 on request) of a result · 导出 PACT 产品碳足迹."""
    try:
        footprint = product_footprint(read_result(result_file), company, spec, cpc)
    except PcfrulesError as exc:
        fail(exc)
    write_output(output, json_bytes(footprint))
    if fmt is OutputFormat.json:
        print_json(footprint)


def pact_import(
    footprint_file: Annotated[Path, typer.Argument(help="a supplier's PACT v3 ProductFootprint")],
    flow: Annotated[str, typer.Option(help="the input flow it supplies · 对应的输入流")],
    output: Annotated[Path, typer.Option("--output", "-o", help="dataset YAML to write")],
) -> None:
    """A supplier's PACT footprint as the dataset of an input flow · 导入供应商 PACT 数据."""
    try:
        dataset = dataset_from_pact(read_footprint(footprint_file), flow)
    except PcfrulesError as exc:
        fail(exc)
    write_output(output, yaml_bytes({"datasets": [dataset]}))


def battery(
    result_file: Annotated[Path, typer.Argument(help="result JSON of a battery study")],
    output: Annotated[Path, typer.Option("--output", "-o", help="declaration JSON")],
    energy_kwh: Annotated[
        float | None,
        typer.Option(
            help="total energy over the service life, kWh (default: the study's, where the "
            "rule states it) · 使用寿命内总能量"
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    rule: RuleOption = None,
    db: DbOption = None,
) -> None:
    """EU Battery Regulation carbon-footprint declaration · 欧盟电池法规碳足迹声明."""
    try:
        result = read_result(result_file)
        found = rule_of_result(result, rule, registry_rules(db), str(result_file))
        declaration = battery_declaration(result, energy_kwh, found.rule)
    except PcfrulesError as exc:
        fail(exc)
    write_output(output, json_bytes(declaration))
    if fmt is OutputFormat.json:
        print_json(declaration)


def _suffix(path: Path, allowed: tuple[str, ...]) -> str:
    """The output format named by the file's suffix, or a bilingual error listing the allowed."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in allowed:
        names = ", ".join(f".{a}" for a in allowed)
        raise StudyError(
            zh=f"输出文件的扩展名应为 {names}",
            en=f"the output file must end in {names}",
            location=Location(file=str(path), path="--output"),
        )
    return suffix
