"""The two input formats of ``pcfrules calc``: a study under a rule, and a raw system.

``pcfrules.study/1``: a rule (id + version), the enterprise and product, the reference
period, the activity data per item of the rule, values of the rule's user-supplied
parameters, and exclusions under the cut-off. ``pcfrules.system/1``: a product system
written out directly (processes, exchanges, emissions, datasets). Both have JSON Schemas
in ``docs/schema/``.

Every number of both formats is finite: NaN, ±infinity and literals too large for a float
(``1e999`` reads as infinity) are refused where they are written, naming the field, so no
footprint is ever computed from them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pcfrules.rules.model import DATASET_SPEC, Text

STUDY_FORMAT = "pcfrules.study/1"
SYSTEM_FORMAT = "pcfrules.system/1"
# A background dataset as a study names it: <database>[@release]:<dataset UUID>.


class _Model(BaseModel):
    """Base: unknown keys are errors; every float, however nested, must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class UncertaintySpec(_Model):
    """A distribution around a value (see the engine's ``Uncertainty``)."""

    distribution: Literal["lognormal", "normal", "triangular", "uniform"]
    sigma: float | None = Field(None, description="lognormal: standard deviation of ln(value)")
    sd: float | None = Field(None, description="normal: standard deviation")
    low: float | None = Field(None, description="triangular/uniform: lower bound")
    high: float | None = Field(None, description="triangular/uniform: upper bound")


class DataQualityScores(_Model):
    """Data-quality scores of one datum, on the criteria the rule's rating names.

    Any data-quality indicator of the rule model may be scored; the study check holds the
    scores to exactly ``data_quality.rating.criteria`` of the rule and to its scale
    (``scale_min`` best … ``scale_max`` worst), and the datum's DQR is the rule's
    ``data_quality.rating.formula`` over them (:func:`pcfrules.studies.values.rating`).
    """

    time: float | None = Field(None, description="temporal representativeness")
    geography: float | None = Field(None, description="geographical representativeness")
    technology: float | None = Field(None, description="technological representativeness")
    precision: float | None = Field(None, description="precision")
    completeness: float | None = None
    consistency: float | None = None
    representativeness: float | None = None
    sources: float | None = None
    uncertainty: float | None = None
    reproducibility: float | None = None

    def scores(self) -> dict[str, float]:
        """The criteria scored, in the model's order, with their scores."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class ActivityValue(_Model):
    """One activity datum of the reference period."""

    value: float
    unit: str
    source: str = ""
    period: str = Field("", description="the period the datum covers, as its source states it")
    data_type: Literal["primary", "secondary"] | None = None
    dqr: DataQualityScores | None = None
    uncertainty: UncertaintySpec | None = None


class ParameterValue(_Model):
    """A value for a parameter the rule leaves to the user, with where it comes from."""

    value: float
    unit: str
    source: str
    year: int


class Exclusion(_Model):
    """An input left out under the cut-off, with its estimated share of the footprint."""

    item: Text
    estimated_share_percent: float = Field(ge=0, le=100)


class Period(_Model):
    """The reference period of the activity data."""

    start: date
    end: date


class RuleSource(_Model):
    """Where the rule was found (see ``pcfrules.rules.sources``), to find the same text again."""

    kind: Literal["file", "search-path", "catalogue", "registry"]
    location: str = Field(description="file path, rule id, or id@version for the registry")


class RuleRef(_Model):
    """Which rule and version the study follows; a workbook import adds its fingerprint."""

    id: str
    version: str
    fingerprint: str | None = Field(
        None, pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the rule text the data is for"
    )
    source: RuleSource | None = None


ElectricityFactorSource = Literal["D.4(a)", "D.4(b)", "D.4.1", "D.4.2", "D.4.3.1", "D.4.3.2", "Mix"]


class CbamInstallation(_Model):
    """The installation as the CBAM communication template asks for it (sheet A_InstData)."""

    name: str = Field(description="Name of the installation in English.")
    street: str = ""
    economic_activity: str = ""
    post_code: str = ""
    city: str = ""
    country: str = Field(description="ISO 3166 two-letter country code, e.g. CN.")
    unlocode: str = ""
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    representative: str = ""
    email: str = ""
    phone: str = ""


class CbamPrecursorData(_Model):
    """Embedded emissions of a purchased precursor, as its supplier or the EU defaults give."""

    basis: Literal["measured", "default", "unknown"]
    country: str = Field(description="ISO code of the country the precursor was made in.")
    route: str = ""
    see_direct: ParameterValue
    specific_electricity: ParameterValue | None = None
    electricity_factor: ParameterValue | None = None
    electricity_factor_source: ElectricityFactorSource | None = None


class CbamData(_Model):
    """What CBAM needs beyond the footprint's activity data: installation and supplier data."""

    installation: CbamInstallation
    electricity_factor: ParameterValue | None = Field(
        None, description="CO2 emission factor of the electricity consumed (per MWh)."
    )
    electricity_factor_source: ElectricityFactorSource | None = None
    precursors: dict[str, CbamPrecursorData] = Field(default_factory=dict)


