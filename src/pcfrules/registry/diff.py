"""Differences between two versions of a rule, clause by clause."""

from __future__ import annotations

from typing import Any

from pcfrules.rules.model import RuleStandard

CHAPTERS = {  # rule section → chapter of the standard text it is printed in
    "identity": "封面 cover",
    "foreword": "前言 foreword",
    "scope": "1",
    "normative_references": "2",
    "terms": "3",
    "goal": "4",
    "product": "5.1",
    "unit": "5.2",
    "boundary": "5.3–5.5",
    "data_collection": "6.1–6.3",
    "data_quality": "6.4",
    "allocation": "6.5",
    "inventory": "7",
    "interpretation": "8",
    "report": "9",
    "declaration": "10",
    "annexes": "附录 annexes",
}


def diff(old: RuleStandard, new: RuleStandard) -> list[dict[str, Any]]:
    """Every changed field: its path, chapter, and the old and new values."""
    changes: list[dict[str, Any]] = []
    _walk(old.model_dump(mode="json"), new.model_dump(mode="json"), "", changes)
    for change in changes:
        change["chapter"] = CHAPTERS.get(change["path"].split(".")[0].split("[")[0], "")
    return changes


def _walk(a: Any, b: Any, path: str, out: list[dict[str, Any]]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=lambda k: (k not in a, k)):
            _walk(a.get(key), b.get(key), f"{path}.{key}" if path else key, out)
    elif isinstance(a, list) and isinstance(b, list) and _keyed(a) and _keyed(b):
        old, new = {x["id"]: x for x in a}, {x["id"]: x for x in b}
        for key in list(old) + [k for k in new if k not in old]:
            _walk(old.get(key), new.get(key), f"{path}[{key}]", out)
    elif a != b:
        kind = "added" if a is None else "removed" if b is None else "changed"
        out.append({"path": path, "change": kind, "old": a, "new": b})


def _keyed(items: list[Any]) -> bool:
    """Lists of records with ids are compared by id, so an insertion is one change."""
    return all(isinstance(x, dict) and "id" in x for x in items)
