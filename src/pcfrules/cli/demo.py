"""``pcfrules demo``: check and render every catalogue rule into ``out/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from pcfrules.cli.output import console
from pcfrules.errors import PcfrulesError
from pcfrules.rules import catalog, check
from pcfrules.rules.render import FORMATS, LANGS, write_file

DemoRow = tuple[str, str, int, int, int, int, str]


def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder · 输出目录")] = Path(
        "out"
    ),
) -> None:
    """Check and render every catalogue rule (zh and en) into OUT · 检查并生成全部规则文本."""
    rule_ids = catalog.catalog_ids()
    rows: list[DemoRow] = []
    failed = False
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("rules / 规则", total=len(rule_ids) * len(LANGS) * len(FORMATS))
        for rule_id in rule_ids:
            try:
                rows.append(_one(rule_id, out, lambda: progress.advance(task)))
            except PcfrulesError as exc:
                failed = True
                console.print(f"[red]{rule_id}: {exc}[/]")
    console.print(_summary(rows, out))
    if failed or any(row[2] for row in rows):
        raise typer.Exit(1)


def _one(rule_id: str, out: Path, advance: Callable[[], None]) -> DemoRow:
    path = catalog.resolve(rule_id)
    rule = catalog.load(str(path))
    findings = check.run(rule)
    counts = [sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")]
    example = catalog.example_for(path)
    written = 0
    for lang in LANGS:
        for fmt in FORMATS:
            write_file(rule, lang, fmt, out / rule_id / f"{rule_id}.{lang}.{fmt}", example)
            written += 1
            advance()
    return (
        rule_id,
        rule.identity.version,
        counts[0],
        counts[1],
        counts[2],
        written,
        rule.fingerprint()[:16],
    )


def _summary(rows: list[DemoRow], out: Path) -> Table:
    table = Table(title=f"pcfrules demo → {out}/")
    for column in ("rule", "version", "errors", "warnings", "info", "files", "fingerprint"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v) for v in row))
    return table
