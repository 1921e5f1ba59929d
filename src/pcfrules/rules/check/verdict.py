"""The check report of one rule: what ``rules check`` prints and the web shows.

It names the rule as found (id, version, fingerprint, where it came from) beside the
findings, so a report can always be traced to the exact text it judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pcfrules.rules.check.base import REGISTRY, SEVERITY_ORDER, Finding
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.sources import FoundRule

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class CheckReport:
    """Every finding of one rule, and the verdict."""

    found: FoundRule
    findings: list[Finding]

    @property
    def counts(self) -> dict[str, int]:
        """Findings per severity."""
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    @property
    def conforms(self) -> bool:
        """True without errors."""
        return self.counts["error"] == 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``pcfrules rules check --format json``."""
        rule = self.found.rule
        return {
            "rule": {
                "id": rule.identity.id,
                "version": rule.identity.version,
                "fingerprint": rule.fingerprint(),
                "source": {
                    "kind": self.found.origin.kind,
                    "location": self.found.origin.location,
                },
            },
            "file": str(self.found.file) if self.found.file else None,
            "conforms": self.conforms,
            "counts": self.counts,
            "findings": [f.to_dict() for f in self.findings],
        }


def findings_of(rule: RuleStandard) -> list[Finding]:
    """Every finding of every check, sorted by severity then code."""
    findings = [
        Finding(spec.code, spec.severity, hit.path, hit.zh, hit.en, spec.clause)
        for spec, fn in REGISTRY
        for hit in fn(rule)
    ]
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.path))


def check_rule(found: FoundRule) -> CheckReport:
    """Run every check on a found rule."""
    return CheckReport(found, findings_of(found.rule))
