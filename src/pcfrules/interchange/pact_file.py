"""A supplier's PACT ``ProductFootprint`` v3, checked as the PACT Technical Specifications define it.

The model follows the official v3 OpenAPI document (Technical Specifications 3.0.3, WBCSD
``data-exchange-protocol`` ``spec/`` at commit cf4ebed; not shipped here, its licence allows
no redistribution in a package): the required fields, the ``specVersion`` pattern, the
declared units, the ``status`` values, and each figure as a Decimal — a string of plain
digits such as ``"12.5"``, so NaN, infinity and exponents are not numbers in PACT — of the
sign its type gives (``PositiveNonZeroDecimal``, ``PositiveOrZeroDecimal``,
``NegativeOrZeroDecimal``). Fields pcfrules does not read pass through unchecked.

Beyond the schema, the relations the specification states between the totals are held:

- ``pcfIncludingBiogenicUptake`` is ``pcfExcludingBiogenicUptake`` plus ``biogenicCO2Uptake``
  (≤ 0) by the specification's formula; its own list-footprints example reports only part
  of the uptake, so what is held is the bound: Including is at most Excluding, and at
  least Excluding + uptake when the uptake is given;
- ``pcfExcludingBiogenicUptake`` is the sum of fossil, land-use change, land-management,
  removal, capture and biogenic non-CO2 parts, all ≥ 0 but the removals and captures, so it
  is at least fossil + land-use change + those (negative) removals and captures;
- each within ``RELATION_TOLERANCE`` of the largest figure involved, because PACT figures
  are rounded decimals (the official example 1 is off by 0.25 %).

DQRs are 1 to 5 (v3; v2's were 1 to 3); percentages 0 to 100; the reference period ends
after it starts. pcfrules imports v3 (``specVersion`` 3.x.y); other versions are refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from pcfrules.errors import Location, StudyError

IMPORTED_MAJOR = 3
RELATION_TOLERANCE = 0.01  # of the largest |figure| in a relation: PACT decimals are rounded
PLAIN_DECIMAL = re.compile(r"[+-]?\d+(\.\d+)?")
SIGNS: dict[str, tuple[str, Callable[[Decimal], bool]]] = {
    "any": ("", lambda d: True),
    "positive": ("above 0", lambda d: d > 0),
    "non_negative": ("0 or more", lambda d: d >= 0),
    "non_positive": ("0 or less", lambda d: d <= 0),
    "dqr": ("1 to 5", lambda d: 1 <= d <= 5),
    "percent": ("0 to 100", lambda d: 0 <= d <= 100),
}


def _decimal(kind: str, text: str) -> str:
    """A PACT Decimal string of the sign its type gives (``kind`` in ``SIGNS``)."""
    if not isinstance(text, str) or not PLAIN_DECIMAL.fullmatch(text):
        raise ValueError(
            f"{text!r} is not a PACT Decimal (plain digits in a string such as '12.5': "
            "no exponent, NaN or infinity)"
        )
    rule, holds = SIGNS[kind]
    if not holds(Decimal(text)):
        raise ValueError(f"{text} is not {rule}, as PACT requires here")
    return text


Dec = Annotated[str, AfterValidator(partial(_decimal, "any"))]
Positive = Annotated[str, AfterValidator(partial(_decimal, "positive"))]
NonNegative = Annotated[str, AfterValidator(partial(_decimal, "non_negative"))]
NonPositive = Annotated[str, AfterValidator(partial(_decimal, "non_positive"))]
Dqr = Annotated[str, AfterValidator(partial(_decimal, "dqr"))]
Percent = Annotated[str, AfterValidator(partial(_decimal, "percent"))]
Urn = Annotated[str, Field(pattern=r"^[uU][rR][nN]:")]
DeclaredUnit = Literal[
    "liter",
    "kilogram",
    "cubic meter",
    "kilowatt hour",
    "megajoule",
    "ton kilometer",
    "square meter",
    "piece",
    "hour",
    "megabit second",
]


class _Pact(BaseModel):
    model_config = ConfigDict(extra="allow")


class DataQuality(_Pact):
    """PACT v3 ``DataQualityIndicators``: three DQRs, each 1 to 5."""

    technologicalDQR: Dqr  # noqa: N815 (PACT's names)
    geographicalDQR: Dqr  # noqa: N815
    temporalDQR: Dqr  # noqa: N815


class CarbonFootprint(_Pact):
    """PACT v3 ``CarbonFootprint``: the figures per declared unit, and how they relate."""

    declaredUnitOfMeasurement: DeclaredUnit  # noqa: N815
    declaredUnitAmount: Positive  # noqa: N815
    productMassPerDeclaredUnit: NonNegative  # noqa: N815 (a mass; 0 when not relevant)
    referencePeriodStart: AwareDatetime  # noqa: N815
    referencePeriodEnd: AwareDatetime  # noqa: N815
    pcfExcludingBiogenicUptake: Dec  # noqa: N815
    pcfIncludingBiogenicUptake: Dec  # noqa: N815
    fossilGhgEmissions: NonNegative  # noqa: N815
    fossilCarbonContent: NonNegative  # noqa: N815
    biogenicCarbonContent: NonNegative | None = None  # noqa: N815
    recycledCarbonContent: NonNegative | None = None  # noqa: N815
    landUseChangeGhgEmissions: NonNegative | None = None  # noqa: N815
    landCarbonLeakage: NonNegative | None = None  # noqa: N815
    landManagementFossilGhgEmissions: NonNegative | None = None  # noqa: N815
    landManagementBiogenicCO2Emissions: NonNegative | None = None  # noqa: N815
    landManagementBiogenicCO2Removals: NonPositive | None = None  # noqa: N815
    biogenicCO2Uptake: NonPositive | None = None  # noqa: N815
    biogenicNonCO2Emissions: NonNegative | None = None  # noqa: N815
    landAreaOccupation: NonNegative | None = None  # noqa: N815
    aircraftGhgEmissions: NonNegative | None = None  # noqa: N815
    packagingGhgEmissions: NonNegative | None = None  # noqa: N815
    packagingBiogenicCarbonContent: NonNegative | None = None  # noqa: N815
    outboundLogisticsGhgEmissions: NonNegative | None = None  # noqa: N815
    ccsTechnologicalCO2Capture: NonPositive | None = None  # noqa: N815
    technologicalCO2Removals: NonPositive | None = None  # noqa: N815
    ccuCarbonContent: NonNegative | None = None  # noqa: N815
    ipccCharacterizationFactors: list[Annotated[str, Field(pattern=r"^AR\d+$")]] = Field(  # noqa: N815
        min_length=1
    )
    crossSectoralStandards: list[str] = Field(min_length=1)  # noqa: N815
    exemptedEmissionsPercent: Percent  # noqa: N815
    primaryDataShare: Percent | None = None  # noqa: N815
    dqi: DataQuality | None = None

    def figure(self, name: str) -> float:
        """A figure as a float; 0 when the optional field is absent."""
        text = getattr(self, name)
        return float(text) if text is not None else 0.0

    @model_validator(mode="after")
    def _relations(self) -> CarbonFootprint:
        """The relations PACT states between the totals (see the module docstring)."""
        if self.referencePeriodEnd < self.referencePeriodStart:
            raise ValueError("referencePeriodEnd is before referencePeriodStart")
        excluding = self.figure("pcfExcludingBiogenicUptake")
        including = self.figure("pcfIncludingBiogenicUptake")
        uptake = self.figure("biogenicCO2Uptake")  # when given: optional in v3
        _within(
            including - excluding,
            [including, excluding],
            "pcfIncludingBiogenicUptake exceeds pcfExcludingBiogenicUptake "
            "(what it adds, biogenicCO2Uptake, is 0 or less)",
        )
        if self.biogenicCO2Uptake is not None:
            _within(
                excluding + uptake - including,
                [including, excluding, uptake],
                "pcfIncludingBiogenicUptake is below pcfExcludingBiogenicUptake + "
                "biogenicCO2Uptake",
            )
        parts = ["fossilGhgEmissions", "landUseChangeGhgEmissions", *REMOVALS]
        least = sum(self.figure(name) for name in parts)
        _within(
            least - excluding,
            [excluding, least],
            f"pcfExcludingBiogenicUptake is below the parts it includes ({' + '.join(parts)})",
        )
        return self


REMOVALS = (
    "landManagementBiogenicCO2Removals",
    "technologicalCO2Removals",
    "ccsTechnologicalCO2Capture",
)


def _within(excess: float, figures: list[float], message: str) -> None:
    """``excess`` ≤ 0 up to the rounding tolerance of ``figures``; else refuse with ``message``."""
    if excess > RELATION_TOLERANCE * max(map(abs, figures), default=0.0):
        raise ValueError(message)


class ProductFootprint(_Pact):
    """PACT v3 ``ProductFootprint``: who, what, and its ``CarbonFootprint``."""

    id: str = Field(pattern=r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
    specVersion: str = Field(pattern=r"^\d+\.\d+\.\d+(-\d{8})?$")  # noqa: N815
    created: AwareDatetime
    status: Literal["Active", "Deprecated"]
    companyName: str = Field(min_length=1)  # noqa: N815
    companyIds: list[Urn] = Field(min_length=1)  # noqa: N815
    productDescription: str  # noqa: N815
    productIds: list[Urn] = Field(min_length=1)  # noqa: N815
    productNameCompany: str = Field(min_length=1)  # noqa: N815
    pcf: CarbonFootprint


def checked(data: Any, file: str | None = None) -> ProductFootprint:
    """``data`` as a PACT v3 ProductFootprint; a StudyError naming every field PACT refuses.

    Only v3 is read: a v2 file names its figures otherwise (``pCfExcludingBiogenic`` …), so
    it is refused by its ``specVersion`` alone.
    """
    version = data.get("specVersion") if isinstance(data, dict) else None
    if isinstance(version, str) and not version.startswith(f"{IMPORTED_MAJOR}."):
        raise StudyError(
            zh=f"PACT 文件版本为 {version}；pcfrules 导入 PACT v{IMPORTED_MAJOR}（{IMPORTED_MAJOR}.x.y）",
            en=f"PACT file: specVersion {version}; pcfrules imports PACT v{IMPORTED_MAJOR} "
            f"ProductFootprints ({IMPORTED_MAJOR}.x.y)",
            location=Location(file=file, path="specVersion"),
        )
    try:
        return ProductFootprint.model_validate(data)
    except ValidationError as exc:
        problems = [(_json_path(err["loc"]), err["msg"]) for err in exc.errors()]
        problems = [(path or "(ProductFootprint)", message) for path, message in problems]
        listed = "; ".join(f"{path}: {message}" for path, message in problems)
        raise StudyError(
            zh=f"PACT 文件不符合 PACT v{IMPORTED_MAJOR} 规范（{len(problems)} 处：{'、'.join(p for p, _ in problems)}）",
            en=f"PACT file: not a ProductFootprint as PACT v{IMPORTED_MAJOR} defines it ({listed})",
            location=Location(file=file, path=problems[0][0]),
        ) from exc


def _json_path(loc: tuple[Any, ...]) -> str:
    """``("pcf", "dqi", "temporalDQR")`` → ``pcf.dqi.temporalDQR``; list positions as ``[i]``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
