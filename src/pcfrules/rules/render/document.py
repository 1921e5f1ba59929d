"""The standard text as a tree of numbered clauses, independent of output format.

``build(rule, lang, edition)`` lays the rule out in the chapter order published Chinese PCF
standards use (cover, 目次, 前言, 1 范围 … 10 产品碳足迹声明, annexes, 参考文献); the HTML,
PDF, Markdown and DOCX writers only walk this tree, so the formats never disagree on content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pcfrules.rules.model import Lang, RuleStandard
from pcfrules.rules.render.equations import Equation

Stage = Literal["published", "consultation", "review", "approval"]
STAGES: dict[Stage, tuple[str, str]] = {
    "published": ("", ""),
    "consultation": ("征求意见稿", "Draft for comments"),
    "review": ("送审稿", "Draft for review"),
    "approval": ("报批稿", "Draft for approval"),
}


@dataclass(frozen=True)
class Edition:
    """Which edition of the text: published (its number and dates) or a draft at a stage.

    A draft carries 本稿完成日期 (the day this draft was finished) and shows its number and
    dates as ``XXXX``, as drafts sent to the 全国团体标准信息平台 do.
    """

    stage: Stage
    number: str = ""
    issue_date: date | None = None
    implementation_date: date | None = None
    completed: date | None = None


@dataclass(frozen=True)
class ExampleResult:
    """The worked example's result, computed by the caller (rules never compute footprints)."""

    total: float
    unit: str
    formulas: dict[str, float]


@dataclass
class Para:
    """A paragraph of running text."""

    text: str


@dataclass
class Items:
    """A list; ``ordered`` for a list whose order matters (a hierarchy, a preference).

    GB/T 1.1-2020 7.5.4 marks an unordered list with ``——`` and an ordered one ``a)``,
    ``b)`` …; :func:`marks` gives them so that every writer prints the same marks.
    """

    items: list[str]
    ordered: bool = False


def marks(items: Items) -> list[str]:
    """The list mark of each item: ``——`` or ``a)``, ``b)`` … (``aa)`` past ``z``)."""
    if not items.ordered:
        return ["——"] * len(items.items)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [
        (letters[i // 26 - 1] if i >= 26 else "") + letters[i % 26] + ")"
        for i in range(len(items.items))
    ]


@dataclass
class Table:
    """A numbered table: caption, header row and body rows."""

    number: str
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class StageBox:
    """One stage of the boundary diagram with its unit processes."""

    name: str
    processes: list[str]


@dataclass
class Figure:
    """The system-boundary figure: stages left to right inside the boundary."""

    number: str
    caption: str
    boundary_label: str
    stages: list[StageBox]
    outside_in: str
    outside_out: str


@dataclass
class Term:
    """A term entry: number, term, its equivalent in the other language, definition, source."""

    number: str
    term: str
    equivalent: str
    definition: str
    source: str


Block = Para | Items | Table | Figure | Equation | Term


@dataclass
class Clause:
    """A numbered clause (``5.3``) with its title, blocks and subclauses."""

    number: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    children: list[Clause] = field(default_factory=list)


@dataclass
class AnnexPart:
    """An annex: letter, (规范性)/(资料性) mark, title and body."""

    letter: str
    mark: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Cover:
    """What the cover page shows, laid out as a published 团体标准's cover."""

    level: str
    code: str
    number: str
    ics: str
    ccs: str
    title: str
    title_other: str
    stage: str
    completed: str
    issue_date: str
    implementation_date: str
    issued: str
    implemented: str
    issuing_body: str
    header: str


@dataclass
class Document:
    """The whole standard text in one language."""

    lang: Lang
    cover: Cover
    foreword_title: str
    foreword: list[Block]
    clauses: list[Clause]
    annexes: list[AnnexPart]
    bibliography_title: str
    bibliography: list[str]
    contents_title: str
    fingerprint: str
    rule_id: str
    version: str


def build(
    rule: RuleStandard,
    lang: Lang,
    edition: Edition,
    example: dict[str, object] | None = None,
    result: ExampleResult | None = None,
) -> Document:
    """Lay out ``rule`` as a GB/T 1.1-2020 standard text in ``lang``."""
    from pcfrules.rules.render import sections

    return sections.document(rule, lang, edition, example, result)
