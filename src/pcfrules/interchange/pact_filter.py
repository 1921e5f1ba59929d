"""PACT v3's filter criteria for ListFootprints (and the RequestCreated event), applied.

The specification (``/3/footprints`` parameters) says: each criterion with several values
matches when any value matches (OR); all criteria given must match (AND). Identifiers,
geographies and the status match case-insensitively. The validity period is the footprint's
``validityPeriodStart``/``End``, else from the end of its reference period for three years
(the specification's default). A footprint without a given field never matches a
criterion on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

VALIDITY_YEARS = 3  # PACT's default validity after the end of the reference period
STATUSES = ("Active", "Deprecated")
GEOGRAPHY_FIELDS = ("geographyRegionOrSubregion", "geographyCountry", "geographyCountrySubdivision")


@dataclass(frozen=True)
class Criteria:
    """What a data recipient asks for; empty tuples and ``None`` ask for nothing."""

    product_ids: tuple[str, ...] = ()
    company_ids: tuple[str, ...] = ()
    geography: tuple[str, ...] = ()
    classification: tuple[str, ...] = ()
    valid_on: datetime | None = None
    valid_after: datetime | None = None
    valid_before: datetime | None = None
    status: str | None = None

    def __bool__(self) -> bool:
        """True when any criterion is given (no criteria: every footprint matches)."""
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def matches(footprint: dict[str, Any], criteria: Criteria) -> bool:
    """True when the v3 ``footprint`` meets every criterion given."""
    pcf = footprint.get("pcf", {})
    geographies = [pcf.get(name) for name in GEOGRAPHY_FIELDS]
    lists = (
        (criteria.product_ids, footprint.get("productIds", [])),
        (criteria.company_ids, footprint.get("companyIds", [])),
        (criteria.classification, footprint.get("productClassifications", [])),
        (criteria.geography, [g for g in geographies if g]),
        ((criteria.status,) if criteria.status else (), [footprint.get("status", "")]),
    )
    if not all(_any_of(asked, held) for asked, held in lists):
        return False
    return _within_validity(footprint, criteria)


def _any_of(asked: tuple[str, ...], held: list[str]) -> bool:
    """No values asked, or one of them held (case-insensitive)."""
    if not asked:
        return True
    folded = {h.casefold() for h in held if isinstance(h, str)}
    return any(a.casefold() in folded for a in asked)


def _within_validity(footprint: dict[str, Any], criteria: Criteria) -> bool:
    if not (criteria.valid_on or criteria.valid_after or criteria.valid_before):
        return True
    start, end = validity(footprint)
    if start is None or end is None:
        return False
    on, after, before = (
        _aware(t) for t in (criteria.valid_on, criteria.valid_after, criteria.valid_before)
    )
    return (
        (on is None or start <= on <= end)
        and (after is None or start > after)
        and (before is None or end < before)
    )


def validity(footprint: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    """The footprint's validity period: given, or three years from its reference period's end."""
    pcf = footprint.get("pcf", {})
    start = _instant(footprint.get("validityPeriodStart")) or _instant(
        pcf.get("referencePeriodEnd")
    )
    end = _instant(footprint.get("validityPeriodEnd"))
    if end is None and start is not None:
        end = _years_later(start, VALIDITY_YEARS)
    return start, end


def _instant(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return _aware(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return None


def _aware(moment: datetime | None) -> datetime | None:
    """A moment with its zone (one without is read as UTC, as PACT's times are)."""
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _years_later(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)
