"""``pcfrules rules …``: list, check, render, schema and the list of checks."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pcfrules.cli.output import (
    DbOption,
    FormatOption,
    OutputFormat,
    RuleOption,
    console,
    fail,
    findings_table,
    json_bytes,
    parse_date,
    print_json,
    registry_rules,
    rule_spec,
    say_notes,
    write_output,
)
from pcfrules.errors import PcfrulesError
from pcfrules.rules import catalog, check, json_schema
from pcfrules.rules.check import CheckReport
from pcfrules.rules.render import edition_of
from pcfrules.rules.render import render as render_text
from pcfrules.rules.sources import FoundRule, find
from pcfrules.studies.example import worked_example

app = typer.Typer(
    help="Rule standards: list, check, render, schema · 规则标准：列出、检查、生成文本、模式",
    no_args_is_help=True,
)
RuleArgument = Annotated[
    str | None,
    typer.Argument(
        help="rule file, id (search path, catalogue) or id@version (registry), "
        "or give it as --rule · 规则",
        show_default=False,
    ),
]


class Lang(StrEnum):
    """Language of a standard text."""

    zh = "zh"
    en = "en"


class TextFormat(StrEnum):
    """File format of a standard text."""

    html = "html"
    pdf = "pdf"
    md = "md"
    docx = "docx"


class Stage(StrEnum):
    """Edition of a standard text: published, or a draft stage (征求意见稿/送审稿/报批稿)."""

    published = "published"
    consultation = "consultation"
    review = "review"
    approval = "approval"


class ChecksFormat(StrEnum):
    """How the list of checks is shown."""

    table = "table"
    json = "json"
    md = "md"


def found_rule(argument: str | None, option: str | None, db: str | None) -> FoundRule:
    """The rule named as an argument or by ``--rule``, its notes said; exit 2 when none.

    Both ways are accepted so that every command that needs a rule takes ``--rule`` (as
    ``calc`` and ``report`` do) while ``rules check cement`` keeps working.
    """
    spec = rule_spec(argument, option)
    try:
        found = find(spec, registry_rules(db))
    except PcfrulesError as exc:
        fail(exc, code=2)
    say_notes(found)
    return found


@app.command("list")
def list_rules(
    fmt: Annotated[
        ChecksFormat, typer.Option("--format", "-f", help="table, json or md (docs/catalogue.md)")
    ] = ChecksFormat.table,
) -> None:
    """List the built-in catalogue · 列出内置规则目录."""
    if fmt is ChecksFormat.md:
        try:
            print(catalogue_markdown(), end="")
        except PcfrulesError as exc:
            fail(exc)
        return
    reports = []
    for rule_id in catalog.catalog_ids():
        try:
            reports.append(check.check_rule(find(rule_id)))
        except PcfrulesError as exc:
            fail(exc)
    if fmt is ChecksFormat.json:
        print_json([r.to_dict() for r in reports])
        return
    table = Table(title="pcfrules catalogue / 规则目录")
    for column in ("id", "version", "title / 名称", "boundary", "unit", "errors"):
        table.add_column(column, overflow="fold")
    for r in reports:
        rule = r.found.rule
        table.add_row(
            rule.identity.id,
            rule.identity.version,
            f"{rule.identity.title.zh}\n{rule.identity.title.en}",
            rule.boundary.type,
            f"{rule.unit.quantity:g} {rule.unit.unit}",
            str(r.counts["error"]),
        )
    console.print(table)


@app.command("check")
def check_cmd(
    rule: RuleArgument = None,
    rule_option: RuleOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="also write the report as JSON")
    ] = None,
    db: DbOption = None,
) -> None:
    """Check a rule against GB/T 24067, GB/T 1.1 and the MIIT guide · 符合性检查.

    Exit 0 without errors, 1 with errors, 2 when the rule cannot be read.
    """
    report = check.check_rule(found_rule(rule, rule_option, db))
    if output is not None:
        write_output(output, json_bytes(report.to_dict()))
    if fmt is OutputFormat.json:
        print_json(report.to_dict())
    else:
        _print_summary(report)
    raise typer.Exit(0 if report.conforms else 1)


def _print_summary(report: CheckReport) -> None:
    where = str(report.found.file or report.found.origin.location)
    if report.findings:
        console.print(findings_table(report.findings, where))
    errors = report.counts["error"]
    verdict = (
        "[bold green]conforms / 符合[/]"
        if errors == 0
        else f"[bold red]{errors} error(s) / {errors} 项错误[/]"
    )
    console.print(
        f"{where}: {len(report.findings)} finding(s) / 项发现 — {verdict}", highlight=False
    )


@app.command("render")
def render(
    rule: RuleArgument = None,
    rule_option: RuleOption = None,
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="zh or en")] = Lang.zh,
    fmt: Annotated[
        TextFormat, typer.Option("--format", "-f", help="html, pdf, md or docx")
    ] = TextFormat.html,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="file to write (default: <id>.<lang>.<fmt>)"),
    ] = None,
    stage: Annotated[
        Stage | None,
        typer.Option(
            "--stage",
            help="published, or a draft: consultation 征求意见稿 · review 送审稿 · approval 报批稿 "
            "(default: published when the rule has a number)",
        ),
    ] = None,
    completed: Annotated[
        str | None,
        typer.Option("--completed", help="本稿完成日期 of a draft, YYYY-MM-DD (default: today)"),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the rule as a standard text drafted to GB/T 1.1-2020 · 生成标准文本."""
    found = found_rule(rule, rule_option, db)
    target = output or Path(f"{found.rule.identity.id}.{lang.value}.{fmt.value}")
    day = parse_date(completed, "--completed") if completed else None
    try:
        edition = edition_of(found.rule, stage.value if stage else None, day)
        data = render_text(
            found.rule, lang.value, fmt.value, found.example(), edition, worked_example(found)
        )
    except PcfrulesError as exc:
        fail(exc)
    write_output(target, data)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of a rule document · 输出规则文件的 JSON Schema."""
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command("checks")
def list_checks(
    fmt: Annotated[
        ChecksFormat, typer.Option("--format", "-f", help="table, json or md")
    ] = ChecksFormat.table,
) -> None:
    """List every conformance check and the clause it rests on · 列出全部检查项."""
    specs = check.specs()
    if fmt is ChecksFormat.md:
        print(checks_markdown(), end="")
        return
    if fmt is ChecksFormat.json:
        print_json([asdict(s) for s in specs])
        return
    table = Table(title=f"{len(specs)} checks / 项检查")
    for column in ("code", "severity", "check / 检查", "clause / 依据"):
        table.add_column(column, overflow="fold")
    for s in specs:
        table.add_row(s.code, s.severity, f"{s.en}\n{s.zh}", s.clause)
    console.print(table)


def catalogue_markdown() -> str:
    """``docs/catalogue.md``: each catalogue rule, its scope and the published footprints."""
    lines = [
        "# The catalogue · 规则目录",
        "",
        "Generated by `pcfrules rules list --format md`; do not edit by hand.",
        "本文件由 `pcfrules rules list --format md` 生成，请勿手工修改。",
        "",
        "Each rule's worked example is held to the published footprints of its route "
        "(`range.yaml` beside the rule): `make demo` prints the comparison and "
        "`tests/catalog/test_plausibility.py` asserts it. The ranges are published figures, "
        "with their sources; they are a plausibility check of the example, not defaults.",
        "",
        "每项规则的计算示例均与其工艺路线已发表的碳足迹范围比较（规则旁的 `range.yaml`）："
        "`make demo` 输出比较结果，`tests/catalog/test_plausibility.py` 对其断言。"
        "范围均为已发表的数值并注明来源，仅用于检验示例是否合理，不是默认值。",
        "",
        "| rule | product · 产品 | GB/T 4754 | declared unit · 声明单位 | example route · 示例路线 |",
        "|---|---|---|---|---|",
    ]
    rules = {rule_id: catalog.load(rule_id) for rule_id in catalog.catalog_ids()}
    ranges = {rule_id: catalog.plausibility(rule_id) for rule_id in rules}
    for rule_id, rule in rules.items():
        found = ranges[rule_id]
        example = found.of_example() if found is not None else None
        route = example.route if example is not None else None
        lines.append(
            f"| `{rule_id}` | {rule.identity.product.zh} {rule.identity.product.en} | "
            f"{', '.join(rule.product.classification.industry) or '—'} | "
            f"{rule.unit.quantity:g} {rule.unit.unit} | "
            f"{f'{route.zh} · {route.en}' if route is not None else 'none published · 未见发表'} |"
        )
    for rule_id, rule in rules.items():
        lines += ["", f"## `{rule_id}` — {rule.identity.product.zh} · {rule.identity.product.en}"]
        lines += ["", f"{rule.unit.description.zh} · {rule.unit.description.en}", ""]
        found = ranges[rule_id]
        if found is None:
            lines.append("No published range yet · 尚无已发表的范围。")
            continue
        if found.not_found is not None:
            lines += [
                f"No published cradle-to-gate footprint for the example's route: "
                f"{found.not_found.en}",
                "",
                f"示例路线尚无已发表的从摇篮到大门碳足迹：{found.not_found.zh}",
                "",
            ]
        if not found.ranges:
            continue
        lines += [
            f"| route · 路线 | low · 下限 | high · 上限 ({found.unit}) | basis · 依据 | sources · 来源 |",
            "|---|---|---|---|---|",
        ]
        for r in found.ranges:
            mark = " (example · 示例)" if r.id == found.example else ""
            lines.append(
                f"| {r.route.zh} · {r.route.en}{mark} | {r.low:g} | {r.high:g} | "
                f"{r.basis.zh} · {r.basis.en} | {'; '.join(r.sources)} |"
            )
    return "\n".join(lines) + "\n"


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
