"""The ``pcfrules`` command line: thin — parse, call the packages, format the answer.

Exit codes: 0 success; 1 the input was read but does not conform (check errors) or the
registry refused a step; 2 the input cannot be read or the command was used wrongly.
"""

from __future__ import annotations

import typer

from pcfrules.cli import calc, cbam, demo, export, registry, rules, workbook

app = typer.Typer(
    name="pcfrules",
    help="Product carbon-footprint rule standards as code · 产品碳足迹核算规则标准即代码",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(rules.app, name="rules")
app.command("workbook")(workbook.workbook)
app.add_typer(workbook.study_app, name="study")
app.command("calc")(calc.calc)
app.command("compare")(calc.compare_cmd)
app.command("report")(export.report)
app.command("label")(export.label)
app.command("pact")(export.pact)
app.command("pact-import")(export.pact_import)
app.command("battery")(export.battery)
app.command("cbam")(cbam.cbam)
app.command("export")(export.export)
app.add_typer(registry.app, name="registry")
app.command("schema")(calc.schema_cmd)
app.command("demo")(demo.demo)


def main() -> None:
    """Console-script entry point."""
    app()
