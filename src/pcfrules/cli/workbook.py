"""``pcfrules workbook`` and ``pcfrules study import``: the data-collection round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pcfrules.cli.output import console, fail
from pcfrules.errors import PcfrulesError
from pcfrules.rules import catalog
from pcfrules.rules import workbook as rule_workbook
from pcfrules.studies import workbook as study_workbook

study_app = typer.Typer(
    help="Studies: import a filled workbook · 核算研究：导入数据收集表", no_args_is_help=True
)


def workbook(
    rule: Annotated[str, typer.Argument(help="rule file or catalogue id · 规则文件或目录编号")],
    output: Annotated[Path, typer.Option("--output", "-o", help="the .xlsx to write")],
) -> None:
    """Generate the data-collection workbook of a rule · 生成数据收集表."""
    try:
        path = rule_workbook.build(catalog.load(rule), output)
    except PcfrulesError as exc:
        fail(exc)
    console.print(f"wrote / 已写入 {path}")


@study_app.command("import")
def import_study(
    file: Annotated[Path, typer.Argument(help="the filled workbook · 已填写的数据收集表")],
    output: Annotated[Path, typer.Option("--output", "-o", help="the study YAML to write")],
) -> None:
    """Read a filled workbook into a study (nothing is written when it has errors) · 导入."""
    try:
        study = study_workbook.read(file)
    except PcfrulesError as exc:
        fail(exc)
    console.print(f"wrote / 已写入 {study_workbook.write_study(study, output)}")
