"""The typed result (``pcfrules.result/1``): what every room after the engine passes around.

The model is the contract: the JSON Schema in ``docs/schema/result.schema.json`` is
generated from it, results are read back through it (a file that does not fit is refused
naming the field), and what is written is exactly what was computed (``exclude_unset``).
No number of a result is NaN or infinite: typed fields refuse them (``allow_inf_nan``), and
the free-form parts (functional unit, allocation, tree, study) are searched for one, so a
result made here or read from a file never carries a non-finite number into a report, a
label or a PACT file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pcfrules.background.model import DatasetFootprint
from pcfrules.errors import Location, StudyError
from pcfrules.files import read_json, write_bytes
from pcfrules.rules.loader import validate_as
from pcfrules.studies.model import RuleSource


class _Open(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class RuleStamp(_Open):
    """Which rule the result was computed under (absent for raw systems)."""

    id: str
    version: str
    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the canonical rule")
    source: RuleSource | None = Field(None, description="where the rule was found")


class Total(_Open):
    """The footprint per functional unit."""

    value: float
    unit: Literal["kg CO2e"]


class Percentiles(BaseModel):
    """2.5th, 50th and 97.5th percentiles of the Monte Carlo totals."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)
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
    draws: list[float] = Field(
        description="the total of each draw, kg CO2e: every draw up to 100 000 "
        "(pcfrules.limits.HELD_DRAWS), the first 100 000 beyond, which the percentiles "
        "and rank correlations rest on (mean and sd are over every draw)"
    )


# What may supply a linked input (``input_sources[name].kind``); see pcfrules.studies.links.
SOURCE_KINDS = ("study", "pact", "dataset", "given", "default", "absent")


class DatasetSource(_Open):
    """A linked input supplied by a background database's dataset (``supplied: dataset:``).

    ``value`` and ``unit`` are what the study used (kg CO2e per one unit of the dataset's
    reference flow, ``kg/<unit>``), as for every other kind of source; ``year`` is the
    dataset's, or its release's when the dataset states none.
    """

    kind: Literal["dataset"]
    spec: str = Field(description="the dataset as named: <database>[@release]:<uuid or name>")
    named_by: Literal["study", "rule"] = Field(
        "study", description="who named it: the study (supplied:) or the rule (its dataset:)"
    )
    upstream: str
    dataset: DatasetFootprint  # the background room's record, field for field
    value: float
    unit: str
    label: str
    year: int


class AlsoPer(_Open):
    """The footprint stated in a second unit the rule names (``unit.also_per``)."""

    unit: str
    name: dict[str, str]
    item: str = Field(description="the study's item or parameter that sized the second unit")
    per_declared_unit: float = Field(
        gt=0, description="how many of `unit` one declared unit provides"
    )
    value: float = Field(description="kg CO2e per one `unit`")


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
    characterisation: (
        dict[Literal["fossil", "biogenic", "dluc", "aircraft"], dict[str, float]] | None
    ) = Field(
        None,
        description="the GWP100 applied to each gas of each origin, kg CO2e per kg "
        "(AR6: CH4 of fossil and aircraft origin 29.8, of biogenic and dLUC origin 27.0)",
    )
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
    also_per: list[AlsoPer] | None = Field(
        None, description="the footprint per each second unit the rule states it in"
    )
    formula_results: dict[str, float] | None = Field(
        None, description="kg of gas (or kg CO2e) of each rule formula over the period"
    )
    defaults_used: list[str] | None = None
    input_sources: dict[str, dict[str, Any]] | None = Field(
        None,
        description="each input the rule links to an upstream rule, and what supplied it "
        "(kind): a study under that rule, a supplier's PACT footprint, a background database's "
        "dataset (under 'dataset': database, release, uuid, names, location, licence, source, "
        "unit, kg CO2e per unit and GWP set), a value given with its source, or the rule's "
        "default",
    )
    excluded_share_percent: float | None = Field(
        None, description="estimated share of the footprint left out under the cut-off, %"
    )
    findings: list[dict[str, Any]] | None = None

    @field_validator(
        "functional_unit",
        "allocation",
        "contribution_tree",
        "fossil_carbon_content",
        "biogenic_carbon_content",
        "study",
        "findings",
    )
    @classmethod
    def _finite(cls, value: Any) -> Any:
        """The free-form parts hold no NaN or infinity either (the typed fields refuse them)."""
        where = non_finite_path(value)
        if where is not None:
            raise ValueError(f"{where or 'the value'} is not a finite number (NaN or infinite)")
        return value

    @field_validator("input_sources")
    @classmethod
    def _sources(cls, sources: dict[str, dict[str, Any]] | None) -> Any:
        """Each linked input's source checked as :func:`checked_source` does."""
        if sources is None:
            return None
        return {name: checked_source(name, source) for name, source in sources.items()}

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON body, with only the fields the computation set (aliases as documented)."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def to_json(self) -> bytes:
        """Indented UTF-8 JSON, as ``pcfrules calc -o`` writes it."""
        text = json.dumps(self.to_json_dict(), ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8")


def checked_source(name: str, source: dict[str, Any]) -> dict[str, Any]:
    """A linked input's source of a known kind, finite, and a background dataset's typed.

    A dataset's source is what a verifier traces the number to (database, release, dataset,
    licence, GWP set), so one read back without any of them is refused, naming the field.
    """
    kind = source.get("kind")
    if kind not in SOURCE_KINDS:
        raise ValueError(f"{name}.kind: '{kind}' is not one of {', '.join(SOURCE_KINDS)}")
    where = non_finite_path(source, name)
    if where is not None:
        raise ValueError(f"{where} is not a finite number (NaN or infinite)")
    if kind != "dataset":
        return source
    try:
        return DatasetSource.model_validate(source).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"{'.'.join(map(str, (name, *first['loc'])))}: {first['msg']}") from exc


def non_finite_path(value: Any, path: str = "") -> str | None:
    """The path (``a.b[2]``) of the first NaN or infinite float in ``value``, or None."""
    if isinstance(value, float):
        return None if math.isfinite(value) else path
    if isinstance(value, dict):
        items: Any = ((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
    elif isinstance(value, list | tuple):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(value))
    else:
        return None
    return next((p for p in (non_finite_path(v, k) for k, v in items) if p is not None), None)


def write_result(result: Result, path: Path) -> Path:
    """Write a result file atomically (a failed run leaves nothing half-written)."""
    return write_bytes(path, result.to_json(), StudyError)


def read_result(path: Path) -> Result:
    """A result file; a bilingual error naming the file (and the field) when it is not one."""
    return parse_result(read_json(path, ("结果文件", "result file"), StudyError), str(path))


def parse_result(data: Any, where: str) -> Result:
    """Validate a result body (from a file or a request); errors name each broken field."""
    if not isinstance(data, dict) or data.get("format") != "pcfrules.result/1":
        raise _unreadable(
            Path(where),
            "不是 pcfrules 结果（format 应为 pcfrules.result/1）",
            "not a pcfrules result (format must be pcfrules.result/1)",
        )
    return validate_as(Result, data, where)


def _unreadable(path: Path, zh: str, en: str) -> StudyError:
    return StudyError(
        zh=f"结果文件{zh}", en=f"result file: {en}", location=Location(file=str(path))
    )
