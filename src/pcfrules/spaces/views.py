"""What the spaces hand out: an organisation as a person sees it, and a kept study.

Frozen dataclasses made from the rows, so no page or API response ever holds a session's
object (or the bytes of a source file it did not ask for).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pcfrules.spaces.models import KeptStudy, Organisation


@dataclass(frozen=True)
class OrganisationView:
    """An organisation, and the role in it of the person who asked."""

    id: int
    code: str
    name_zh: str
    name_en: str
    kind: str
    role: str


@dataclass(frozen=True)
class StudyView:
    """A kept study: where it came from, its check, and its footprint once computed.

    ``findings`` are the study check's, each ``{code, severity, path, message: {zh, en},
    clause, sheet, cell}`` (``sheet`` and ``cell`` are ``None`` where the reader named none);
    ``total`` is in kg CO2e per ``declared_unit`` (``None`` before it is computed).
    """

    id: int
    organisation: str  # the code of the enterprise that keeps it
    name: str
    rule_id: str
    rule_version: str
    created: datetime
    updated: datetime
    source_name: str
    findings: list[dict[str, Any]]
    computed: bool
    published: bool
    pact_id: str | None
    total: float | None
    declared_unit: str
    shared_with: list[str]


def organisation_view(row: Organisation, role: str) -> OrganisationView:
    """The organisation as seen by a person holding ``role`` in it."""
    return OrganisationView(row.id, row.code, row.name_zh, row.name_en, row.kind, role)


def study_view(row: KeptStudy, viewer: Organisation) -> StudyView:
    """The kept study as ``viewer`` sees it; its total and unit read from its result.

    A verifier is not told which other verifiers the study is shared with.
    """
    total, unit = _headline(row.result_json)
    shared = row.shared_with if viewer.kind == "enterprise" else [viewer.code]
    return StudyView(
        id=row.id,
        organisation=row.organisation.code,
        name=row.name,
        rule_id=row.rule_id,
        rule_version=row.rule_version,
        created=row.created,
        updated=row.updated,
        source_name=row.source_name,
        findings=list(row.findings),
        computed=bool(row.result_json),
        published=row.published,
        pact_id=row.pact_id,
        total=total,
        declared_unit=unit,
        shared_with=list(shared),
    )


def _headline(result_json: str) -> tuple[float | None, str]:
    """The total and the declared unit of a stored result (validated when it was stored)."""
    if not result_json:
        return None, ""
    result = json.loads(result_json)
    unit = result["functional_unit"]
    return float(result["total"]["value"]), f"{unit['quantity']:g} {unit['unit']}"
