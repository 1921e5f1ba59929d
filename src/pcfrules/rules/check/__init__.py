"""Conformance check of a rule standard against GB/T 24067, GB/T 1.1 and the MIIT guide.

``run(rule)`` returns every finding, errors first; each cites the clause it rests on. The
checks live in small modules by element (identity, front matter, boundary, inventory,
report) and register themselves in :data:`base.REGISTRY` on import.
"""

from __future__ import annotations

from pcfrules.rules.check import boundary, cbam, front, identity, inventory, report
from pcfrules.rules.check.base import REGISTRY, CheckSpec, Finding
from pcfrules.rules.check.verdict import CheckReport, check_rule, findings_of
from pcfrules.rules.model import RuleStandard

__all__ = ["CheckReport", "CheckSpec", "Finding", "check_rule", "has_errors", "run", "specs"]
_MODULES = (identity, front, boundary, inventory, report, cbam)


def run(rule: RuleStandard) -> list[Finding]:
    """Every finding of every check on a rule held in memory, sorted by severity then code."""
    return findings_of(rule)


def has_errors(findings: list[Finding]) -> bool:
    """True when any finding is an error (the rule does not conform)."""
    return any(f.severity == "error" for f in findings)


def specs() -> list[CheckSpec]:
    """Every registered check, in code order."""
    return sorted((spec for spec, _ in REGISTRY), key=lambda s: s.code)
