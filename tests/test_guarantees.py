"""docs/guarantees.md says what the code does: every limit with its default and override,
every error class with its exit code."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from pcfrules import errors, limits
from pcfrules.cli.output import exit_code

DOC = (Path(__file__).resolve().parents[1] / "docs" / "guarantees.md").read_text("utf-8")


def _rows(heading: str) -> list[list[str]]:
    """The body rows of the first table after ``heading``, cell by cell."""
    lines = DOC.split(heading, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    return [[c.strip() for c in row.strip("|").split("|")] for row in lines[start + 2 : end]]


def test_every_limit_is_documented_with_its_default_and_override() -> None:
    rows = {row[0].strip("`"): row for row in _rows("## Never a hang")}
    names = {name for name, value in vars(limits).items() if isinstance(value, limits.Limit)}
    assert set(rows) == names
    assert {getattr(limits, name) for name in names} == set(limits.LIMITS)
    for name, row in rows.items():
        limit: limits.Limit = getattr(limits, name)
        assert re.match(rf"`{limit.default}`", row[2]), (name, row[2])
        assert row[3] == (f"`{limit.env}`" if limit.env else "—"), (name, row[3])


def test_every_error_class_is_documented_with_its_exit_code() -> None:
    rows = {row[0].strip("`"): row for row in _rows("### Error classes")}
    classes = {
        name: cls
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.PcfrulesError)
    }
    assert set(rows) == set(classes)
    for name, cls in classes.items():
        made = cls(zh="中", en="en")
        assert rows[name][2] == str(exit_code(made)), name
