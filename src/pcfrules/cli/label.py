"""``pcfrules label``: make a carbon label (SVG or PNG) from a result, or check one's QR code.

``pcfrules label RESULT -o label.png`` makes one (``make`` is the default subcommand, so the
documented form keeps working); ``pcfrules label verify LABEL RESULT`` checks the payload of
a label — a PNG or SVG label, its JSON, a text file, or the scanned text itself — against a
result file: exit 0 when every claim holds, 1 when one does not (each named).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from pcfrules.cli.export import ResultArgument, _suffix
from pcfrules.cli.output import (
    DbOption,
    FormatOption,
    OutputFormat,
    RuleOption,
    console,
    fail,
    json_bytes,
    print_json,
    registry_rules,
    write_output,
)
from pcfrules.errors import PcfrulesError
from pcfrules.reports.label import label_data, label_png, label_svg, payload_of, verify
from pcfrules.studies import read_result, rule_of_result


class _MakeByDefault(TyperGroup):
    """A group whose first argument, when it names no subcommand, goes to ``make``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Typer's own click Context
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["make", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_MakeByDefault,
    help="Carbon label: make one (SVG/PNG with a QR code) or verify one · 碳标识：生成或核验",
    no_args_is_help=True,
)


@app.command("make")
def make(
    result_file: ResultArgument,
    output: Annotated[Path, typer.Option("--output", "-o", help="the .svg or .png to write")],
    data: Annotated[Path | None, typer.Option("--json", help="also write the label data")] = None,
    fmt: FormatOption = OutputFormat.table,
    rule: RuleOption = None,
    db: DbOption = None,
) -> None:
    """Make the label (its QR code carries a hashed payload of what it states) · 生成碳标识."""
    try:
        kind = _suffix(output, ("svg", "png"))
        result = read_result(result_file)
        found = rule_of_result(result, rule, registry_rules(db), str(result_file))
        identity = found.rule.identity
        content = label_data(result, found.rule.declaration.validity_years or 3, identity.number)
    except PcfrulesError as exc:
        fail(exc)
    write_output(output, label_png(content) if kind == "png" else label_svg(content))
    if data is not None:
        write_output(data, json_bytes(content))
    if fmt is OutputFormat.json:
        print_json(content)


@app.command("verify")
def verify_label(
    label: Annotated[str, typer.Argument(help="label file (.png/.svg/.json/.txt) or payload")],
    result_file: ResultArgument,
    fmt: FormatOption = OutputFormat.table,
    rule: RuleOption = None,
    db: DbOption = None,
) -> None:
    """Check a label's QR payload against a result file · 核验碳标识."""
    try:
        path = Path(label)
        payload = payload_of(path) if path.is_file() else label
        result = read_result(result_file)
        found = rule_of_result(result, rule, registry_rules(db), str(result_file))
        years = found.rule.declaration.validity_years or 3
        mismatches = verify(payload, result, found.rule.identity.number, years)
    except PcfrulesError as exc:
        fail(exc)
    answer: dict[str, Any] = {
        "verified": not mismatches,
        "mismatches": [m.__dict__ for m in mismatches],
    }
    if fmt is OutputFormat.json:
        print_json(answer)
    elif mismatches:
        for m in mismatches:
            console.print(
                f"✗ {m.claim}: label / 标识 {m.label} ≠ result / 结果 {m.result}", highlight=False
            )
    else:
        console.print("✓ the label is this result's / 碳标识与结果一致", highlight=False)
    raise typer.Exit(1 if mismatches else 0)
