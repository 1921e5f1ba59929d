"""``pcfrules demo``: the catalogue job into ``out/``, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from pcfrules.cli.calc import arising_table, chain_table
from pcfrules.cli.output import console, err_console, fail
from pcfrules.errors import PcfrulesError
from pcfrules.jobs.catalogue import CatalogueRun, Plausible, run_catalogue, total_steps
from pcfrules.rules import catalog
from pcfrules.rules.render.units import significant


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
    for name, summary in run.chains.items():
        console.print(chain_table(summary["studies"], name))
        console.print(arising_table(summary["studies"][-1:], name))  # the chain's end product
    console.print(
        f"registry / 登记簿 {run.registry}: published / 已发布 {', '.join(run.published)}; "
        f"dashboard / 看板 {out / 'dashboard.json'}",
        highlight=False,
    )
    if not run.ok:
        raise typer.Exit(1)


def _summary(run: CatalogueRun, out: Path) -> Table:
    """Each rule: its conformance findings, the files written and its fingerprint.

    The example's footprint is the next table's, with the range it is held to.
    """
    table = Table(title=f"pcfrules demo → {out}/")
    table.add_column("rule\n规则", overflow="fold")
    table.add_column("version\n版本", no_wrap=True)
    for en, zh in (("errors", "错误"), ("warnings", "警告"), ("info", "提示"), ("files", "文件")):
        table.add_column(f"{en}\n{zh}", justify="right", no_wrap=True)
    table.add_column("fingerprint\n指纹", no_wrap=True)
    for row in run.rows:
        table.add_row(
            row.rule_id,
            row.version,
            *(str(row.counts[s]) for s in ("error", "warning", "info")),
            str(row.files),
            row.fingerprint,
        )
    return table


def _plausibility(run: CatalogueRun) -> Table:
    """Each worked example beside the footprints published for its product and route.

    The routes go to numbered notes under the table, so that the range stays one short cell
    a terminal of 80 columns can show.
    """
    table = Table(title="worked examples against published footprints / 计算示例与已发表碳足迹比较")
    table.add_column("product\n产品", overflow="fold")
    table.add_column("standard\n标准", no_wrap=True)
    table.add_column("unit\n单位", no_wrap=True)
    table.add_column("kg CO₂e\n碳足迹", justify="right", no_wrap=True)
    table.add_column("published\n已发表", no_wrap=True)
    table.add_column("in\n范围内", no_wrap=True)
    notes: list[str] = []
    for row in run.rows:
        found = row.plausible
        verdict = (
            "—" if found is None else ("[green]in · 是[/]" if found.inside else "[red]out · 否[/]")
        )
        total = significant(row.per_unit) if row.per_unit is not None else "—"
        standard = run.numbers.get(row.rule_id, row.standard)
        published = _published(row.rule_id, found, notes)
        product = row.product.replace(" ", "\n", 1)  # 电石 above calcium-carbide
        table.add_row(product, standard, row.declared_unit, total, published, verdict)
    table.caption = "\n".join(notes)
    table.caption_justify = "left"
    return table


def _short(value: float) -> str:
    """A range's end to four significant figures, without trailing zeros (0.241, 1 097)."""
    text = significant(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _published(rule_id: str, found: Plausible | None, notes: list[str]) -> str:
    """The published range of the example's route (its route added to ``notes``), or why none."""
    if found is not None:
        notes.append(f"[{len(notes) + 1}] {found.route}")
        return f"{_short(found.low)}–{_short(found.high)} [{len(notes)}]"
    ranges = catalog.plausibility(rule_id)
    return "none · 未见发表" if ranges is not None and ranges.example is None else "—"
