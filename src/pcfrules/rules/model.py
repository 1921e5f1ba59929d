"""The rule-standard model: every element GB/T 24067 and the MIIT guide ask a rule to fix.

The model checks *shape* (types, allowed values, required keys); whether the content is
complete, consistent and conformant is the job of :mod:`pcfrules.rules.check`, so that a
half-written draft still loads and gets a full list of findings instead of one error.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "pcfrules.rule/1"

Lang = Literal["zh", "en"]
StandardLevel = Literal["group", "industry", "national"]
BoundaryType = Literal["cradle-to-gate", "cradle-to-grave", "gate-to-gate"]
StageKind = Literal["raw_material_acquisition", "production", "distribution", "use", "end_of_life"]
DataType = Literal["primary", "secondary"]
Origin = Literal["fossil", "biogenic", "dluc", "aircraft"]
DQIndicator = Literal[
    "time",
    "geography",
    "technology",
    "precision",
    "completeness",
    "consistency",
    "representativeness",
    "sources",
    "uncertainty",
    "reproducibility",
]
AllocationStep = Literal["avoid", "physical", "economic"]
CoProductMethod = Literal[
    "subdivision",
    "system_expansion",
    "substitution",
    "physical_mass",
    "physical_energy",
    "economic",
    "cut_off",
]
AnnexKind = Literal["normative", "informative"]
AnnexContent = Literal[
    "data_collection_tables",
    "report_template",
    "gwp_values",
    "default_values",
    "data_quality_evaluation",
    "worked_example",
    "emission_sources",
    "other",
]
CutOffBasis = Literal["mass", "energy", "emissions", "economic_value"]


class _Model(BaseModel):
    """Base: unknown keys are errors, so a misspelt field never silently vanishes."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


# A background database's dataset: <database>[@release]:<dataset UUID or exact name>
DATASET_SPEC = re.compile(r"[^\s:@]+(@[^\s:@]+)?:\S.*")
DATASET_DESCRIPTION = (
    "A background database's dataset (<database>[@release]:<dataset UUID or exact name>) that "
    "supplies this upstream input when a study gives none of its own, before the default."
)


class _Upstream(_Model):
    """An input that may be another product's footprint, and the dataset the rule names for it."""

    upstream: str = ""
    dataset: str = Field(
        "",
        description=DATASET_DESCRIPTION,
        json_schema_extra={"pattern": "^$|^" + DATASET_SPEC.pattern + "$"},
    )

    @model_validator(mode="after")
    def _dataset_is_an_upstream_source(self) -> _Upstream:
        """A dataset is where an upstream footprint comes from: it needs ``upstream`` and a spec."""
        if self.dataset and not DATASET_SPEC.fullmatch(self.dataset):
            raise ValueError(
                f"dataset '{self.dataset}' is not <database>[@release]:<dataset UUID or name> / "
                f"dataset“{self.dataset}”不是“数据库名[@版本]:数据集 UUID 或名称”"
            )
        if self.dataset and not self.upstream:
            raise ValueError(
                "a dataset is the source of an upstream input: give upstream: as well / "
                "dataset 是上游输入的来源，须同时给出 upstream:"
            )
        return self


class Text(_Model):
    """A user-facing text in Chinese and English."""

    zh: str = ""
    en: str = ""

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en


class Reference(_Model):
    """A referenced document: its number (``GB/T 24067—2024``) and title."""

    code: str
    title: Text = Field(default_factory=Text)


class Term(_Model):
    """A term and its definition (GB/T 1.1 术语和定义), optionally quoted from a source."""

    id: str
    term: Text
    definition: Text = Field(default_factory=Text)
    source: str = ""


class Identity(_Model):
    """Who the standard is and where it sits: number, level, codes, titles, dates."""

    id: str = Field(description="Catalogue id, lower-case letters, digits and hyphens.")
    version: str = Field(description="Version of this rule text, e.g. 1.0.0.")
    level: StandardLevel = "group"
    number: str = Field(
        "", description="T/<org> <seq>—<year>, <XX>/T <n>—<year> or GB/T <n>—<year>."
    )
    product: Text = Field(description="The product name used in the titles (XX产品).")
    title: Text
    ics: str = ""
    ccs: str = ""
    issuing_body: Text = Field(default_factory=Text)
    issue_date: date | None = None
    implementation_date: date | None = None
    replaces: str = ""


