"""``pcfrules.system/1`` files → the engine's :class:`ProductSystem`.

Linear in the size of the file, from reading (JSON by :mod:`json`, see
:mod:`pcfrules.rules.loader`) to the sparse matrices; the number of exchanges and
emissions is bounded by :data:`~pcfrules.limits.SYSTEM_EXCHANGES` before the engine
builds anything.
"""

from __future__ import annotations

from pcfrules.engine.model import (
    Allocation,
    Dataset,
    Emission,
    Exchange,
    Process,
    ProductSystem,
    Uncertainty,
)
from pcfrules.errors import Location, StudyError
from pcfrules.limits import SYSTEM_EXCHANGES
from pcfrules.studies.model import (
    RawAmount,
    RawEmission,
    RawSystem,
    UncertaintySpec,
)


def product_system(raw: RawSystem) -> ProductSystem:
    """The product system a raw file describes."""
    SYSTEM_EXCHANGES.check(_size(raw), StudyError, Location(path="processes"))
    return ProductSystem(
        reference=_exchange(raw.reference),
        processes=[
            Process(
                p.id,
                [_exchange(o) for o in p.outputs],
                [_exchange(i) for i in p.inputs],
                [_emission(e, f"{p.id}.emissions[{k}]") for k, e in enumerate(p.emissions)],
                p.stage,
                Allocation(p.allocation.method, p.allocation.properties, p.allocation.factors)
                if p.allocation
                else None,
            )
            for p in raw.processes
        ],
        datasets=[
            Dataset(
                d.flow,
                d.unit,
                [
                    _emission(e, f"dataset:{d.flow}.emissions[{k}]")
                    for k, e in enumerate(d.emissions)
                ],
                d.source,
                d.stage,
                d.dqr,
            )
            for d in raw.datasets
        ],
        biogenic_carbon_per_unit=raw.biogenic_carbon_content,
    )


def _size(raw: RawSystem) -> int:
    """Exchanges and emissions of the system: what the engine's build is linear in."""
    processes = sum(len(p.outputs) + len(p.inputs) + len(p.emissions) for p in raw.processes)
    return processes + sum(len(d.emissions) for d in raw.datasets)


def uncertainty(spec: UncertaintySpec | None) -> Uncertainty | None:
    """The engine's uncertainty from a file's spec."""
    if spec is None:
        return None
    return Uncertainty(spec.distribution, spec.sigma, spec.sd, spec.low, spec.high)


def _exchange(raw: RawAmount) -> Exchange:
    return Exchange(raw.flow, raw.amount, raw.unit, uncertainty(raw.uncertainty))


def _emission(raw: RawEmission, label: str) -> Emission:
    return Emission(
        raw.gas,
        raw.amount,
        raw.unit,
        raw.origin,
        uncertainty(raw.uncertainty),
        raw.primary,
        raw.dqr,
        f"{label} {raw.gas}",
    )
