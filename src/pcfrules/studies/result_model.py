"""The documented, stable shape of a result (``pcfrules.result/1``).

Results are produced as plain dicts; this model is their contract: the JSON Schema in
``docs/schema/result.schema.json`` is generated from it, and the tests validate every
result they compute against it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RuleStamp(_Open):
    """Which rule the result was computed under (absent for raw systems)."""

    id: str
    version: str
    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the canonical rule")


class Total(_Open):
    """The footprint per functional unit."""

    value: float
    unit: Literal["kg CO2e"]


class Percentiles(BaseModel):
    """2.5th, 50th and 97.5th percentiles of the Monte Carlo totals."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    p2_5: float = Field(alias="2.5")
    p50: float = Field(alias="50")
    p97_5: float = Field(alias="97.5")


class Sensitivity(_Open):
    """Rank correlation of each uncertain input with the total; OAT elasticities."""

    rank_correlation: dict[str, float]
    elasticities: dict[str, float]


class UncertaintyResult(_Open):
    """Monte Carlo statistics."""

    samples: int
    seed: int
    mean: float
    sd: float
    percentiles: Percentiles
    sensitivity: Sensitivity
    draws: list[float] = Field(description="the total of every draw, kg CO2e")


class Result(_Open):
    """A footprint result per functional unit.

    Masses in ``inventory`` are kg of gas; every breakdown is kg CO2e.
    """

    format: Literal["pcfrules.result/1"]
    rule: RuleStamp | None
    gwp_set: str
    functional_unit: dict[str, Any]
    total: Total
    solver: str
    inventory: dict[Literal["fossil", "biogenic", "dluc", "aircraft"], dict[str, float]]
    by_origin: dict[Literal["fossil", "biogenic", "dluc", "aircraft"], float]
    by_gas: dict[str, float]
    by_stage: dict[str, float]
    by_process: dict[str, float]
    dqr: float | None = Field(description="data-quality rating weighted by contribution, 1 best")
    dqi: dict[str, float] | None = Field(
        None, description="each data-quality indicator weighted by contribution, 1 best"
    )
    primary_data_share: float = Field(ge=0, le=100, description="percent of the footprint")
    allocation: dict[str, dict[str, Any]]
    contribution_tree: dict[str, Any]
    fossil_carbon_content: dict[str, Any] = Field(
        description="fossil carbon in the product, kg C per functional unit"
    )
    biogenic_carbon_content: dict[str, Any] = Field(
        description="biogenic carbon in the product, kg C per functional unit"
    )
    uncertainty: UncertaintyResult | None = None
    system_fingerprint: str | None = None
    study: dict[str, Any] | None = None
    formula_results: dict[str, float] | None = Field(
        None, description="kg of gas (or kg CO2e) of each rule formula over the period"
    )
    defaults_used: list[str] | None = None
    excluded_share_percent: float | None = Field(
        None, description="estimated share of the footprint left out under the cut-off, %"
    )
    findings: list[dict[str, Any]] | None = None