class Foreword(_Model):
    """前言: drafting-rules statement, proposer (提出), responsible body (归口), drafters."""

    drafting_rules: Text = Field(default_factory=Text)
    proposer: Text = Field(default_factory=Text)
    responsible_body: Text = Field(default_factory=Text)
    drafting_organisations: list[Text] = Field(default_factory=list)
    drafters: list[str] = Field(default_factory=list)
    patent_notice: Text = Field(default_factory=Text)


class Goal(_Model):
    """量化目的: why footprints are computed under this rule and for whom."""

    purpose: Text = Field(default_factory=Text)
    applications: list[Text] = Field(default_factory=list)
    audience: list[Text] = Field(default_factory=list)
    study_type: Literal["cfp", "partial_cfp"] = "partial_cfp"


class Declaration(_Model):
    """产品碳足迹声明: what a declaration made under this rule must state."""

    content: list[Text] = Field(default_factory=list)
    validity_years: int | None = None


class Classification(_Model):
    """Codes of the product category in the national classifications the guide names."""

    industry: list[str] = Field(default_factory=list, description="GB/T 4754-2017, e.g. C3011.")
    statistical_product: list[str] = Field(
        default_factory=list, description="统计用产品分类目录, 2 to 10 digits."
    )
    consumer_goods: list[str] = Field(
        default_factory=list, description="GB/T 36431 消费品分类与代码, digits."
    )


class ProductCategory(_Model):
    """产品种类: what the rule covers, by definition, type and classification code."""

    definition: Text = Field(default_factory=Text)
    included_types: list[Text] = Field(default_factory=list)
    excluded_types: list[Text] = Field(default_factory=list)
    technical_standards: list[Reference] = Field(default_factory=list)
    classification: Classification = Field(default_factory=Classification)


class ReferenceFlow(_Model):
    """The amount of product that fulfils the unit, and the activity item that counts it."""

    description: Text = Field(default_factory=Text)
    quantity: float = 1.0
    unit: str = ""
    item: str = Field("", description="Activity item giving the product output of the period.")


class UnitConversion(_Model):
    """A rule to convert another unit of the product into the functional/declared unit."""

    from_unit: str
    to_unit: str
    factor: float | None = None
    description: Text = Field(default_factory=Text)


class AlsoPer(_Model):
    """The result stated in a second unit whose size depends on the study.

    A battery is declared per kWh of capacity and, for the EU Battery Regulation, per kWh of
    energy over its service life; a car per vehicle and per km. A fixed factor cannot say how
    many of the second unit one declared unit provides (cycles, service life), so the study
    gives it as an activity item or parameter.
    """

    unit: str
    name: Text
    item: str = Field(
        description="Activity item or parameter: how many of `unit` ONE declared unit provides "
        "(kWh over the service life per kWh of capacity, km per vehicle)."
    )
    description: Text = Field(default_factory=Text)


class FunctionalUnit(_Model):
    """功能单位 or 声明单位, with the reason for the choice and its reference flow."""

    kind: Literal["functional", "declared"] = "declared"
    quantity: float = 1.0
    unit: str = ""
    description: Text = Field(default_factory=Text)
    rationale: Text = Field(default_factory=Text)
    reference_flow: ReferenceFlow = Field(default_factory=ReferenceFlow)
    conversions: list[UnitConversion] = Field(default_factory=list)
    mass_item: str = Field(
        "",
        description="Activity item or parameter: the product's mass per declared unit (a car's "
        "curb mass per vehicle), which exchange formats such as PACT ask for when the unit is "
        "not a mass; empty when it is one or none is collected.",
    )
    also_per: list[AlsoPer] = Field(
        default_factory=list,
        description="The result also stated per these units, sized by the study's own values.",
    )
    fossil_carbon_item: str = Field(
        "",
        description="Activity item or parameter: kg of fossil carbon per kg of the product "
        "(e.g. carbon in steel); empty when the product holds none.",
    )
    biogenic_carbon_item: str = Field(
        "",
        description="Activity item or parameter: kg of biogenic carbon per kg of the "
        "product (reported apart, GB/T 24067); empty when the product holds none.",
    )


class UnitProcess(_Model):
    """单元过程: a step of the life cycle the rule names."""

    id: str
    name: Text
    description: Text = Field(default_factory=Text)


class Stage(_Model):
    """生命周期阶段 and its unit processes."""

    id: str
    kind: StageKind
    name: Text
    processes: list[UnitProcess] = Field(default_factory=list)


