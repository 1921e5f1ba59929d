"""The REST API's bodies as pydantic models, so that its OpenAPI document is complete.

Responses are made from what the rooms hand out (their dicts and frozen views) with
``model_validate``; requests carry bounds (lengths, ranges) checked before a room is asked,
and the rooms check everything else (roles, states, periods).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

TEXT = 10_000  # the longest comment, proposal or reason, in characters
SHORT = 200  # a clause, a batch, a number


def _zoned(moment: datetime) -> datetime:
    """A moment with its UTC offset, which RFC 3339 date-times (the OpenAPI's) carry.

    The rooms record the server's local time without one.
    """
    return moment if moment.tzinfo is not None else moment.astimezone()


Moment = Annotated[datetime, AfterValidator(_zoned)]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Bilingual(_Out):
    """A text in both languages."""

    zh: str
    en: str


class VersionSummary(_Out):
    """One version of a standard: where it stands in the procedure and its frozen text."""

    version: str
    state: str = Field(description="procedure state, e.g. public_comment, published")
    number: str | None = Field(description="the standard's number once published")
    sha256: str = Field(description="SHA-256 of the version's canonical text")
    frozen: bool
    issue_date: date | None
    implementation_date: date | None
    comment_closes: Moment | None
    recommended: str | None = Field(description="the recommended list's batch")
    adopted_number: str | None
    adopted_level: str | None


class StandardSummary(VersionSummary):
    """A standard in the list, with its current (published, else newest) version."""

    rule_id: str
    sector: str | None
    industry_code: str | None


class StandardsPage(_Out):
    """One page of standards; ``total`` counts every match of the query."""

    items: list[StandardSummary]
    total: int
    limit: int
    offset: int


class Stage(_Out):
    """A recorded stage of a version's text (征求意见稿, 送审稿, 报批稿, 发布稿)."""

    stage: str
    name: str = Field(description="the stage's name, Chinese / English")
    at: Moment
    sha256: str
    changes: Any = Field(description="the clauses changed since the stage before")


class StandardDetail(_Out):
    """A standard: its body, sector, drafters, versions and the current version's stages."""

    rule_id: str
    association: str
    sector: str | None
    industry_code: str | None
    co_developers: list[str]
    drafters: list[str]
    stakeholder_coverage: dict[str, int]
    versions: list[VersionSummary]
    stages: list[Stage]


class Comment(_Out):
    """A comment on a clause, who supports it and how it was disposed of."""

    no: int
    clause: str
    stakeholder: str
    organisation: str
    text: str
    proposal: str
    kind: str = Field(description="ge general, te technical, ed editorial")
    supporters: list[str]
    disposition: str | None
    reason: str
    changed: list[str] = Field(description="clauses changed in answer to it")


class NewComment(BaseModel):
    """A comment during public comment, made as the token's person.

    The secretariat records a written comment for someone by naming them in ``stakeholder``.
    """

    clause: str = Field(min_length=1, max_length=SHORT, examples=["5.2"])
    kind: Literal["ge", "te", "ed"] = "te"
    text: str = Field(min_length=1, max_length=TEXT)
    proposal: str = Field("", max_length=TEXT)
    stakeholder: str | None = Field(None, max_length=SHORT)


class NewVote(BaseModel):
    """A reviewer's vote in technical review (a "no" needs its reason)."""

    vote: Literal["yes", "no", "abstain"]
    reason: str = Field("", max_length=TEXT)
    stakeholder: str | None = Field(None, max_length=SHORT)


class Vote(_Out):
    """A vote as it stands."""

    stakeholder: str
    vote: str
    reason: str


class OpenComment(BaseModel):
    """How long public comment lasts (the guide asks for 30 days at least)."""

    days: int = Field(30, ge=1, le=3650)


class Disposition(BaseModel):
    """The secretariat's disposition of a comment (partly or not accepted need a reason)."""

    disposition: Literal["accepted", "partly_accepted", "not_accepted"]
    reason: str = Field("", max_length=TEXT)


class Publication(BaseModel):
    """When a standard is issued and takes effect, and its number (made if not given)."""

    issue: date
    implementation: date
    number: str | None = Field(None, max_length=SHORT)


class Published(_Out):
    """What publishing gave: the number, the frozen text's SHA-256, who took part."""

    number: str
    sha256: str
    coverage: dict[str, int]
    missing_categories: list[str]


class Tally(_Out):
    """The votes of technical review as they stood at approval."""

    yes: int
    no: int
    abstain: int
    pending_objections: list[int]
    sustained_objections: list[int]
    consensus: bool
    three_quarters: bool


class Recommendation(BaseModel):
    """The recommended list (推荐清单) a standard is put on: its batch and date."""

    batch: str = Field(min_length=1, max_length=SHORT)
    on: date


class Progress2027(_Out):
    """Published standards against the 2027 target."""

    published: int
    target: int
    share: float
    by_sector: dict[str, int]


class Dashboard(_Out):
    """Standards by state, sector and classification; coverage of the priority products."""

    as_of: date
    by_state: dict[str, int]
    by_sector: dict[str, int]
    by_classification: dict[str, int]
    priority_products: dict[str, list[str]]
    priority_coverage: str
    progress_2027: Progress2027


class Organisation(_Out):
    """An organisation the token's person belongs to, and their role in it."""

    code: str
    name_zh: str
    name_en: str
    kind: Literal["enterprise", "verifier"]
    role: str


class Study(_Out):
    """A kept study: its source, its check's findings, its footprint once computed."""

    id: int
    organisation: str
    name: str
    rule_id: str
    rule_version: str
    created: Moment
    updated: Moment
    source_name: str
    findings: list[dict[str, Any]]
    computed: bool
    published: bool
    pact_id: str | None
    total: float | None = Field(description="kg CO2e per declared unit")
    declared_unit: str
    shared_with: list[str]


class Compute(BaseModel):
    """How to compute: Monte Carlo draws (0: none) and the random seed."""

    samples: int = Field(0, ge=0, le=100_000)
    seed: int = Field(1, ge=0, le=2**31 - 1)


class Job(BaseModel):
    """A job (a computation, a PDF report): where it stands, and why it failed if it did."""

    id: int
    organisation: str
    kind: str
    subject: str
    state: str = Field(description="queued, running, done or failed")
    progress: float = Field(ge=0, le=1)
    step: Bilingual
    error: Bilingual | None
    created: Moment
    started: Moment | None
    finished: Moment | None
    result_name: str
    result_type: str


class FieldError(BaseModel):
    """One field at fault, in both languages."""

    field: str
    detail: str
    detail_zh: str


class Problem(BaseModel):
    """An RFC 9457 problem: what went wrong, in English (``detail``) and Chinese."""

    type: str
    title: str
    title_zh: str
    status: int
    detail: str
    detail_zh: str
    instance: str
    errors: list[FieldError] = []
