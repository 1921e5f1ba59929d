"""``pcfrules demo``: the catalogue job into ``out/``, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from pcfrules.cli.output import console, err_console, fail
from pcfrules.errors import PcfrulesError
from pcfrules.jobs.catalogue import CatalogueRun, Plausible, run_catalogue, total_steps
from pcfrules.rules import catalog
from pcfrules.rules.render.units import number


def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder · 输出目录")] = Path(
        "out"
    ),
) -> None:
    """Check, render and compute every catalogue rule into OUT · 检查、生成文本并计算全部规则示例.

    For each rule: its standard text in zh and en (HTML, Markdown, DOCX) and, when it has a
    worked example, the example's footprint as result JSON, its study report (HTML, zh and
    en) and, for rules with a CBAM mapping, its CBAM embedded emissions; then a demo registry
    with the catalogue published (out/registry.db) and its dashboard (out/dashboard.json).
    """
    try:
        with Progress(console=err_console, transient=True) as progress:
            task = progress.add_task("rules / 规则", total=total_steps())
            run = run_catalogue(out, lambda: progress.advance(task))
    except PcfrulesError as exc:
        fail(exc)
    for rule_id, failure in run.failures.items():
        err_console.print(f"[red]{rule_id}: {failure}[/]", highlight=False)
    console.print(_summary(run, out))
    console.print(_plausibility(run))
    console.print(
        f"registry / 登记簿 {run.registry}: published / 已发布 {', '.join(run.published)}; "
        f"dashboard / 看板 {out / 'dashboard.json'}",
        highlight=False,
    )
    if not run.ok:
        raise typer.Exit(1)


def _summary(run: CatalogueRun, out: Path) -> Table:
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
    for row in run.rows:
        table.add_row(
            row.rule_id,
            row.version,
            *(str(row.counts[s]) for s in ("error", "warning", "info")),
            str(row.files),
            row.footprint,
            row.fingerprint,
        )
    return table


def _plausibility(run: CatalogueRun) -> Table:
    """Each worked example beside the footprints published for its product and route."""
    table = Table(title="worked examples against published footprints / 计算示例与已发表碳足迹比较")
    for column in (
        "product / 产品",
        "standard / 标准",
        "declared unit / 声明单位",
        "footprint / 碳足迹 (kg CO₂e)",
        "published range / 已发表范围",
        "in / 范围内",
    ):
        table.add_column(column, overflow="fold")
    for row in run.rows:
        found = row.plausible
        published = _published(row.rule_id, found)
        verdict = (
            "—" if found is None else ("[green]in · 是[/]" if found.inside else "[red]out · 否[/]")
        )
        total = number(found.total, 1) if found else row.footprint
        table.add_row(row.product, row.standard, row.declared_unit, total, published, verdict)
    return table


def _published(rule_id: str, found: Plausible | None) -> str:
    """The published range of the example's route, or why there is none."""
    if found is not None:
        unit = found.unit.replace("CO2e", "CO₂e")
        return f"{number(found.low)}–{number(found.high)} {unit} ({found.route})"
    ranges = catalog.plausibility(rule_id)
    return "none published · 未见发表" if ranges is not None and ranges.example is None else "—"
