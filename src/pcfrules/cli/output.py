"""Shared CLI output: the console, bilingual errors and finding tables."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.table import Table

from pcfrules.errors import PcfrulesError, RuleValidationError, WorkbookError
from pcfrules.rules.check import Finding

console = Console()
err_console = Console(stderr=True)
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def fail(exc: PcfrulesError, code: int = 2) -> NoReturn:
    """Print a user error in both languages and exit with ``code``."""
    err_console.print(
        f"[bold red]error / 错误[/]: {exc.message('en')}",
        highlight=False,
        markup=True,
        soft_wrap=True,
    )
    err_console.print(f"              {exc.zh}", highlight=False, soft_wrap=True)
    issues = exc.issues if isinstance(exc, RuleValidationError | WorkbookError) else []
    for issue in issues:
        err_console.print(
            f"  {issue.location}: {issue.en} / {issue.zh}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    raise typer.Exit(code)


def findings_table(findings: list[Finding], title: str) -> Table:
    """Findings as a rich table: severity, code, path, message (en + zh), clause."""
    table = Table(title=title, show_lines=False, expand=True)
    for column in ("severity", "code", "path", "message / 说明", "clause / 依据"):
        table.add_column(column, overflow="fold")
    for f in findings:
        table.add_row(
            f"[{SEVERITY_STYLE[f.severity]}]{f.severity}[/]",
            f.code,
            f.path,
            f"{f.en}\n{f.zh}",
            f.clause,
        )
    return table
