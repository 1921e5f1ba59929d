"""A carbon label's QR code checked against the platform: the public verification.

The QR payload (``reports.label``) claims a result (its SHA-256), the rule and version it
was computed under, the footprint, the declared unit and the validity. The platform can
bear that out only for what it publishes: a published footprint whose result has that
SHA-256 is looked up, the label it would print is compared claim by claim, and the
registry says whether the rule version is still the one it stands by (or was superseded,
withdrawn, or is not a registry version at all). A payload that is not one, or was
altered, is a StudyError from ``reports.label`` before anything is looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry, workflow
from pcfrules.reports.label import Mismatch, decode_payload, result_fingerprint, verify
from pcfrules.spaces import kept
from pcfrules.spaces.models import KeptStudy

Verdict = Literal["valid", "outdated", "mismatch", "unknown"]
VERDICTS: dict[Verdict, tuple[str, str]] = {
    "valid": ("有效：与平台公开的碳足迹一致，所依据的标准版本现行有效", "valid: it matches the "
              "footprint the platform publishes, under a standard version in force"),
    "outdated": ("与平台公开的碳足迹一致，但所依据的标准版本已不是现行版本", "it matches the "
                 "published footprint, but the standard version it follows is no longer current"),
    "mismatch": ("与平台公开的碳足迹不一致", "it does not match the footprint the platform "
                 "publishes"),
    "unknown": ("平台未公开与之对应的碳足迹（未发布或已撤回）", "the platform publishes no "
                "footprint it belongs to (not published, or withdrawn)"),
}  # fmt: skip


@dataclass(frozen=True)
class RuleStanding:
    """Where the label's rule version stands in the registry now."""

    state: str | None  # the version's state; None when the registry has no such version
    current: str | None  # the version the registry stands by now (live, else the newest)
    same_text: bool  # the registry's text of that version is the one the label names

    @property
    def in_force(self) -> bool:
        """The label's version is the live one, with the text it names."""
        return self.same_text and self.state in workflow.LIVE


@dataclass(frozen=True)
class LabelCheck:
    """What a label claims, the published footprint it belongs to, and the verdict."""

    claims: dict[str, Any]  # x result SHA-256, r rule@version, k rule SHA-256 (16), n number,
    # f footprint (kg CO2e), u declared unit, t valid until
    footprint: dict[str, Any] | None  # the PACT v3 footprint the platform publishes for it
    mismatches: list[Mismatch]
    rule: RuleStanding

    @property
    def rule_id(self) -> str:
        """The rule the label names."""
        return str(self.claims.get("r", "")).partition("@")[0]

    @property
    def version(self) -> str:
        """The rule version the label names."""
        return str(self.claims.get("r", "")).partition("@")[2]

    @property
    def verdict(self) -> Verdict:
        """valid, outdated (the rule version is no longer in force), mismatch or unknown."""
        if self.footprint is None:
            return "unknown"
        if self.mismatches:
            return "mismatch"
        return "valid" if self.rule.in_force else "outdated"


def check(s: Session, registry: Registry, payload: str) -> LabelCheck:
    """The check of ``payload`` (StudyError when it is not an unaltered label payload)."""
    claims = decode_payload(payload)
    rule_id, _, version = str(claims.get("r", "")).partition("@")
    standing = _standing(registry, rule_id, version, str(claims.get("k", "")))
    row = published_with_result(s, str(claims.get("x", "")), rule_id, version)
    if row is None:
        return LabelCheck(claims, None, [], standing)
    found = kept.rule_of(row, registry)
    validity = found.rule.declaration.validity_years or 3
    mismatches = verify(payload, kept.result_of(row), found.rule.identity.number, validity)
    return LabelCheck(claims, kept.footprint(row), mismatches, standing)


def published_with_result(
    s: Session, result_sha256: str, rule_id: str, version: str
) -> KeptStudy | None:
    """The published study whose result has ``result_sha256``, among those under the rule.

    The hash is of the result's canonical JSON, which is not stored apart: the published
    studies of that rule version are read and hashed, so the cost is theirs, not the
    platform's.
    """
    rows = s.scalars(
        select(KeptStudy)
        .options(defer(KeptStudy.source_bytes))
        .where(
            KeptStudy.published.is_(True),
            KeptStudy.rule_id == rule_id,
            KeptStudy.rule_version == version,
        )
        .order_by(KeptStudy.id)
    )
    return next((r for r in rows if result_fingerprint(kept.result_of(r)) == result_sha256), None)


def _standing(registry: Registry, rule_id: str, version: str, prefix: str) -> RuleStanding:
    try:
        versions = registry.show(rule_id)["versions"]
    except RegistryError:
        return RuleStanding(None, None, False)
    live = [v for v in versions if v["state"] in workflow.LIVE]
    current = (live or versions)[-1]["version"]
    row = next((v for v in versions if v["version"] == version), None)
    if row is None:
        return RuleStanding(None, current, False)
    same = bool(prefix) and str(row["sha256"]).startswith(prefix)
    return RuleStanding(row["state"], current, same)
