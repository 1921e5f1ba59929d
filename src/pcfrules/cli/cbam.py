"""``pcfrules cbam``: EU CBAM embedded emissions of a study, as JSON and the official template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pcfrules.cli.calc import write_json
from pcfrules.cli.output import console, fail
from pcfrules.errors import Location, PcfrulesError, StudyError
from pcfrules.reports.cbam_template import fill_template
from pcfrules.studies import load_input, rule_for
from pcfrules.studies.cbam import embedded_emissions
from pcfrules.studies.model import Study


def cbam(
    study_file: Annotated[Path, typer.Argument(help="study YAML/JSON with a 'cbam' block")],
    output: Annotated[Path, typer.Option("--output", "-o", help="CBAM JSON to write")],
    template: Annotated[
        Path | None,
        typer.Option(help="the official communication template for installations (xlsx)"),
    ] = None,
    xlsx: Annotated[
        Path | None, typer.Option(help="where to write the filled template (needs --template)")
    ] = None,
) -> None:
    """EU CBAM embedded emissions (JSON, official template) · 欧盟 CBAM 嵌入排放."""
    if (template is None) != (xlsx is None):
        fail(
            StudyError(
                zh="--template 与 --xlsx 须同时给出（官方模板及填写后的文件）",
                en="give --template and --xlsx together (the official template and the file "
                "to write)",
                location=Location(path="--template"),
            )
        )
    try:
        result = cbam_of(study_file)
        if template is not None and xlsx is not None:
            fill_template(result, template, xlsx)
    except PcfrulesError as exc:
        fail(exc)
    write_json(output, result)
    _print(result)
    console.print(f"wrote / 已写入 {output}" + (f", {xlsx}" if xlsx else ""))


def cbam_of(study_file: Path) -> dict[str, Any]:
    """The CBAM embedded emissions of a study file; errors name the file."""
    data = load_input(study_file)
    if not isinstance(data, Study):
        raise StudyError(
            zh="CBAM 嵌入排放需要按规则核算的研究（pcfrules.study/1），而非原始产品系统",
            en="CBAM embedded emissions need a study under a rule (pcfrules.study/1), not a "
            "raw system",
            location=Location(file=str(study_file), path="format"),
        )
    try:
        return embedded_emissions(data, rule_for(data, study_file))
    except PcfrulesError as exc:
        if exc.location.file is None:
            exc.location = Location(str(study_file), exc.location.line, exc.location.path)
        raise


def _print(result: dict[str, Any]) -> None:
    good, see = result["good"], result["see"]
    table = Table(title=f"{good['category']} · CN {good['cn_code']} · {result['gwp_set']}")
    for column in ("SEE direct / 直接", "SEE indirect / 间接", "SEE total / 合计", "unit / 单位"):
        table.add_column(column, justify="right")
    table.add_row(
        f"{see['direct']:.4f}", f"{see['indirect']:.4f}", f"{see['total']:.4f}", see["unit"]
    )
    console.print(table)
