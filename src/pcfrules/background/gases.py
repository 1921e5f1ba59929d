"""Which pcfrules gas, and of which origin, an ILCD elementary flow is.

The mapping is a data file (``data/ilcd/gases.csv``): a flow is matched by its CAS number,
or, for a flow without one, by its name. The origin is read from the flow's name or
category, as ILCD reference flows write it: "(fossil)", "(biogenic)"/"non-fossil",
"land use"/"land transformation" (dLUC). A flow that states no origin counts as fossil, the convention of the EU Environmental Footprint method ILCD flows come from.
An elementary flow whose name looks like a greenhouse gas and that the file does not map is
reported (``BG-GHG-UNMAPPED``) so the mapping can be completed, never silently dropped.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pcfrules.datasets import known_gases

ORIGIN_BY_WORD = (
    (re.compile(r"land[ -]?(use|transformation)|luluc|dluc"), "dluc"),
    (re.compile(r"non-fossil|biogenic|short cycle"), "biogenic"),
    (re.compile(r"fossil"), "fossil"),
)
GHG_LOOKING = re.compile(
    r"carbon dioxide|(?<!non-)\bmethane\b|nitrous oxide|dinitrogen monoxide|hexafluoride|"
    r"trifluoride|perfluoro|fluoro(methane|ethane|propane|butane|carbon)|"
    r"\b(hfc|pfc|cfc|hcfc|halon)[- ]?\d|\b(co2|ch4|n2o|sf6|nf3)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GasMapping:
    """The pcfrules gas an elementary flow is, and the source of that match."""

    gas: str
    origin: str
    source: str


@cache
def _table() -> tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, str, str]]]:
    """(by CAS, by lower-case name) → (gas, fixed origin or '', source)."""
    text = (resources.files("pcfrules.data") / "ilcd" / "gases.csv").read_text(encoding="utf-8")
    by_cas: dict[str, tuple[str, str, str]] = {}
    by_name: dict[str, tuple[str, str, str]] = {}
    for row in csv.DictReader(text.splitlines()):
        target = by_cas if row["match"] == "cas" else by_name
        target[row["key"].strip().lower()] = (row["gas"], row["origin"], row["source"])
    return by_cas, by_name


def origin_of(name: str, category: str) -> str:
    """The origin a flow's name or category states; fossil when it states none."""
    text = f"{name} {category}".lower()
    for pattern, origin in ORIGIN_BY_WORD:
        if pattern.search(text):
            return origin
    return "fossil"


def mapping(cas: str, name: str, category: str = "") -> GasMapping | None:
    """The gas a flow is (by CAS, else by name), or None for a flow that is no mapped gas."""
    by_cas, by_name = _table()
    found = by_cas.get(normal_cas(cas)) or by_name.get(name.strip().lower())
    if found is None:
        return None
    gas, fixed, source = found
    if gas not in known_gases():
        return None
    origin = fixed or origin_of(name, category)
    return GasMapping(gas, origin, source)


def looks_like_ghg(name: str) -> bool:
    """Whether a name reads like a greenhouse gas (the unmapped ones are reported)."""
    return bool(GHG_LOOKING.search(name))


def normal_cas(cas: str) -> str:
    """A CAS number as the table writes it: no spaces, no leading zeros ("000124-38-9")."""
    text = cas.strip().replace(" ", "")
    return text.lstrip("0") if text else ""