class Supply(_Model):
    """Where a linked input comes from instead of a typed value (see :mod:`pcfrules.studies.links`).

    Exactly one of the three: a study under the upstream rule, computed with this one; a
    supplier's PACT footprint; or a dataset of a background database (an imported ILCD
    database such as TianGong), named ``<database>[@release]:<dataset UUID>``. Paths are
    relative to the study that names them; which release a database name without one means is
    the background store's to say, so the spec is passed on as written.
    """

    study: str | None = Field(None, description="a study file under the input's upstream rule")
    pact: str | None = Field(None, description="a supplier's PACT v3 ProductFootprint JSON file")
    dataset: str | None = Field(
        None,
        description="a background database's dataset, <database>[@release]:<dataset UUID> "
        "(e.g. tiangong@2024-04-26:<uuid>; without a release, the newest imported)",
        json_schema_extra={"pattern": f"^{DATASET_SPEC.pattern}$"},
    )

    @field_validator("dataset")
    @classmethod
    def _dataset_spec(cls, spec: str | None) -> str | None:
        """A database and a dataset, or the store could only fail later without saying where."""
        if spec is not None and not DATASET_SPEC.fullmatch(spec):
            raise ValueError(
                f"'{spec}' is not <database>[@release]:<dataset UUID or name> / "
                f"“{spec}”不是“数据库名[@版本]:数据集 UUID 或名称”"
            )
        return spec

    @model_validator(mode="after")
    def _exactly_one(self) -> Supply:
        given = [kind for kind in ("study", "pact", "dataset") if getattr(self, kind) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'study', 'pact' and 'dataset' / "
                "应且只应给出 study、pact、dataset 之一"
            )
        return self

    @property
    def kind(self) -> Literal["study", "pact", "dataset"]:
        """Which kind of footprint supplies the input."""
        if self.study is not None:
            return "study"
        return "pact" if self.pact is not None else "dataset"

    @property
    def file(self) -> str:
        """The file a study or a PACT footprint is read from, as written (a dataset names none)."""
        return self.study or self.pact or ""


class Study(_Model):
    """A footprint study under one rule."""

    format: Literal["pcfrules.study/1"]
    rule: RuleRef
    enterprise: Text = Field(default_factory=Text)
    product: Text = Field(default_factory=Text)
    period: Period
    activity: dict[str, ActivityValue] = Field(default_factory=dict)
    parameters: dict[str, ParameterValue] = Field(default_factory=dict)
    exclusions: list[Exclusion] = Field(default_factory=list)
    supplied: dict[str, Supply] = Field(
        default_factory=dict,
        description="inputs the rule links to an upstream rule (upstream), each supplied by "
        "another study under that rule, a supplier's PACT footprint or a background "
        "database's dataset",
    )
    cbam: CbamData | None = None


class RawAmount(_Model):
    """An amount of a technosphere flow."""

    flow: str
    amount: float
    unit: str
    uncertainty: UncertaintySpec | None = None


class RawEmission(_Model):
    """A mass of one gas of one origin."""

    gas: str
    amount: float
    unit: str = "kg"
    origin: Literal["fossil", "biogenic", "dluc", "aircraft"] = "fossil"
    uncertainty: UncertaintySpec | None = None
    primary: bool = False
    dqr: float | None = Field(None, ge=1, le=5)


class RawAllocation(_Model):
    """Allocation of a multi-output process."""

    method: Literal["physical", "economic", "explicit", "substitution"]
    properties: dict[str, float] = Field(default_factory=dict)
    factors: dict[str, float] = Field(default_factory=dict)


class RawProcess(_Model):
    """A unit process; its first output is its reference product."""

    id: str
    stage: str | None = None
    outputs: list[RawAmount] = Field(min_length=1)
    inputs: list[RawAmount] = Field(default_factory=list)
    emissions: list[RawEmission] = Field(default_factory=list)
    allocation: RawAllocation | None = None


class RawDataset(_Model):
    """Emissions per one unit of a flow, and their source."""

    flow: str
    unit: str
    emissions: list[RawEmission]
    source: str
    stage: str | None = None
    dqr: float | None = Field(None, ge=1, le=5)


class RawSystem(_Model):
    """A product system written out directly (``format: pcfrules.system/1``)."""

    format: Literal["pcfrules.system/1"]
    gwp_set: str = "AR6-GWP100"
    reference: RawAmount
    biogenic_carbon_content: float = Field(
        0.0, ge=0, description="kg of biogenic carbon in one unit of the reference flow"
    )
    processes: list[RawProcess]
    datasets: list[RawDataset] = Field(default_factory=list)
