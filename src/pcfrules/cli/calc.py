"""``pcfrules calc``, ``compare`` and ``schema``: footprints of studies and raw systems."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pcfrules.cli.output import (
    DbOption,
    FormatOption,
    OutputFormat,
    RuleOption,
    background_data,
    console,
    err_console,
    fail,
    json_bytes,
    print_json,
    progress_bar,
    registry_rules,
    write_output,
)
from pcfrules.errors import PcfrulesError
from pcfrules.interchange.pact import PACT_FOOTPRINTS
from pcfrules.rules import json_schema
from pcfrules.rules.render.units import significant
from pcfrules.studies import Result, compare, compute, read_result
from pcfrules.studies.chain import compute_chain
from pcfrules.studies.schema import result_schema, study_schema, system_schema

Samples = Annotated[
    int, typer.Option("--samples", "-n", min=0, help="Monte Carlo draws · 蒙特卡洛次数")
]
Seed = Annotated[int, typer.Option("--seed", "-s", help="random seed · 随机种子")]
PROGRESS_FROM = 20_000  # draws from which calc shows a progress bar (on standard error)


def calc(
    file: Annotated[
        Path, typer.Argument(help="study or raw system (YAML/JSON) · 研究或产品系统文件")
    ],
    fmt: FormatOption = OutputFormat.table,
    samples: Samples = 0,
    seed: Seed = 0,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write the result JSON here")
    ] = None,
    rule: RuleOption = None,
    db: DbOption = None,
    draws_out: Annotated[
        Path | None,
        typer.Option(
            "--draws-out", help="write every Monte Carlo draw here (CSV) · 全部抽样值写入此文件"
        ),
    ] = None,
) -> None:
    """Compute a product carbon footprint · 计算产品碳足迹."""
    progress = progress_bar(samples < PROGRESS_FROM)
    task = progress.add_task("Monte Carlo / 蒙特卡洛", total=samples)
    try:
        with progress:
            result = compute(
                file,
                rule,
                registry_rules(db),
                samples,
                seed,
                draws_out,
                lambda done: progress.advance(task, done),
                PACT_FOOTPRINTS,
                background_data(db),
            )
    except PcfrulesError as exc:
        fail(exc)
    if draws_out is not None:
        err_console.print(f"wrote / 已写入 {draws_out}", highlight=False)
    if output is not None:
        write_output(output, result.to_json())
    if fmt is OutputFormat.json:
        print_json(result.to_json_dict())
    else:
        print_result(result)


def print_result(result: Result) -> None:
    """The headline and the breakdowns as tables."""
    rule = result.rule
    fu = result.functional_unit
    unit = f"{fu.get('quantity', fu.get('amount'))} {fu['unit']}"
    name = f"{rule.id} {rule.version}" if rule else "raw system / 原始产品系统"
    console.print(
        f"[bold]{result.total.value:,.2f} kg CO2e[/] per / 每 {unit} · {name} · "
        f"{result.gwp_set} · solver {result.solver}",
        highlight=False,
    )
    total = result.total.value or 1.0
    breakdowns: list[tuple[str, dict[str, float]]] = [
        ("stage / 阶段", result.by_stage),
        ("origin / 来源", {str(k): v for k, v in result.by_origin.items()}),
        ("gas / 气体", result.by_gas),
        ("process / 过程", result.by_process),
    ]
    for title, values in breakdowns:
        table = Table(title=title)
        table.add_column(title)
        table.add_column("kg CO2e", justify="right")
        table.add_column("%", justify="right")
        for key, value in sorted(values.items(), key=lambda kv: -abs(kv[1])):
            table.add_row(str(key), f"{value:,.3f}", f"{100 * value / total:.1f}")
        console.print(table)
    if result.uncertainty is not None:
        u = result.uncertainty
        p = u.percentiles
        console.print(
            f"Monte Carlo ({u.samples} draws, seed {u.seed}): mean {u.mean:,.2f}, "
            f"sd {u.sd:,.2f}, 95 % [{p.p2_5:,.2f}, {p.p97_5:,.2f}]",
            highlight=False,
        )
    for f in result.findings or []:
        console.print(
            f"[{f['severity']}] {f['code']} {f['path']}: {f['message']['en']} / "
            f"{f['message']['zh']}",
            highlight=False,
            markup=False,
        )


def compare_cmd(
    a: Annotated[Path, typer.Argument(help="result JSON A")],
    b: Annotated[Path, typer.Argument(help="result JSON B")],
    fmt: FormatOption = OutputFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write the comparison JSON here")
    ] = None,
) -> None:
    """Compare two results computed under the same rule and GWP set · 比较两个结果."""
    try:
        report = compare(read_result(a), read_result(b))
    except PcfrulesError as exc:
        fail(exc)
    if output is not None:
        write_output(output, json_bytes(report))
    if fmt is OutputFormat.json:
        print_json(report)
    else:
        _print_comparison(report)


def _print_comparison(report: dict[str, Any]) -> None:
    table = Table(title=f"{report['rule']['id']} {report['rule']['version']} · {report['gwp_set']}")
    for column in ("", "A", "B", "B − A", "%"):
        table.add_column(column, justify="right")
    rows = [("total / 合计", report["total"])]
    for key in ("by_stage", "by_origin", "by_gas"):
        rows += [(f"{key[3:]}: {name}", d) for name, d in report[key].items()]
    for name, d in rows:
        relative = "—" if d["relative"] is None else f"{100 * d['relative']:+.1f}"
        table.add_row(
            name, f"{d['a']:,.3f}", f"{d['b']:,.3f}", f"{d['difference']:+,.3f}", relative
        )
    console.print(table)


class SchemaName(StrEnum):
    """Which document's JSON Schema to print."""

    rule = "rule"
    study = "study"
    system = "system"
    result = "result"


