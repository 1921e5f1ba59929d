"""The error tree: every error pickles, is public, and is drawn where it really sits."""

from __future__ import annotations

import pickle
import re
from dataclasses import fields
from typing import Any

import pytest

import pcfrules
from pcfrules import errors
from pcfrules.errors import Location, PcfrulesError, ValidationIssue

ISSUES = [
    ValidationIssue(Location("rule.yaml", 12, "unit.unit"), "单位无效", "bad unit"),
    ValidationIssue(Location("book.xlsx", 3, "Items!B3"), "缺少数值", "value missing"),
]
# A sample for every field an error may add to zh, en and location; a new field must
# get one here, so that its pickling is tested too.
EXTRA_FIELDS: dict[str, Any] = {"issues": ISSUES}


def _all_errors() -> list[type[PcfrulesError]]:
    """PcfrulesError and every subclass of it, however deep, found rather than listed."""
    found: list[type[PcfrulesError]] = []
    pending = [PcfrulesError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__name__)


def _ours() -> list[type[PcfrulesError]]:
    return [cls for cls in _all_errors() if cls.__module__ == errors.__name__]


def _sample(cls: type[PcfrulesError]) -> PcfrulesError:
    extra = [f.name for f in fields(cls) if f.name not in {"zh", "en", "location"}]
    missing = [name for name in extra if name not in EXTRA_FIELDS]
    assert not missing, f"{cls.__name__}: add a sample for {missing} to EXTRA_FIELDS"
    return cls(
        zh="规则文件有误",
        en="the rule file is wrong",
        location=Location(file="rule.yaml", line=7, path="scope.name"),
        **{name: EXTRA_FIELDS[name] for name in extra},
    )


@pytest.mark.parametrize("cls", _all_errors(), ids=lambda c: c.__name__)
def test_pickles_with_its_fields(cls: type[PcfrulesError]) -> None:
    error = _sample(cls)
    error.add_note("raised on a worker")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls
    assert (again.zh, again.en, again.location) == (error.zh, error.en, error.location)
    assert getattr(again, "issues", None) == getattr(error, "issues", None)
    assert str(again) == str(error) and again.args == error.args
    assert again.message("zh") == error.message("zh")
    assert again.__notes__ == ["raised on a worker"]


def test_issues_survive_pickling() -> None:
    error = errors.WorkbookError(zh="有问题", en="problems", issues=ISSUES)
    again = pickle.loads(pickle.dumps(error))
    assert again.issues == ISSUES and again.issues is not ISSUES


def test_message_format_is_kept() -> None:
    error = errors.UnitError(zh="无法识别", en="unknown", location=Location("a.yaml", 2, "x"))
    assert str(error) == "a.yaml:2: x: unknown / 无法识别"
    assert error.message("zh") == "a.yaml:2: x: 无法识别"
    assert str(errors.UnitError(zh="无", en="none")) == "none / 无"


@pytest.mark.parametrize("cls", _ours(), ids=lambda c: c.__name__)
def test_every_error_is_public(cls: type[PcfrulesError]) -> None:
    assert cls.__name__ in pcfrules.__all__
    assert getattr(pcfrules, cls.__name__) is cls


@pytest.mark.parametrize("name", ["Location", "ValidationIssue"])
def test_error_parts_are_public(name: str) -> None:
    assert name in pcfrules.__all__
    assert getattr(pcfrules, name) is getattr(errors, name)


# A drawn line: the tree's rails, then ``├── `` or ``└── `` (not on the root), a name.
_DRAWN = re.compile(r"^(?P<rails>[ │]*)(?:[├└]── )?(?P<name>[A-Z]\w*Error)\b")


def _drawn_tree() -> list[tuple[str, str | None]]:
    """(name, parent) for each class drawn in the errors module docstring, in order."""
    doc = errors.__doc__ or ""
    drawing = doc.split("The tree::", 1)[1].split("\n\n")[1]
    body = [line.removeprefix("    ") for line in drawing.splitlines()]
    drawn: list[tuple[str, str | None]] = []
    parents: list[str] = []  # parents[d] is the class last drawn at depth d
    for line in body:
        match = _DRAWN.match(line)
        assert match, f"not a line of the tree: {line!r}"
        depth = match.start("name") // 4
        del parents[depth:]
        drawn.append((match["name"], parents[-1] if parents else None))
        parents.append(match["name"])
    return drawn


def test_drawn_tree_is_the_class_tree() -> None:
    drawn = _drawn_tree()
    names = [name for name, _ in drawn]
    assert len(names) == len(set(names)), "a class is drawn twice"
    real = {
        cls.__name__: (None if cls is PcfrulesError else cls.__bases__[0].__name__)
        for cls in _ours()
    }
    assert dict(drawn) == real


def test_drawn_tree_reader_sees_depth() -> None:
    drawn = dict(_drawn_tree())
    assert drawn["PcfrulesError"] is None
    assert drawn["RuleValidationError"] == "RuleLoadError"
    assert drawn["CbamTemplateError"] == "PcfrulesError"
