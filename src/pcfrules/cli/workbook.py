"""``pcfrules workbook`` and ``pcfrules study import``: the data-collection round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pcfrules.cli.output import DbOption, RuleOption, fail, registry_rules, write_output
from pcfrules.cli.rules import Lang, RuleArgument, found_rule
from pcfrules.errors import PcfrulesError
from pcfrules.rules.loader import yaml_bytes
from pcfrules.rules.workbook import workbook_bytes
from pcfrules.studies import workbook as study_workbook

study_app = typer.Typer(
    help="Studies: import a filled workbook · 核算研究：导入数据收集表", no_args_is_help=True
)


def workbook(
    output: Annotated[Path, typer.Option("--output", "-o", help="the .xlsx to write")],
    rule: RuleArgument = None,
    rule_option: RuleOption = None,
    lang: Annotated[
        Lang, typer.Option("--lang", "-l", help="sheets and headers in zh or en · 语言")
    ] = Lang.zh,
    db: DbOption = None,
) -> None:
    """Generate the data-collection workbook of a rule · 生成数据收集表."""
    try:
        data = workbook_bytes(found_rule(rule, rule_option, db), lang.value)
    except PcfrulesError as exc:
        fail(exc)
    write_output(output, data)


@study_app.command("import")
def import_study(
    file: Annotated[Path, typer.Argument(help="the filled workbook · 已填写的数据收集表")],
    output: Annotated[Path, typer.Option("--output", "-o", help="the study YAML to write")],
    rule: RuleOption = None,
    db: DbOption = None,
) -> None:
    """Read a filled workbook into a study (nothing is written when it has errors) · 导入."""
    try:
        study = study_workbook.read(file, rule, registry_rules(db))
    except PcfrulesError as exc:
        fail(exc)
    write_output(output, yaml_bytes(study))
