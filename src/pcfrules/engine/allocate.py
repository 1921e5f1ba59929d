"""Allocation factors of multi-output processes (physical, economic, explicit), as written.

Substitution is not a split: the builder keeps the co-products as supplies to the system,
credited through the producer of the flow they displace.

Allocation is applied as written or refused, never repaired: explicit factors must name
every output and add up to 1 within ``FACTOR_SUM_TOLERANCE`` (they are not renormalised);
economic allocation needs a price for every output (it never falls back to mass); physical
allocation uses the properties given, or mass when none are. Every basis is a finite
number, none negative, their total positive.
"""

from __future__ import annotations

import math

from pcfrules.engine.model import Exchange, Process
from pcfrules.errors import Location, ProductSystemError, UnitError
from pcfrules.units import conversion_factor

FACTOR_SUM_TOLERANCE = 1e-6  # |sum of explicit factors − 1| allowed (rounding of written factors)


def split_factors(process: Process, own: list[Exchange], units: dict[str, str]) -> dict[str, float]:
    """The share of ``process``'s inputs and emissions borne by each of its own outputs."""
    if len(own) == 1:
        return {own[0].flow: 1.0}
    allocation = process.allocation
    if allocation is None:
        raise _error(
            process, "有多个产出却未规定分配方法", "has several outputs but no allocation method"
        )
    if allocation.method == "explicit":
        return _explicit(process, allocation.factors, own)
    if allocation.method == "economic" and not allocation.properties:
        raise _error(
            process,
            "按经济价值分配却未给出各产出的价格",
            "uses economic allocation but gives no prices (properties) for its outputs",
        )
    if allocation.properties:
        weights = {
            o.flow: o.amount * _property(process, allocation.properties, o.flow) for o in own
        }
    else:
        weights = {o.flow: _mass(process, o) for o in own}
    total = sum(weights.values())
    if not all(math.isfinite(w) and w >= 0 for w in weights.values()) or not total > 0:
        raise _error(process, f"分配依据无效：{weights}", f"invalid allocation basis: {weights}")
    return {flow: weight / total for flow, weight in weights.items()}


def _explicit(process: Process, factors: dict[str, float], own: list[Exchange]) -> dict[str, float]:
    """The factors as written: one per output, each 0 to 1, adding up to 1."""
    flows = [o.flow for o in own]
    missing = [f for f in flows if f not in factors]
    unknown = sorted(set(factors) - set(flows))
    if missing or unknown:
        raise _error(
            process,
            f"的分配系数须与其产出一一对应（缺少：{missing}；多余：{unknown}）",
            f"must give one allocation factor per output (missing: {missing}; "
            f"not an output: {unknown})",
        )
    if not all(math.isfinite(factors[f]) and 0 <= factors[f] <= 1 for f in flows):
        raise _error(
            process, f"的分配系数应在 0 到 1 之间：{factors}", f"factors must be 0 to 1: {factors}"
        )
    total = sum(factors[f] for f in flows)
    if abs(total - 1) > FACTOR_SUM_TOLERANCE:
        raise _error(
            process,
            f"的分配系数之和为 {total:.9g}，应为 1（允许偏差 {FACTOR_SUM_TOLERANCE:g}），不做归一化",
            f"allocation factors add up to {total:.9g}, not 1 (tolerance "
            f"{FACTOR_SUM_TOLERANCE:g}); they are not renormalised",
        )
    return {f: factors[f] for f in flows}


def _property(process: Process, properties: dict[str, float], flow: str) -> float:
    if flow not in properties:
        raise _error(
            process, f"缺少产出“{flow}”的分配属性", f"no allocation property for output '{flow}'"
        )
    return properties[flow]


def _mass(process: Process, output: Exchange) -> float:
    try:
        return output.amount * conversion_factor(output.unit, "kg")
    except UnitError as exc:
        raise _error(
            process,
            f"按质量分配要求产出为质量单位（{output.flow}: {output.unit}）",
            f"mass allocation needs mass units ({output.flow}: {output.unit})",
        ) from exc


def _error(process: Process, zh: str, en: str) -> ProductSystemError:
    return ProductSystemError(
        zh=f"过程“{process.id}”{zh}",
        en=f"process '{process.id}' {en}",
        location=Location(path=f"{process.id}.allocation"),
    )