class Exclusion(_Model):
    """Something left out of the boundary, and why."""

    item: Text
    reason: Text = Field(default_factory=Text)


class CutOff(_Model):
    """取舍准则: per-item and cumulative thresholds, as a percent of the chosen basis."""

    per_item_percent: float | None = None
    cumulative_percent: float | None = None
    basis: list[CutOffBasis] = Field(default_factory=list)
    description: Text = Field(default_factory=Text)


class SystemBoundary(_Model):
    """系统边界: type, stages and processes, in/exclusions, cut-off, time and geography."""

    type: BoundaryType = "cradle-to-gate"
    description: Text = Field(default_factory=Text)
    stages: list[Stage] = Field(default_factory=list)
    inclusions: list[Text] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    cut_off: CutOff = Field(default_factory=CutOff)
    time_boundary: Text = Field(default_factory=Text)
    data_period_months: int | None = None
    geography: Text = Field(default_factory=Text)


class ActivityItem(_Upstream):
    """An activity-data item collected for a unit process (数据收集项)."""

    id: str
    process: str
    name: Text
    unit: str
    data_type: DataType = "primary"
    measurement: Text = Field(default_factory=Text)
    mandatory: bool = True
    default: str | None = Field(None, description="Id of a parameter used when not measured.")
    upstream: str = Field(
        "",
        description="Id of the rule whose footprint per declared unit this item is (a supplied "
        "input: another study under that rule, a supplier's PACT footprint, or the default).",
    )


class DataCollection(_Model):
    """数据收集: the items per unit process, source preference, and validation (数据审定)."""

    source_preference: list[Text] = Field(default_factory=list)
    items: list[ActivityItem] = Field(default_factory=list)
    validation: Text = Field(default_factory=Text)


class DQRequirement(_Model):
    """What the data must meet for one data-quality indicator."""

    indicator: DQIndicator
    requirement: Text


class DQRating(_Model):
    """How data quality is scored, and the score a study must reach (lower is better)."""

    method: Text = Field(default_factory=Text)
    criteria: list[DQIndicator] = Field(default_factory=list)
    scale_min: int = 1
    scale_max: int = 5
    threshold: float | None = None
    formula: str = ""


class DataQuality(_Model):
    """数据质量: requirements per indicator and the rating method."""

    requirements: list[DQRequirement] = Field(default_factory=list)
    rating: DQRating = Field(default_factory=DQRating)


class CoProductRule(_Model):
    """A product-specific rule for one co-product, and the data a study computes it from.

    With ``item`` set, the co-product leaves the product system in the amount that activity
    item gives: ``physical_mass`` splits burdens by mass; ``physical_energy`` and
    ``economic`` by ``property`` (an item or parameter per unit of the co-product, with
    ``Allocation.main_property`` for the main product); ``substitution`` and
    ``system_expansion`` credit the avoided burden ``substitute`` (per unit of the
    co-product: an item, a parameter, or a formula of them that spells out how the credit
    follows from the displaced product); ``cut_off`` gives it no burden. Without ``item`` the rule is text only.
    With ``made_by`` the co-product is an intermediate also used by the main product (sold
    clinker): the split applies to the burdens of the ``made_by`` processes only, between the
    amount sold (``item``) and the amount the main product uses (``main_item``).
    """

    product: Text
    method: CoProductMethod
    basis: Text = Field(default_factory=Text)
    item: str = ""
    property: str = ""
    substitute: str = ""
    made_by: list[str] = Field(
        default_factory=list,
        description="Unit processes that make the intermediate this co-product is sold from "
        "(e.g. clinker): only their burdens are shared with it, between ``item`` and "
        "``main_item``; the other processes stay with the main product.",
    )
    main_item: str = Field(
        "",
        description="With ``made_by``: activity item giving the amount of the intermediate "
        "the main product uses over the period (e.g. clinker ground into cement).",
    )


class Allocation(_Model):
    """分配: the hierarchy, product-specific rules, recycling and waste."""

    hierarchy: list[AllocationStep] = Field(default_factory=list)
    co_products: list[CoProductRule] = Field(default_factory=list)
    main_property: str = Field(
        "",
        description="Item or parameter: allocation property per "
        "unit of the main product (energy or economic allocation).",
    )
    recycling: Text = Field(default_factory=Text)
    waste: Text = Field(default_factory=Text)
    sensitivity: Text = Field(default_factory=Text)


