"""Allocation factors of multi-output processes (physical, economic, explicit).

Substitution is not a split: the builder keeps the co-products as supplies to the system,
credited through the producer of the flow they displace.
"""

from __future__ import annotations

from pcfrules.engine.model import Exchange, Process
from pcfrules.errors import Location, ProductSystemError, UnitError
from pcfrules.units import conversion_factor


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
        weights = {o.flow: allocation.factors.get(o.flow, float("nan")) for o in own}
    elif allocation.properties:
        weights = {
            o.flow: o.amount * _property(process, allocation.properties, o.flow) for o in own
        }
    else:
        weights = {o.flow: _mass(process, o) for o in own}
    total = sum(weights.values())
    if not all(w >= 0 for w in weights.values()) or not total > 0:
        raise _error(process, f"分配依据无效：{weights}", f"invalid allocation basis: {weights}")
    return {flow: weight / total for flow, weight in weights.items()}


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
