"""What every command shares: options, the console, bilingual errors and exit codes.

Exit codes, everywhere: 0 success; 1 findings or a refusal (a rule that does not conform, a
result under another rule text, a registry step the procedure forbids); 2 input that cannot
be read or a command used wrongly.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from pcfrules.background.sources import Backgrounds
from pcfrules.errors import (
    ComparisonError,
    JobError,
    Location,
    PcfrulesError,
    RegistryError,
    RenderRefusedError,
    RuleMismatchError,
    RuleNotFoundError,
    RuleValidationError,
    SpaceError,
    StudyError,
    WorkbookError,
)
from pcfrules.files import write_bytes
from pcfrules.registry.archive import RuleArchive
from pcfrules.registry.db import existing_engine
from pcfrules.rules.check import Finding
from pcfrules.rules.sources import FoundRule

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
REFUSALS = (
    ComparisonError,
    JobError,
    RegistryError,
    RuleMismatchError,
    RenderRefusedError,
    SpaceError,
)


class OutputFormat(StrEnum):
    """How a command shows its answer."""

    table = "table"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table or json · 表格或 JSON")
]
RuleOption = Annotated[
    str | None,
    typer.Option(
        "--rule",
        "-r",
        help="rule file, id (search path, catalogue) or id@version (registry) · 规则",
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="registry URL for id@version (default: $PCFRULES_DATABASE_URL)"),
]


def progress_bar(disable: bool = False) -> Progress:
    """The bar long commands show on standard error: description, bar, count, time left."""
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=disable,
    )


def background_data(db: str | None) -> Backgrounds:
    """The background datasets a study may name: imported into ``--db``, else shipped.

    The database is opened only when a study names a dataset, and never created.
    """
    return Backgrounds(lambda: existing_engine(db))


def registry_rules(db: str | None) -> RuleArchive:
    """The registry that answers ``id@version`` rule specs (opened only when asked)."""
    return RuleArchive(db)


def exit_code(exc: PcfrulesError) -> int:
    """1 for a refusal, 2 for input that cannot be read."""
    return 1 if isinstance(exc, REFUSALS) else 2


def fail(exc: PcfrulesError, code: int | None = None) -> NoReturn:
    """Print a user error in both languages and exit (by default with its exit code)."""
    err_console.print(
        f"[bold red]error / 错误[/]: {exc.message('en')}", highlight=False, markup=True
    )
    err_console.print(f"              {exc.zh}", highlight=False, markup=False)
    issues = exc.issues if isinstance(exc, RuleValidationError | WorkbookError) else []
    for issue in issues:
        err_console.print(
            f"  {issue.location}: {issue.en} / {issue.zh}", highlight=False, markup=False
        )
    raise typer.Exit(exit_code(exc) if code is None else code)


def say_notes(found: FoundRule) -> None:
    """Say which rule source was taken when another could have answered."""
    for note in found.notes:
        err_console.print(f"[yellow]note / 说明[/]: {note.en}", highlight=False)
        err_console.print(f"              {note.zh}", highlight=False, markup=False)


def print_json(data: Any) -> None:
    """Indented UTF-8 JSON on standard output."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def show(data: Any, fmt: OutputFormat, title: str = "") -> None:
    """A command's answer as JSON, or as tables: records in rows, a mapping as key and value."""
    if fmt is OutputFormat.json:
        print_json(data)
        return
    console.print(_table(data, title))


def _table(data: Any, title: str) -> Table:
    records = data if isinstance(data, list) else None
    if records and all(isinstance(r, dict) for r in records):
        columns = list(dict.fromkeys(key for record in records for key in record))
        table = Table(title=title or None)
        for column in columns:
            table.add_column(str(column), overflow="fold")
        for record in records:
            table.add_row(*(_cell(record.get(column)) for column in columns))
        return table
    table = Table(title=title or None, show_header=False)
    table.add_column("", style="bold", overflow="fold")
    table.add_column("", overflow="fold")
    items = data.items() if isinstance(data, dict) else enumerate(data or [])
    for key, value in items:
        table.add_row(str(key), _cell(value))
    return table


def _cell(value: Any) -> str:
    """A value as a table cell: scalars as they are, structures as compact JSON."""
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def json_bytes(data: Any) -> bytes:
    """The JSON a command writes with ``-o``."""
    return (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


def write_output(path: Path, data: bytes) -> None:
    """Write a command's file atomically and say so."""
    try:
        write_bytes(path, data)
    except PcfrulesError as exc:
        fail(exc)
    err_console.print(f"wrote / 已写入 {path}", highlight=False)


def parse_date(text: str, option: str) -> date:
    """A YYYY-MM-DD date, or a bilingual error naming the option."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(
            StudyError(
                zh=f"日期“{text}”无效（格式 YYYY-MM-DD）",
                en=f"'{text}' is not a date (YYYY-MM-DD)",
                location=Location(path=option),
            )
        )


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


def rule_spec(argument: str | None, option: str | None) -> str:
    """The rule spec given as an argument or by ``--rule`` (the same if both); exit 2 if none."""
    if argument is not None and option is not None and argument != option:
        fail(
            RuleNotFoundError(
                zh=f"规则给了两次且不同：“{argument}”和 --rule “{option}”",
                en=f"the rule is given twice, differently: '{argument}' and --rule '{option}'",
            ),
            code=2,
        )
    spec = argument if argument is not None else option
    if spec is None:
        fail(
            RuleNotFoundError(
                zh="缺少规则：请给出规则文件、编号或 编号@版本（或 --rule）",
                en="no rule given: name a rule file, an id or id@version (or --rule)",
            ),
            code=2,
        )
    return spec