class Parameter(_Upstream):
    """A default value or factor; published ones carry source and year, others are user-supplied."""

    id: str
    name: Text
    value: float | None = None
    unit: str
    source: str = ""
    year: int | None = None
    user_supplied: bool = False
    note: Text = Field(default_factory=Text)
    upstream: str = Field(
        "",
        description="Id of the rule whose footprint per declared unit this factor is (e.g. "
        "electricity): a study may supply it from a study under that rule or a PACT footprint.",
    )


class Formula(_Model):
    """Emission of one gas of one origin from one unit process, over the reporting period."""

    id: str
    process: str
    gas: str
    origin: Origin = "fossil"
    expression: str
    unit: str = "kg"
    description: Text = Field(default_factory=Text)


class Electricity(_Model):
    """How electricity is accounted (grid factor, green power)."""

    treatment: Text = Field(default_factory=Text)
    grid_factor: str = Field("", description="Id of the grid-electricity parameter.")
    green_power: Text = Field(default_factory=Text)


class Inventory(_Model):
    """清单计算: GWP set, parameters, formulas and electricity treatment."""

    gwp_set: str = ""
    parameters: list[Parameter] = Field(default_factory=list)
    formulas: list[Formula] = Field(default_factory=list)
    electricity: Electricity = Field(default_factory=Electricity)


class Interpretation(_Model):
    """结果解释: sensitivity, uncertainty and limitations."""

    sensitivity: Text = Field(default_factory=Text)
    uncertainty: Text = Field(default_factory=Text)
    limitations: list[Text] = Field(default_factory=list)


class Report(_Model):
    """产品碳足迹报告: the content a study report must carry."""

    content: list[Text] = Field(default_factory=list)
    separate_reporting: list[Origin] = Field(default_factory=list)


class Annex(_Model):
    """附录: normative or informative, and what it holds."""

    id: str
    kind: AnnexKind
    content: AnnexContent
    title: Text
    body: Text = Field(default_factory=Text)


CbamMethod = Literal["combustion", "process", "mass_balance"]


class CbamSourceStream(_Model):
    """A source stream of CBAM's calculation-based approach (template sheet B_EmInst).

    Each field but ``name`` and ``method`` is a formula over the rule's items and
    parameters; units are converted to the template's (t, GJ/t, t CO2/TJ or t CO2/t).
    """

    name: str
    method: CbamMethod
    activity: str = Field(description="Mass over the period; negative for mass-balance outputs.")
    ncv: str = Field("", description="Net calorific value (energy per mass), if EF is per energy.")
    emission_factor: str = Field("", description="CO2 per energy or per mass (not mass balance).")
    carbon_content: str = Field("", description="Mass balance: carbon per mass of the stream.")
    oxidation_factor: str = Field("", description="Combustion: fraction oxidised; empty = 1.")
    conversion_factor: str = Field("", description="Process emissions: fraction; empty = 1.")
    biomass_fraction: str = Field("", description="Biomass share of the carbon; empty = 0.")


class CbamPfc(_Model):
    """Anode-effect PFC emissions by the slope method (template sheet B_EmInst, part b)."""

    technology: str = Field(description="Cell technology exactly as the template lists it.")
    production: str = Field(description="Aluminium produced over the period (mass).")
    anode_effect_minutes: str = Field(
        description="Anode-effect minutes per cell-day (frequency × duration)."
    )
    slope_cf4: str = Field(description="CF4 slope coefficient.")
    ratio_c2f6: str = Field(description="C2F6/CF4 mass ratio.")


class CbamNitrousOxide(_Model):
    """N2O emissions of the installation (nitric acid, fertilisers), at the template's AR5 GWP."""

    name: str
    amount: str = Field(description="Formula: mass of N2O emitted over the period.")


class CbamPrecursor(_Model):
    """A purchased precursor: its good, and how much the production process consumed."""

    id: str
    good: str = Field(description="Aggregated goods category of the precursor.")
    name: Text = Field(default_factory=Text)
    amount: str = Field(description="Formula: mass consumed over the period.")


