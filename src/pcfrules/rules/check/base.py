"""The check framework: a registry of conformance checks, each citing its clause.

A check is a small generator over a :class:`RuleStandard` that yields :class:`Hit` s;
its code, severity and clause live once, in the decorator, so that ``docs/checks.md``
and every finding are generated from the same place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Literal

from pcfrules.rules.model import RuleStandard, Text

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class CheckSpec:
    """What a check is: stable code, severity, the clause it rests on, and its title."""

    code: str
    severity: Severity
    clause: str
    zh: str
    en: str


@dataclass(frozen=True)
class Hit:
    """One place where a check fires: the field path and what is wrong there."""

    path: str
    zh: str
    en: str


@dataclass(frozen=True)
class Finding:
    """A reported finding: a :class:`Hit` with its check's code, severity and clause."""

    code: str
    severity: Severity
    path: str
    zh: str
    en: str
    clause: str

    def to_dict(self) -> dict[str, object]:
        """JSON shape: code, severity, path, message {zh, en}, clause."""
        data = asdict(self)
        return {
            "code": data["code"],
            "severity": data["severity"],
            "path": data["path"],
            "message": {"zh": data["zh"], "en": data["en"]},
            "clause": data["clause"],
        }


CheckFn = Callable[[RuleStandard], Iterator[Hit]]
REGISTRY: list[tuple[CheckSpec, CheckFn]] = []


def check(
    code: str, severity: Severity, clause: str, zh: str, en: str
) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under a stable code."""

    def register(fn: CheckFn) -> CheckFn:
        if any(spec.code == code for spec, _ in REGISTRY):
            raise ValueError(f"duplicate check code {code}")
        REGISTRY.append((CheckSpec(code, severity, clause, zh, en), fn))
        return fn

    return register


def blank(text: Text | None) -> bool:
    """True when a bilingual text is missing in either language."""
    return text is None or not text.zh.strip() or not text.en.strip()


def thin(text: Text | None, min_zh: int = 8, min_en: int = 20) -> bool:
    """True when a text is too short to say anything in either language."""
    if text is None or blank(text):
        return True
    return len(text.zh.strip()) < min_zh or len(text.en.strip()) < min_en


def missing(path: str, zh_what: str, en_what: str) -> Hit:
    """A hit for an element that is absent or empty."""
    return Hit(path, f"缺少或未填写：{zh_what}", f"missing or empty: {en_what}")