def schema_cmd(
    name: Annotated[SchemaName, typer.Argument(help="rule, study, system or result")],
) -> None:
    """Print the JSON Schema of a pcfrules document · 输出 JSON Schema."""
    schemas = {
        "rule": json_schema,
        "study": study_schema,
        "system": system_schema,
        "result": result_schema,
    }
    print(json.dumps(schemas[name.value](), ensure_ascii=False, indent=2))


def chain_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="the studies of the chain · 研究链中的研究文件")
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="write every result JSON into this folder · 结果目录"),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Compute studies that supply one another as one system · 研究链一并求解."""
    try:
        chained = compute_chain(files, registry_rules(db), PACT_FOOTPRINTS, background_data(db))
    except PcfrulesError as exc:
        fail(exc)
    summary = chained.summary()
    if out is not None:
        for name, result in zip(chained.names(), chained.results, strict=True):
            write_output(out / f"{name}.result.json", result.to_json())
        write_output(out / "chain.json", json_bytes(summary))
    if fmt is OutputFormat.json:
        print_json(summary["studies"])
        return
    console.print(chain_table(summary["studies"]))
    arising = arising_table(summary["studies"])
    if arising.row_count:
        console.print(arising)


def arising_table(rows: list[dict[str, Any]], name: str = "") -> Table:
    """Each study's footprint by the standard (study) of the chain under which it arises."""
    table = Table(
        title=f"{name}{': ' if name else ''}where each footprint arises / 各碳足迹在链中各标准下的来源"
    )
    table.add_column("study\n研究", overflow="fold")
    table.add_column("arises under\n来源标准（研究）", overflow="fold")
    table.add_column("kg CO₂e\n每单位", justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    for row in rows:
        if len(row["arising"]) < 2:
            continue  # a study that takes nothing from the chain arises all in itself
        total = row["kg_co2e_per_unit"]
        for k, part in enumerate(row["arising"]):
            share = 100 * part["kg_co2e_per_unit"] / total if total else 0.0
            table.add_row(
                row["study"] if k == 0 else "",
                f"{part['rule']} ({part['study']})",
                significant(part["kg_co2e_per_unit"]),
                f"{share:.1f}",
            )
        table.add_section()
    return table


def chain_table(rows: list[dict[str, Any]], name: str = "") -> Table:
    """Each study of the chain, its footprint and what it took from the chain."""
    table = Table(
        title=f"chain / 研究链{' ' + name if name else ''}: solved as one system / 作为一个系统求解"
    )
    table.add_column("study\n研究", overflow="fold")
    table.add_column("rule\n规则", no_wrap=True)
    table.add_column("kg CO₂e\n碳足迹", justify="right", no_wrap=True)
    table.add_column("per\n每", no_wrap=True)
    table.add_column("takes from the chain\n取自研究链", overflow="fold")
    for row in rows:
        takes = "\n".join(f"{k} ← {Path(v).stem}" for k, v in row["from_the_chain"].items())
        table.add_row(
            row["study"],
            row["rule"],
            significant(row["kg_co2e_per_unit"]),
            row["unit"],
            takes or "—",
        )
    return table