class Cbam(_Model):
    """How CBAM's embedded emissions follow from the rule's data (CBAM's own boundary).

    CBAM counts the installation's direct emissions of its source streams (AR5 GWPs),
    indirect emissions of the electricity consumed, and the embedded emissions of
    purchased precursors; not the upstream burdens a product footprint includes.
    """

    good: str = Field(description="Aggregated goods category exactly as in the template.")
    route: str = ""
    cn_code: str = Field(description="Eight-digit CN code of the good.")
    production: str = Field(description="Formula: the good produced over the period.")
    boundary: Text = Field(default_factory=Text)
    source_streams: list[CbamSourceStream] = Field(default_factory=list)
    pfc: list[CbamPfc] = Field(default_factory=list)
    nitrous_oxide: list[CbamNitrousOxide] = Field(default_factory=list)
    electricity: str = Field("", description="Formula: electricity the process consumed.")
    waste_gas_exported: str = Field("", description="Formula: energy of waste gas exported.")
    precursors: list[CbamPrecursor] = Field(default_factory=list)

    def formulas(self) -> dict[str, str]:
        """Every formula of the mapping, keyed by where it sits (for checks and errors)."""
        out = {"cbam.production": self.production}
        if self.electricity:
            out["cbam.electricity"] = self.electricity
        if self.waste_gas_exported:
            out["cbam.waste_gas_exported"] = self.waste_gas_exported
        for i, stream in enumerate(self.source_streams):
            for key in CbamSourceStream.model_fields:
                text = getattr(stream, key)
                if key not in ("name", "method") and text:
                    out[f"cbam.source_streams[{i}].{key}"] = text
        for i, pfc in enumerate(self.pfc):
            for key in CbamPfc.model_fields:
                if key != "technology":
                    out[f"cbam.pfc[{i}].{key}"] = getattr(pfc, key)
        for i, n2o in enumerate(self.nitrous_oxide):
            out[f"cbam.nitrous_oxide[{i}].amount"] = n2o.amount
        for i, precursor in enumerate(self.precursors):
            out[f"cbam.precursors[{i}].amount"] = precursor.amount
        return out


class RuleStandard(_Model):
    """One version of one product carbon-footprint accounting rule standard."""

    schema_: Literal["pcfrules.rule/1"] = Field("pcfrules.rule/1", alias="schema")
    identity: Identity
    foreword: Foreword = Field(default_factory=Foreword)
    scope: Text = Field(default_factory=Text)
    normative_references: list[Reference] = Field(default_factory=list)
    terms: list[Term] = Field(default_factory=list)
    goal: Goal = Field(default_factory=Goal)
    declaration: Declaration = Field(default_factory=Declaration)
    product: ProductCategory = Field(default_factory=ProductCategory)
    unit: FunctionalUnit = Field(default_factory=FunctionalUnit)
    boundary: SystemBoundary = Field(default_factory=SystemBoundary)
    data_collection: DataCollection = Field(default_factory=DataCollection)
    data_quality: DataQuality = Field(default_factory=DataQuality)
    allocation: Allocation = Field(default_factory=Allocation)
    inventory: Inventory = Field(default_factory=Inventory)
    interpretation: Interpretation = Field(default_factory=Interpretation)
    report: Report = Field(default_factory=Report)
    annexes: list[Annex] = Field(default_factory=list)
    cbam: Cbam | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)

    def canonical_json(self) -> str:
        """The rule as canonical JSON (sorted keys, no whitespace): what the fingerprint hashes."""
        data = self.model_dump(mode="json", by_alias=True)
        if data.get("cbam") is None:
            data.pop("cbam", None)  # rules written before the CBAM mapping keep their fingerprint
        for entry in [*data["data_collection"]["items"], *data["inventory"]["parameters"]]:
            if entry.get("dataset") == "":
                del entry["dataset"]  # and those naming no background dataset keep theirs
        if not data["unit"]["also_per"]:
            del data["unit"]["also_per"]  # and those stating no second unit keep theirs
        if not data["unit"]["mass_item"]:
            del data["unit"]["mass_item"]  # and those naming no product mass
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def fingerprint(self) -> str:
        """SHA-256 of the canonical rule; results computed under it carry this value."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def processes(self) -> dict[str, tuple[Stage, UnitProcess]]:
        """Every unit process by id, with its stage."""
        return {p.id: (s, p) for s in self.boundary.stages for p in s.processes}

    def items(self) -> dict[str, ActivityItem]:
        """Every activity item by id."""
        return {i.id: i for i in self.data_collection.items}

    def parameters(self) -> dict[str, Parameter]:
        """Every parameter (default value or factor) by id."""
        return {p.id: p for p in self.inventory.parameters}


def json_schema() -> dict[str, object]:
    """The JSON Schema of a rule document, generated from the model."""
    schema = RuleStandard.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://pcfrules.org/schema/rule/1.json"
    return schema
