"""``pcfrules cbam``: EU CBAM embedded emissions of a study, as JSON and the official template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pcfrules.cli.output import (
    DbOption,
    FormatOption,
    OutputFormat,
    RuleOption,
    background_data,
    console,
    fail,
    json_bytes,
    print_json,
    registry_rules,
    write_output,
)
from pcfrules.errors import Location, PcfrulesError, StudyError
from pcfrules.interchange.pact import PACT_FOOTPRINTS
from pcfrules.reports.cbam_template import fill_template
from pcfrules.studies.cbam import cbam_of


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
    fmt: FormatOption = OutputFormat.table,
    rule: RuleOption = None,
    db: DbOption = None,
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
        result = cbam_of(study_file, rule, registry_rules(db), PACT_FOOTPRINTS, background_data(db))
        filled = fill_template(result, template) if template is not None else None
    except PcfrulesError as exc:
        fail(exc)
    write_output(output, json_bytes(result))
    if filled is not None and xlsx is not None:
        write_output(xlsx, filled)
    if fmt is OutputFormat.json:
        print_json(result)
    else:
        _print(result)


def _print(result: dict[str, Any]) -> None:
    good, see = result["good"], result["see"]
    table = Table(title=f"{good['category']} · CN {good['cn_code']} · {result['gwp_set']}")
    for column in ("SEE direct / 直接", "SEE indirect / 间接", "SEE total / 合计", "unit / 单位"):
        table.add_column(column, justify="right")
    table.add_row(
        f"{see['direct']:.4f}", f"{see['indirect']:.4f}", f"{see['total']:.4f}", see["unit"]
    )
    console.print(table)
