"""Factor datasets and GWP sets shipped with pcfrules, and their loader.

Owns the CSV files under ``pcfrules/data/``: every row carries its source and year.
It knows units, nothing of rules, studies or the engine; it only reads and serves
published numbers.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pcfrules.errors import Location, PcfrulesError

DEFAULT_GWP_SET = "AR6-GWP100"


@dataclass(frozen=True)
class GwpValue:
    """One GWP100 value of one gas in one IPCC set, with where it comes from."""

    gwp_set: str
    gas: str
    value: float
    source: str
    year: int


@lru_cache(maxsize=1)
def _gwp_table() -> dict[str, dict[str, GwpValue]]:
    """Read ``data/gwp/ipcc_gwp100.csv`` once into ``{set: {gas: value}}``."""
    text = resources.files("pcfrules.data").joinpath("gwp/ipcc_gwp100.csv").read_text("utf-8")
    table: dict[str, dict[str, GwpValue]] = {}
    for row in csv.DictReader(text.splitlines()):
        entry = GwpValue(
            row["gwp_set"], row["gas"], float(row["gwp100"]), row["source"], int(row["year"])
        )
        table.setdefault(entry.gwp_set, {})[entry.gas] = entry
    return table


def gwp_sets() -> list[str]:
    """The names of the GWP100 sets shipped (``AR6-GWP100``, ``AR5-GWP100``, …)."""
    return sorted(_gwp_table())


def known_gases(gwp_set: str = DEFAULT_GWP_SET) -> set[str]:
    """Every gas that has a value in ``gwp_set``."""
    return set(_gwp_set(gwp_set))


def gwp(gwp_set: str, gas: str) -> GwpValue:
    """The GWP100 of ``gas`` in ``gwp_set``; a bilingual error when either is unknown."""
    values = _gwp_set(gwp_set)
    if gas not in values:
        raise PcfrulesError(
            zh=f"GWP 集“{gwp_set}”中没有气体“{gas}”",
            en=f"gas '{gas}' has no value in GWP set '{gwp_set}'",
            location=Location(path="gas"),
        )
    return values[gas]


def _gwp_set(gwp_set: str) -> dict[str, GwpValue]:
    table = _gwp_table()
    if gwp_set not in table:
        raise PcfrulesError(
            zh=f"未知的 GWP 集“{gwp_set}”，可用：{', '.join(sorted(table))}",
            en=f"unknown GWP set '{gwp_set}'; available: {', '.join(sorted(table))}",
            location=Location(path="gwp_set"),
        )
    return table[gwp_set]


def gwp_values(gwp_set: str = DEFAULT_GWP_SET) -> dict[str, float]:
    """Every gas's GWP100 in ``gwp_set`` as a plain mapping (what the engine takes)."""
    return {gas: v.value for gas, v in _gwp_set(gwp_set).items()}


# The origins of an emission (fossil, biogenic, dluc, aircraft) that take the IPCC's
# "fossil" or "non-fossil" value of a gas whose GWP depends on its carbon's origin
# (methane: AR6 WGI Table 7.15 CH4-fossil / CH4-non fossil).
ORIGIN_CLASSES: dict[str, tuple[str, ...]] = {
    "fossil": ("fossil", "aircraft"),
    "non-fossil": ("biogenic", "dluc"),
}


@lru_cache(maxsize=1)
def _origin_table() -> dict[str, dict[tuple[str, str], GwpValue]]:
    """Read ``data/gwp/ipcc_gwp100_by_origin.csv`` into ``{set: {(gas, origin): value}}``.

    Each row of the file names the IPCC class (``fossil`` or ``non-fossil``); it is
    spread here over the emission origins of that class (:data:`ORIGIN_CLASSES`).
    """
    path = "gwp/ipcc_gwp100_by_origin.csv"
    text = resources.files("pcfrules.data").joinpath(path).read_text("utf-8")
    table: dict[str, dict[tuple[str, str], GwpValue]] = {}
    for row in csv.DictReader(text.splitlines()):
        entry = GwpValue(
            row["gwp_set"], row["gas"], float(row["gwp100"]), row["source"], int(row["year"])
        )
        for origin in ORIGIN_CLASSES[row["origin"]]:
            table.setdefault(entry.gwp_set, {})[(entry.gas, origin)] = entry
    return table


