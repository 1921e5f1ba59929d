"""``pcfrules label``, ``export`` and ``pact``: what is made from a result file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from ruamel.yaml import YAML

from pcfrules.cli.calc import compute, read_result, write_json
from pcfrules.cli.output import console, fail
from pcfrules.errors import Location, PcfrulesError, StudyError
from pcfrules.files import write_atomically, write_text
from pcfrules.reports import (
    dataset_from_pact,
    export_table,
    label_data,
    label_svg,
    product_footprint,
    product_footprint_v2,
)
from pcfrules.reports.battery import battery_declaration
from pcfrules.reports.report import write_report
from pcfrules.rules import catalog


def label(
    result_file: Annotated[Path, typer.Argument(help="result JSON · 结果文件")],
    output: Annotated[Path, typer.Option("--output", "-o", help="the SVG label to write")],
    data: Annotated[Path | None, typer.Option("--json", help="also write the label data")] = None,
) -> None:
    """Carbon label: SVG with a QR code of the fingerprints, and its data · 碳标识."""
    try:
        result = read_result(result_file)
        rule = catalog.load(result["rule"]["id"]) if result.get("rule") else None
        years = (rule.declaration.validity_years if rule else None) or 3
        content = label_data(result, years)
    except PcfrulesError as exc:
        fail(exc)
    write_text(output, label_svg(content))
    if data is not None:
        write_json(data, content)
    console.print(f"wrote / 已写入 {output}")


def export(
    result_file: Annotated[Path, typer.Argument(help="result JSON · 结果文件")],
    output: Annotated[Path, typer.Option("--output", "-o", help=".csv or .xlsx")],
) -> None:
    """A result and its Monte Carlo draws as CSV or xlsx · 导出结果."""
    try:
        export_table(read_result(result_file), output)
    except PcfrulesError as exc:
        fail(exc)
    console.print(f"wrote / 已写入 {output}")


def pact(
    result_file: Annotated[Path, typer.Argument(help="result JSON of a study · 结果文件")],
    output: Annotated[Path, typer.Option("--output", "-o", help="ProductFootprint JSON")],
    company: Annotated[
        str | None, typer.Option(help="companyName (default: the enterprise)")
    ] = None,
    spec: Annotated[str, typer.Option(help="3 (default) or 2")] = "3",
    cpc: Annotated[str, typer.Option(help="UN CPC code of the product (needed for v2)")] = "",
) -> None:
    """PACT ProductFootprint (v3, or v2 on request) of a result · 导出 PACT 产品碳足迹."""
    try:
        result = read_result(result_file)
        if spec not in {"2", "3"}:
            raise StudyError(
                zh="PACT 版本应为 2 或 3", en="--spec is 2 or 3", location=Location(path="--spec")
            )
        footprint = (
            product_footprint(result, company)
            if spec == "3"
            else product_footprint_v2(result, cpc, company)
        )
    except PcfrulesError as exc:
        fail(exc)
    write_json(output, footprint)
    console.print(f"wrote / 已写入 {output}")


def pact_import(
    footprint_file: Annotated[Path, typer.Argument(help="a supplier's PACT v3 ProductFootprint")],
    flow: Annotated[str, typer.Option(help="the input flow it supplies · 对应的输入流")],
    output: Annotated[Path, typer.Option("--output", "-o", help="dataset YAML to write")],
) -> None:
    """A supplier's PACT footprint as the dataset of an input flow · 导入供应商 PACT 数据."""
    try:
        dataset = dataset_from_pact(read_result(footprint_file), flow)
    except PcfrulesError as exc:
        fail(exc)
    yaml = YAML()
    yaml.default_flow_style = False
    write_atomically(output, lambda tmp: yaml.dump({"datasets": [dataset]}, tmp))
    console.print(f"wrote / 已写入 {output}")


def report(
    file: Annotated[Path, typer.Argument(help="a study (computed first) or a result JSON")],
    output: Annotated[Path, typer.Option("--output", "-o", help="the .html or .pdf to write")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="zh or en")] = "zh",
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=0, help="Monte Carlo draws when FILE is a study")
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", "-s")] = 0,
) -> None:
    """The GB/T 24067 study report (HTML or PDF) · 产品碳足迹研究报告."""
    try:
        result = (
            read_result(file) if file.suffix.lower() == ".json" else compute(file, samples, seed)
        )
        write_report(result, lang, output)
    except PcfrulesError as exc:
        fail(exc)
    console.print(f"wrote / 已写入 {output}")


def battery(
    result_file: Annotated[Path, typer.Argument(help="result JSON of a battery study")],
    energy_kwh: Annotated[float, typer.Option(help="total energy over the service life, kWh")],
    output: Annotated[Path, typer.Option("--output", "-o", help="declaration JSON")],
) -> None:
    """EU Battery Regulation carbon-footprint declaration · 欧盟电池法规碳足迹声明."""
    try:
        declaration = battery_declaration(read_result(result_file), energy_kwh)
    except PcfrulesError as exc:
        fail(exc)
    write_json(output, declaration)
    console.print(f"wrote / 已写入 {output}")
