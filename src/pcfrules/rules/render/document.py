"""The standard text as a tree of numbered clauses, independent of output format.

``build(rule, lang)`` lays the rule out in the chapter order published Chinese PCF
standards use (cover, 前言, 1 范围 … 10 产品碳足迹声明, annexes); the HTML, Markdown and
DOCX writers only walk this tree, so the three formats never disagree on content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pcfrules.rules.model import Lang, RuleStandard


@dataclass
class Para:
    """A paragraph of running text."""

    text: str


@dataclass
class Items:
    """A list; ``ordered`` for a list whose order matters (a hierarchy, a preference)."""

    items: list[str]
    ordered: bool = False


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


Block = Para | Items | Table | Figure


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
    """What the cover page shows."""

    level: str
    number: str
    ics: str
    ccs: str
    title: str
    title_other: str
    issue_date: str
    implementation_date: str
    issuing_body: str
    draft_mark: str


@dataclass
class Document:
    """The whole standard text in one language."""

    lang: Lang
    cover: Cover
    foreword_title: str
    foreword: list[Block]
    clauses: list[Clause]
    annexes: list[AnnexPart]
    fingerprint: str
    rule_id: str
    version: str


def build(rule: RuleStandard, lang: Lang, example: dict[str, object] | None = None) -> Document:
    """Lay out ``rule`` as a GB/T 1.1-2020 standard text in ``lang``."""
    from pcfrules.rules.render import sections

    return sections.document(rule, lang, example)