def gwp_of(gwp_set: str, gas: str, origin: str) -> GwpValue:
    """The GWP100 of ``gas`` emitted with ``origin`` (its origin's value where the set has one)."""
    _gwp_set(gwp_set)  # an unknown set is refused the same way
    found = _origin_table().get(gwp_set, {}).get((gas, origin))
    return found if found is not None else gwp(gwp_set, gas)


def gwp_origin_values(gwp_set: str = DEFAULT_GWP_SET) -> dict[tuple[str, str], float]:
    """The GWP100 of each (gas, origin) whose value depends on the origin, in ``gwp_set``.

    AR6: CH4 of fossil and aircraft origin 29.8, of biogenic and dLUC origin 27.0; AR5:
    fossil CH4 30 (its non-fossil CH4 is the generic 28); AR4 has one CH4 value only.
    """
    _gwp_set(gwp_set)
    return {key: v.value for key, v in _origin_table().get(gwp_set, {}).items()}


CBAM_GWP_SET = "AR5-GWP100"  # the CBAM template's constants (N2O 265, CF4 6630, C2F6 11100)
CBAM_SOURCE = "EU CBAM communication template for installations, version 2024-12-13"


@dataclass(frozen=True)
class CbamGood:
    """One CBAM aggregated goods category as the official template lists it."""

    name: str  # exactly as the template spells it (one has a trailing space)
    unit: str  # "t" or "MWh"
    indirect_counts_definitive: bool
    routes: tuple[str, ...]  # empty: the template offers "All production routes"
    source: str
    year: int


@lru_cache(maxsize=1)
def cbam_goods() -> dict[str, CbamGood]:
    """The aggregated goods categories of ``data/cbam/goods.csv``, keyed by trimmed name."""
    text = resources.files("pcfrules.data").joinpath("cbam/goods.csv").read_text("utf-8")
    goods: dict[str, CbamGood] = {}
    for row in csv.DictReader(text.splitlines()):
        good = CbamGood(
            row["good"],
            row["unit"],
            row["indirect_counts_definitive"] == "true",
            tuple(r for r in row["routes"].split("|") if r),
            row["source"],
            int(row["year"]),
        )
        goods[good.name.strip()] = good
    return goods


@lru_cache(maxsize=1)
def cbam_cn_codes() -> dict[str, tuple[str, str]]:
    """CN code → (aggregated goods category, name), from ``data/cbam/cn_codes.csv``."""
    text = resources.files("pcfrules.data").joinpath("cbam/cn_codes.csv").read_text("utf-8")
    return {r["cn_code"]: (r["good"], r["name"]) for r in csv.DictReader(text.splitlines())}


@lru_cache(maxsize=1)
def cbam_constants() -> dict[str, float]:
    """The numbers the CBAM template's formulas use (``data/cbam/constants.csv``)."""
    text = resources.files("pcfrules.data").joinpath("cbam/constants.csv").read_text("utf-8")
    return {r["name"]: float(r["value"]) for r in csv.DictReader(text.splitlines())}


@dataclass(frozen=True)
class PriorityProduct:
    """One of the guide's priority products, its sector and GB/T 4754—2017 codes, and sources.

    ``codes`` is empty where no source read confirms the product's code (``code_source``
    says so); ``aliases`` are the names a standard's title may give the product.
    """

    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    sector_zh: str
    sector_en: str
    codes: tuple[str, ...]
    code_names: tuple[str, ...]
    code_source: str
    source: str
    year: int


@lru_cache(maxsize=1)
def priority_products() -> tuple[PriorityProduct, ...]:
    """The priority products of ``data/priority/products.csv``, in the guide's order."""
    text = resources.files("pcfrules.data").joinpath("priority/products.csv").read_text("utf-8")
    return tuple(
        PriorityProduct(
            row["product_zh"],
            row["product_en"],
            _listed(row["aliases"]),
            row["sector_zh"],
            row["sector_en"],
            _listed(row["gbt4754_codes"]),
            _listed(row["gbt4754_names"]),
            row["code_source"],
            row["source"],
            int(row["year"]),
        )
        for row in csv.DictReader(text.splitlines())
    )


def _listed(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())
