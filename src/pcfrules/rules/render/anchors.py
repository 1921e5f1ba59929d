"""Where a rule's field is printed in its standard text: the id of the place to link to.

Comments, findings and diffs name a field by its path (``boundary.cut_off``,
``inventory.parameters[clinker_ratio]``, ``annexes[A]``); the HTML text gives every clause
the id ``clause-<number>`` (``clause-5.4``), every annex ``annex-<letter>``, the foreword
``foreword`` and the cover ``cover``. :func:`anchor_of` maps the one to the other, so a page
can send a reader from a comment to the clause it is about (``/standards/cement#clause-5.4``).
The table follows ``sections.document``'s layout; a test walks every field of a rule and
checks that its anchor is an id of the rendered text.
"""

from __future__ import annotations

import re

from pcfrules.rules.model import RuleStandard

CLAUSE_PREFIX = "clause-"
# The clause each part of the rule is printed in: the longest matching prefix wins.
PRINTED_IN: dict[str, str] = {
    "scope": "1",
    "normative_references": "2",
    "terms": "3",
    "goal": "4",
    "declaration": "10",
    "product": "5.1",
    "unit": "5.2",
    "unit.reference_flow": "6.3",  # 数据与单元过程及基准流的关联
    "boundary": "5.3",
    "boundary.cut_off": "5.4",
    "boundary.time_boundary": "5.5",
    "boundary.geography": "5.5",
    "data_collection": "6.1",
    "data_collection.validation": "6.2",
    "data_quality": "6.4",
    "allocation": "6.5",
    "inventory": "7",
    "inventory.gwp_set": "7.1",
    "inventory.electricity": "7.2",
    "inventory.formulas": "7.3",
    "interpretation": "8",
    "report": "9",
}
OUTSIDE_CLAUSES = {"identity": "cover", "schema": "cover", "foreword": "foreword"}
_ANNEX = re.compile(r"^annexes\[([^\]]+)\]")


def clause_id(number: str) -> str:
    """The id of clause ``number`` in the HTML text: ``clause-5.2``."""
    return f"{CLAUSE_PREFIX}{number}"


def anchor_of(path: str, rule: RuleStandard | None = None) -> str:
    """The id of the place the field ``path`` is printed in; ``cover`` when none is known.

    An annex is named by its letter (``annexes[B]``) or, with the ``rule``, by its position
    (``annexes[1]``); the CBAM mapping and unknown fields are not printed in a clause, so
    they point at the text's start.
    """
    annex = _ANNEX.match(path)
    if annex is not None:
        key = annex.group(1)
        if key.isdigit() and rule is not None:
            index = int(key)
            return f"annex-{rule.annexes[index].id}" if index < len(rule.annexes) else "cover"
        return f"annex-{key}" if not key.isdigit() else "cover"
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    if head in OUTSIDE_CLAUSES:
        return OUTSIDE_CLAUSES[head]
    keys = [k for k in PRINTED_IN if path == k or path.startswith((f"{k}.", f"{k}["))]
    return clause_id(PRINTED_IN[max(keys, key=len)]) if keys else "cover"
