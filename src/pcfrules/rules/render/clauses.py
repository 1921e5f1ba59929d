"""Which field of the rule each clause of the standard text prints, and back.

A reader comments on a clause as the text numbers it (5.4 取舍准则); the registry records
the comment on the rule's field path (``boundary.cut_off``), which is also what its diffs
name. ``FIELDS`` is that bridge, kept beside ``sections``, which lays the clauses out: a
comment form offers the clauses of the text (``clause_refs``), and a change found by a diff
is shown under the clause that prints it (``clause_of``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pcfrules.rules.render.document import Clause, Document
from pcfrules.rules.render.labels import label

FOREWORD = "foreword"
FIELDS: dict[str, str] = {  # clause number → the rule's field it prints (sections.py)
    "1": "scope",
    "2": "normative_references",
    "3": "terms",
    "4": "goal",
    "5.1": "product",
    "5.2": "unit",
    "5.3": "boundary",
    "5.4": "boundary.cut_off",
    "5.5": "boundary.time_boundary",
    "6.1": "data_collection",
    "6.2": "data_collection.validation",
    "6.3": "unit.reference_flow",
    "6.4": "data_quality",
    "6.5": "allocation",
    "7.1": "inventory.gwp_set",
    "7.2": "inventory.electricity",
    "7.3": "inventory.formulas",
    "7.4": "inventory",
    "8": "interpretation",
    "9": "report",
    "10": "declaration",
}


@dataclass(frozen=True)
class ClauseRef:
    """A clause a reader can point at: its number as printed, its title, the rule's field.

    ``key`` is what the text's heading shows (the number, or ``foreword`` / ``annex-A`` for
    the unnumbered parts), so a click on a heading finds its clause.
    """

    key: str
    number: str
    title: str
    path: str


def clause_refs(doc: Document) -> list[ClauseRef]:
    """The clauses of ``doc`` in reading order, each with the field of the rule it prints.

    A clause with no text of its own (5, 6 and 7, which only hold subclauses) is left out; the
    stages of 7.3 are the formulas' clause.
    """
    refs = [ClauseRef(FOREWORD, "", doc.foreword_title, FOREWORD)]
    for clause in doc.clauses:
        refs += _walk(clause)
    annex = label("annex", doc.lang)
    refs += [
        ClauseRef(f"annex-{a.letter}", f"{annex} {a.letter}", a.title, f"annexes[{a.letter}]")
        for a in doc.annexes
    ]
    return refs


def _walk(clause: Clause) -> list[ClauseRef]:
    path = FIELDS.get(clause.number) or FIELDS.get(clause.number.rsplit(".", 1)[0], "")
    own = [ClauseRef(clause.number, clause.number, clause.title, path)] if path else []
    return own + [ref for child in clause.children for ref in _walk(child)]


def clause_of(path: str) -> str:
    """The key of the clause that prints the field ``path`` ('' when no clause does).

    The most specific clause wins: ``boundary.cut_off.cumulative_percent`` is 5.4, not 5.3;
    an annex's field is its ``annex-A``, the foreword's ``foreword``.
    """
    if path == FOREWORD or path.startswith(FOREWORD + "."):
        return FOREWORD
    if path.startswith("annexes["):
        return "annex-" + path.split("]", 1)[0].removeprefix("annexes[")
    best = ""
    for number, field in FIELDS.items():
        inside = path == field or path.startswith((field + ".", field + "["))
        if inside and len(field) > len(FIELDS.get(best, "")):
            best = number
    return best
