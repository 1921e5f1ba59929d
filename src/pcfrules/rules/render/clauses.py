"""Which field of the rule each clause of the standard text prints, and back.

A reader comments on a clause as the text numbers it (5.4 取舍准则); the registry records
the comment on the rule's field path (``boundary.cut_off``), which is also what its diffs
name. ``FIELDS`` is that bridge, kept beside ``sections``, which lays the clauses out: a
comment form offers the clauses of the text (``clause_refs``), and a change found by a diff
is shown under the clause that prints it (``clause_of``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pcfrules.rules.render.anchors import CLAUSE_PREFIX, PRINTED_IN, anchor_of
from pcfrules.rules.render.document import Clause, Document
from pcfrules.rules.render.labels import label

FOREWORD = "foreword"
# Clause number → the rule's field it prints: ``anchors.PRINTED_IN`` read the other way (the
# first field of a clause printing several is the one a comment on it is recorded on).
FIELDS: dict[str, str] = {number: path for path, number in reversed(PRINTED_IN.items())}
FIELDS["7.4"] = FIELDS.pop("7")  # chapter 7 only holds subclauses; 7.4 (the total) prints it


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

    The most specific clause wins (``boundary.cut_off.cumulative_percent`` is 5.4, not 5.3),
    as :func:`anchors.anchor_of` finds it; an annex's field is its ``annex-A``, the
    foreword's ``foreword``, and the cover's none.
    """
    anchor = anchor_of(path)
    if anchor == "cover":
        return ""
    return anchor.removeprefix(CLAUSE_PREFIX)
