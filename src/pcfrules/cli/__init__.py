"""The ``pcfrules`` command line: thin — parse, call the rooms, format the answer.

Exit codes: 0 success; 1 findings or a refusal; 2 input that cannot be read or a command
used wrongly. Usage errors (a bad number, an unknown option) are said in both languages.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pcfrules import __version__
from pcfrules.cli import calc, cbam, data, demo, export, label, registry, rules, serve, workbook
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
app.add_typer(label.app, name="label")
app.command("pact")(export.pact)
app.command("pact-import")(export.pact_import)
app.command("battery")(export.battery)
app.command("cbam")(cbam.cbam)
app.command("chain")(calc.chain_cmd)
app.command("export")(export.export)
app.add_typer(registry.app, name="registry")
app.add_typer(data.app, name="data")
app.command("schema")(calc.schema_cmd)
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)


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


# Usage errors of the command-line parser, by class name (Typer ships its own copy of
# click, so the classes are matched by name along their hierarchy, not imported).
USAGE_ZH = {
    "MissingParameter": "缺少参数",
    "NoSuchOption": "没有这个选项",
    "BadOptionUsage": "选项用法有误",
    "BadArgumentUsage": "参数用法有误",
    "BadParameter": "参数值无效",
    "UsageError": "命令用法有误",
}


def usage_zh(exc: BaseException) -> str | None:
    """The Chinese name of a parser usage error, or None when ``exc`` is not one."""
    names = [kind.__name__ for kind in type(exc).__mro__]
    return next((USAGE_ZH[name] for name in names if name in USAGE_ZH), None)


def usage_error(exc: Exception, zh: str) -> int:
    """Say a usage error in both languages, with the command's usage line; exit code 2."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        err_console.print(ctx.get_usage(), highlight=False, markup=False)
    message = getattr(exc, "format_message", lambda: str(exc))()
    what = _named(exc)
    err_console.print(f"[bold red]error / 错误[/]: {message}", highlight=False, markup=True)
    err_console.print(
        f"              {zh}{'：' + what if what else ''}（请用 --help 查看用法）",
        highlight=False,
        markup=False,
    )
    return 2


def _named(exc: Exception) -> str:
    """The option or argument a usage error is about, as the user typed it."""
    option = getattr(exc, "option_name", None)
    if option:
        return str(option)
    param = getattr(exc, "param", None)
    opts = getattr(param, "opts", None) or []
    return " / ".join(str(o) for o in opts) or str(getattr(param, "name", "") or "")


def main() -> None:
    """Console-script entry point: exit codes and usage errors said in both languages."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        err_console.print("aborted / 已中止")
        code = 130
    except Exception as exc:
        zh = usage_zh(exc)
        if zh is None:
            raise
        code = usage_error(exc, zh)
    sys.exit(code if isinstance(code, int) else 0)
