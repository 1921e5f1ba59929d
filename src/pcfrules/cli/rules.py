"""``pcfrules rules …``: list, check, render, schema and the list of checks."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pcfrules.cli.output import console, fail, findings_table
from pcfrules.errors import PcfrulesError
from pcfrules.rules import catalog, check, json_schema
from pcfrules.rules.check.base import Finding
from pcfrules.rules.render import write_file

app = typer.Typer(
    help="Rule standards: list, check, render, schema · 规则标准：列出、检查、生成文本、模式",
    no_args_is_help=True,
)


class OutputFormat(StrEnum):
    """How check results are printed."""

    table = "table"
    json = "json"


class Lang(StrEnum):
    """Language of a standard text."""

    zh = "zh"
    en = "en"


class TextFormat(StrEnum):
    """File format of a standard text."""

    html = "html"
    md = "md"
    docx = "docx"


@app.command("list")
def list_rules() -> None:
    """List the built-in catalogue · 列出内置规则目录."""
    table = Table(title="pcfrules catalogue / 规则目录")
    for column in ("id", "version", "title / 名称", "boundary", "unit", "errors"):
        table.add_column(column, overflow="fold")
    for rule_id in catalog.catalog_ids():
        try:
            rule = catalog.load(rule_id)
        except PcfrulesError as exc:
            table.add_row(rule_id, "—", f"[red]{exc.en}[/]", "", "", "—")
            continue
        errors = sum(1 for f in check.run(rule) if f.severity == "error")
        table.add_row(
            rule.identity.id,
            rule.identity.version,
            f"{rule.identity.title.zh}\n{rule.identity.title.en}",
            rule.boundary.type,
            f"{rule.unit.quantity:g} {rule.unit.unit}",
            str(errors),
        )
    console.print(table)


@app.command("check")
def check_rule(
    path_or_id: Annotated[
        str, typer.Argument(help="Rule file or catalogue id · 规则文件或目录编号")
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table or json")
    ] = OutputFormat.table,
) -> None:
    """Check a rule against GB/T 24067, GB/T 1.1 and the MIIT guide · 符合性检查.

    Exit 0 without errors, 1 with errors, 2 when the rule cannot be read.
    """
    try:
        path = catalog.resolve(path_or_id)
        rule = catalog.load(str(path))
    except PcfrulesError as exc:
        fail(exc)
    findings = check.run(rule)
    if fmt is OutputFormat.json:
        print(
            json.dumps(
                _report(
                    rule.identity.id, rule.identity.version, rule.fingerprint(), str(path), findings
                ),
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        _print_summary(str(path), findings)
    raise typer.Exit(1 if check.has_errors(findings) else 0)


def _report(
    rule_id: str, version: str, fingerprint: str, path: str, findings: list[Finding]
) -> dict[str, object]:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    return {
        "rule": {"id": rule_id, "version": version, "fingerprint": fingerprint},
        "file": path,
        "conforms": counts["error"] == 0,
        "counts": counts,
        "findings": [f.to_dict() for f in findings],
    }


def _print_summary(path: str, findings: list[Finding]) -> None:
    errors = sum(1 for f in findings if f.severity == "error")
    if findings:
        console.print(findings_table(findings, f"{path}"))
    verdict = (
        "[bold green]conforms / 符合[/]"
        if errors == 0
        else f"[bold red]{errors} error(s) / {errors} 项错误[/]"
    )
    console.print(f"{path}: {len(findings)} finding(s) / 项发现 — {verdict}")


@app.command("render")
def render(
    path_or_id: Annotated[
        str, typer.Argument(help="Rule file or catalogue id · 规则文件或目录编号")
    ],
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="zh or en")] = Lang.zh,
    fmt: Annotated[
        TextFormat, typer.Option("--format", "-f", help="html, md or docx")
    ] = TextFormat.html,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="output file")] = None,
) -> None:
    """Write the rule as a standard text drafted to GB/T 1.1-2020 · 生成标准文本."""
    try:
        path = catalog.resolve(path_or_id)
        rule = catalog.load(str(path))
        target = output or Path(f"{rule.identity.id}.{lang.value}.{fmt.value}")
        write_file(rule, lang.value, fmt.value, target, catalog.example_for(path))
    except PcfrulesError as exc:
        fail(exc)
    console.print(f"wrote / 已写入 {target}")


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of a rule document · 输出规则文件的 JSON Schema."""
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command("checks")
def list_checks(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or md")] = "table",
) -> None:
    """List every conformance check and the clause it rests on · 列出全部检查项."""
    specs = check.specs()
    if fmt == "md":
        print(checks_markdown(), end="")
        return
    table = Table(title=f"{len(specs)} checks / 项检查")
    for column in ("code", "severity", "check / 检查", "clause / 依据"):
        table.add_column(column, overflow="fold")
    for s in specs:
        table.add_row(s.code, s.severity, f"{s.en}\n{s.zh}", s.clause)
    console.print(table)


def checks_markdown() -> str:
    """``docs/checks.md``: every check with its code, severity and clause (generated)."""
    lines = [
        "# Conformance checks · 符合性检查项",
        "",
        "Generated by `pcfrules rules checks --format md`; do not edit by hand.",
        "本文件由 `pcfrules rules checks --format md` 生成，请勿手工修改。",
        "",
        "Clause numbers of GB/T 24067—2024 follow ISO 14067:2018, of which it is the "
        "identical adoption; sub-clause numbers below 6.x are given only where the "
        "published table of contents confirms them.",
        "",
        "| code | severity | check | 检查 | clause / 依据 |",
        "|---|---|---|---|---|",
    ]
    for s in check.specs():
        lines.append(f"| `{s.code}` | {s.severity} | {s.en} | {s.zh} | {s.clause} |")
    return "\n".join(lines) + "\n"
