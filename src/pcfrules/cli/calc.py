"""``pcfrules calc`` and ``pcfrules compare``: footprints of studies and raw systems."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pcfrules.cli.output import console, fail
from pcfrules.errors import Location, PcfrulesError, StudyError
from pcfrules.files import write_text
from pcfrules.rules import json_schema
from pcfrules.studies import compare, load_input, rule_for, run_raw, run_study
from pcfrules.studies.model import Study
from pcfrules.studies.schema import result_schema, study_schema, system_schema


class OutputFormat(StrEnum):
    """How a result is printed."""

    table = "table"
    json = "json"


def calc(
    file: Annotated[
        Path, typer.Argument(help="study or raw system (YAML/JSON) · 研究或产品系统文件")
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table or json")
    ] = OutputFormat.table,
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=0, help="Monte Carlo draws · 蒙特卡洛次数")
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", "-s", help="random seed · 随机种子")] = 0,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write the result JSON here")
    ] = None,
) -> None:
    """Compute a product carbon footprint · 计算产品碳足迹."""
    try:
        result = compute(file, samples, seed)
    except PcfrulesError as exc:
        fail(exc)
    if output is not None:
        write_json(output, result)
    if fmt is OutputFormat.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_result(result)
        if output is not None:
            console.print(f"wrote / 已写入 {output}")


def compute(file: Path, samples: int = 0, seed: int = 0) -> dict[str, Any]:
    """The result JSON of a study or raw system file."""
    data = load_input(file)
    try:
        if isinstance(data, Study):
            return run_study(data, rule_for(data, file), samples, seed)
        return run_raw(data, samples, seed)
    except PcfrulesError as exc:
        if exc.location.file is None:  # name the file the user gave, not only the field
            exc.location = Location(str(file), exc.location.line, exc.location.path)
        raise


def write_json(path: Path, data: Any) -> Path:
    """Write ``data`` as indented UTF-8 JSON, atomically (a failed run leaves nothing half)."""
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_result(result: dict[str, Any]) -> None:
    """The headline and the breakdowns as tables."""
    rule = result.get("rule") or {}
    fu = result["functional_unit"]
    unit = f"{fu.get('quantity', fu.get('amount'))} {fu['unit']}"
    console.print(
        f"[bold]{result['total']['value']:,.2f} kg CO2e[/] per / 每 {unit} · "
        f"{rule.get('id', 'raw system')} {rule.get('version', '')} · {result['gwp_set']}"
    )
    for key, title in [
        ("by_stage", "stage / 阶段"),
        ("by_origin", "origin / 来源"),
        ("by_gas", "gas / 气体"),
        ("by_process", "process / 过程"),
    ]:
        table = Table(title=title)
        table.add_column(title)
        table.add_column("kg CO2e", justify="right")
        table.add_column("%", justify="right")
        total = result["total"]["value"] or 1.0
        for name, value in sorted(result[key].items(), key=lambda kv: -abs(kv[1])):
            table.add_row(name, f"{value:,.3f}", f"{100 * value / total:.1f}")
        console.print(table)
    if "uncertainty" in result:
        u = result["uncertainty"]
        p = u["percentiles"]
        console.print(
            f"Monte Carlo ({u['samples']} draws, seed {u['seed']}): mean {u['mean']:,.2f}"
            f", sd {u['sd']:,.2f}, 95 % [{p['2.5']:,.2f}, {p['97.5']:,.2f}]"
        )
    for f in result.get("findings", []):
        console.print(
            f"[{f['severity']}] {f['code']} {f['path']}: {f['message']['en']} / "
            f"{f['message']['zh']}",
            highlight=False,
            markup=False,
        )


def compare_cmd(
    a: Annotated[Path, typer.Argument(help="result JSON A")],
    b: Annotated[Path, typer.Argument(help="result JSON B")],
) -> None:
    """Compare two results computed under the same rule and GWP set · 比较两个结果."""
    try:
        report = compare(read_result(a), read_result(b))
    except PcfrulesError as exc:
        fail(exc, code=1)
    print(json.dumps(report, ensure_ascii=False, indent=2))


def read_result(path: Path) -> dict[str, Any]:
    """A result JSON file; a bilingual error naming the file when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StudyError(
            zh=f"无法读取结果文件（{exc}）",
            en=f"cannot read result file ({exc})",
            location=Location(file=str(path)),
        ) from exc


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
