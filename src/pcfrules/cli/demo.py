"""``pcfrules demo``: check, render and compute every catalogue rule into ``out/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from pcfrules.cli.calc import compute, write_json
from pcfrules.cli.cbam import cbam_of
from pcfrules.cli.output import console
from pcfrules.errors import PcfrulesError
from pcfrules.registry import Registry, exports, make_engine, migrate
from pcfrules.registry.seed import seed
from pcfrules.reports.report import write_report
from pcfrules.rules import catalog, check
from pcfrules.rules.render import FORMATS, LANGS, write_file

DemoRow = tuple[str, str, int, int, int, int, str, str]


def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder · 输出目录")] = Path(
        "out"
    ),
) -> None:
    """Check, render and compute every catalogue rule into OUT · 检查、生成文本并计算全部规则示例.

    For each rule: its standard text in zh and en (HTML, Markdown, DOCX) and, when it has a
    worked example, the example's footprint as result JSON, its study report (HTML, zh and
    en) and, for rules with a CBAM mapping, its CBAM embedded emissions; then a demo registry
    with the
    catalogue published (out/registry.db) and its dashboard (out/dashboard.json).
    """
    rule_ids = catalog.catalog_ids()
    rows: list[DemoRow] = []
    failed = False
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(
            "rules / 规则", total=len(rule_ids) * (len(LANGS) * len(FORMATS) + 1)
        )
        for rule_id in rule_ids:
            try:
                rows.append(_one(rule_id, out, lambda: progress.advance(task)))
            except PcfrulesError as exc:
                failed = True
                console.print(f"[red]{rule_id}: {exc}[/]")
    console.print(_summary(rows, out))
    console.print(_registry(out))
    if failed or any(row[2] for row in rows):
        raise typer.Exit(1)


def _registry(out: Path) -> str:
    """A demo registry with the catalogue published (out/registry.db) and its dashboard."""
    target = out / "registry.db"
    target.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{target}")
    migrate(engine)
    registry = Registry(engine)
    numbers = seed(registry)
    write_json(out / "dashboard.json", exports.dashboard(registry))
    engine.dispose()
    return (
        f"registry / 登记簿 {target}: published / 已发布 {', '.join(numbers)}; "
        f"dashboard / 看板 {out / 'dashboard.json'}"
    )


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
    total = "—"
    example_file = path.with_name("example.yaml")
    if example_file.is_file():
        result = compute(example_file)
        write_json(out / rule_id / f"{rule_id}.result.json", result)
        written += 1
        for lang in LANGS:
            write_report(result, lang, out / rule_id / f"{rule_id}.report.{lang}.html")
            written += 1
        fu = result["functional_unit"]
        total = f"{result['total']['value']:,.1f} kg CO2e / {fu['quantity']:g} {fu['unit']}"
        if rule.cbam is not None:
            write_json(out / rule_id / f"{rule_id}.cbam.json", cbam_of(example_file))
            written += 1
    advance()
    return (
        rule_id,
        rule.identity.version,
        counts[0],
        counts[1],
        counts[2],
        written,
        total,
        rule.fingerprint()[:16],
    )


def _summary(rows: list[DemoRow], out: Path) -> Table:
    table = Table(title=f"pcfrules demo → {out}/")
    for column in (
        "rule",
        "version",
        "errors",
        "warnings",
        "info",
        "files",
        "example footprint / 示例碳足迹",
        "fingerprint",
    ):
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v) for v in row))
    return table
