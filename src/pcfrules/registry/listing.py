"""标准目录: every standard of the registry as a reader looks for it, and the search over it.

A reader finds a standard by its product (in either language), its number, its sector or a
classification code (GB/T 4754—2017 industry, 统计用产品分类目录), and filters by sector,
stage and code. Each entry is read from the text of the version the registry stands by (the
live one, else the newest) and names the newest version too, so a standard under revision
shows both. Matching is done here on plain text: what a reader types is never part of a
query, so ``%``, ``_`` or ``' OR 1=1 --`` match only themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pcfrules.errors import Location, RegistryError
from pcfrules.registry import workflow
from pcfrules.registry.service import Registry


@dataclass(frozen=True)
class Entry:
    """One standard in the catalogue."""

    rule_id: str
    number: str
    product_zh: str
    product_en: str
    title_zh: str
    title_en: str
    association: str
    association_zh: str
    association_en: str
    sector: str
    industry: tuple[str, ...]  # GB/T 4754—2017
    statistical: tuple[str, ...]  # 统计用产品分类目录
    version: str  # the version the registry stands by (live, else the newest)
    state: str
    newest_version: str
    newest_state: str

    @property
    def states(self) -> tuple[str, ...]:
        """The states a stage filter matches: the version shown and a revision under way."""
        return (self.state, self.newest_state)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every classification code of the standard."""
        return self.industry + self.statistical

    def matches(self, q: str) -> bool:
        """Whether the words ``q`` (all of them, any case) occur in the entry's names or codes."""
        haystack = " ".join(
            (
                self.rule_id,
                self.number,
                self.product_zh,
                self.product_en,
                self.title_zh,
                self.title_en,
                self.sector,
                *self.codes,
            )
        ).casefold()
        return all(_found(word, haystack) for word in q.casefold().split())


def _found(word: str, haystack: str) -> bool:
    """A word in the text; one with a digit only where a number begins.

    "T/PCFR 5—2026" must not find T/PCFR 15—2026, nor "C30" a code's middle; words of
    letters match anywhere ("钢" finds 钢铁, "alum" aluminium).
    """
    if not any(ch.isdigit() for ch in word):
        return word in haystack
    return re.search(rf"(?<![0-9a-z]){re.escape(word)}", haystack) is not None


def entries(registry: Registry) -> list[Entry]:
    """Every standard of the registry, by rule id."""
    names = {a["code"]: (a["name_zh"], a["name_en"]) for a in registry.associations()}
    out = []
    for row in registry.standards():
        info = registry.show(row["rule_id"])
        newest = info["versions"][-1]
        rule = registry.version_rule(row["rule_id"], row["version"])
        codes = rule.product.classification
        zh, en = names.get(info["association"], (info["association"], info["association"]))
        out.append(
            Entry(
                rule_id=row["rule_id"],
                number=row["number"] or "",
                product_zh=rule.identity.product.zh,
                product_en=rule.identity.product.en,
                title_zh=rule.identity.title.zh,
                title_en=rule.identity.title.en,
                association=info["association"],
                association_zh=zh,
                association_en=en,
                sector=row["sector"] or "",
                industry=tuple(
                    codes.industry or ([row["industry_code"]] if row["industry_code"] else [])
                ),
                statistical=tuple(codes.statistical_product),
                version=row["version"],
                state=row["state"],
                newest_version=newest["version"],
                newest_state=newest["state"],
            )
        )
    return out


def search(
    found: list[Entry], q: str = "", sector: str = "", state: str = "", code: str = ""
) -> list[Entry]:
    """The entries matching every filter given: words, sector, stage, a code's prefix."""
    wanted = code.strip().casefold()
    return [
        e
        for e in found
        if e.matches(q)
        and (not sector or e.sector == sector)
        and (not state or state in e.states)
        and (not wanted or any(c.casefold().startswith(wanted) for c in e.codes))
    ]


def page(
    registry: Registry, q: str = "", offset: int = 0, limit: int = 20
) -> tuple[list[dict[str, Any]], int]:
    """One page of :meth:`Registry.standards` matching ``q`` as the catalogue matches it.

    What a machine client finds is what a reader finds on the catalogue page; the total
    counts every match.
    """
    if offset < 0 or limit < 1:
        raise RegistryError(
            zh="分页参数无效：offset ≥ 0，limit ≥ 1",
            en="bad page: offset is 0 or more, limit 1 or more",
            location=Location(path="offset" if offset < 0 else "limit"),
        )
    matched = {e.rule_id for e in search(entries(registry), q)}
    found = [row for row in registry.standards() if row["rule_id"] in matched]
    return found[offset : offset + limit], len(found)


def sectors(found: list[Entry]) -> list[str]:
    """The sectors the catalogue holds, for a filter's choices."""
    return sorted({e.sector for e in found if e.sector})


def states(found: list[Entry]) -> dict[str, tuple[str, str]]:
    """The stages the catalogue's standards are in, in the procedure's order, with names."""
    held = {s for e in found for s in e.states}
    return {code: names for code, names in workflow.STATES.items() if code in held}
