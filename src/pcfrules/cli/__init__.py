"""The ``pcfrules`` command line: thin — parse, call the rooms, format the answer.

Exit codes: 0 success; 1 findings or a refusal; 2 input that cannot be read or a command
used wrongly. Usage errors (a bad number, an unknown option) are said in both languages.
"""

from __future__ import annotations

import sys
from typing import Annotated

import click
import typer

from pcfrules import __version__
from pcfrules.cli import calc, cbam, demo, export, registry, rules, workbook
from pcfrules.cli.output import err_console

app = typer.Typer(
    name="pcfrules",
    help="Product carbon-footprint rule standards as code · 产品碳足迹核算规则标准即代码",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


def _version(show: bool) -> None:
    if show:
        print(f"pcfrules {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="print the version · 版本号"
        ),
    ] = False,
) -> None:
    """Product carbon-footprint rule standards as code · 产品碳足迹核算规则标准即代码."""


USAGE_ZH = {
    click.BadParameter: "参数值无效",
    click.MissingParameter: "缺少参数",
    click.NoSuchOption: "没有这个选项",
    click.BadOptionUsage: "选项用法有误",
    click.BadArgumentUsage: "参数用法有误",
}


def usage_error(exc: click.UsageError) -> int:
    """Say a usage error in both languages, with the command's usage line; exit code 2."""
    zh = next((text for kind, text in USAGE_ZH.items() if isinstance(exc, kind)), "命令用法有误")
    if exc.ctx is not None:
        err_console.print(exc.ctx.get_usage(), highlight=False, markup=False)
    err_console.print(
        f"[bold red]error / 错误[/]: {exc.format_message()}", highlight=False, markup=True
    )
    err_console.print(
        f"              {zh}（请用 --help 查看用法）", highlight=False, markup=False
    )
    return 2


def main() -> None:
    """Console-script entry point."""
    try:
        code = app(standalone_mode=False)
    except click.UsageError as exc:
        code = usage_error(exc)
    except click.Abort:
        err_console.print("aborted / 已中止")
        code = 130
    sys.exit(code if isinstance(code, int) else 0)
