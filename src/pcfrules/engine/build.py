"""From a :class:`ProductSystem` to sparse matrices.

Columns are producers (process outputs after allocation, and datasets); rows of the
technosphere matrix are flows, ordered so that flow *i* is produced by column *i*. Rows of
the intervention matrix are (gas, origin) pairs. Every exchange is converted to its flow's
unit here, once; a unit that does not convert is an error naming the exchange.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from pcfrules.engine.allocate import split_factors
from pcfrules.engine.model import Emission, Exchange, Process, ProductSystem, Uncertainty
from pcfrules.errors import Location, ProductSystemError, UnitError
from pcfrules.units import conversion_factor


@dataclass
class Column:
    """One producer column: a (part of a) process or a dataset."""

    key: str
    process: str
    stage: str | None
    flow: str
    factor: float = 1.0
    is_dataset: bool = False
    dqr: float | None = None


@dataclass
class Entry:
    """One non-zero the builder placed, kept so uncertainty and sensitivity can find it."""

    matrix: str  # "A" or "B"
    row: int
    col: int
    amount: float
    uncertainty: Uncertainty | None
    label: str
    samples: np.ndarray | None = None
    primary: bool = False
    dqr: float | None = None
    scale: float = 1.0  # matrix value = amount as written × scale (unit, sign, allocation)
    dqi: dict[str, float] | None = None


@dataclass
class Matrices:
    """The product system in matrix form, with what is needed to explain the numbers."""

    technosphere: sp.csc_matrix
    intervention: sp.csc_matrix
    flows: list[str]
    flow_units: dict[str, str]
    columns: list[Column]
    elementary: list[tuple[str, str]]
    demand: np.ndarray
    entries: list[Entry]
    allocation: dict[str, dict[str, object]] = field(default_factory=dict)


def build(system: ProductSystem) -> Matrices:
    """Build the technosphere and intervention matrices of ``system``."""
    units = _flow_units(system)
    columns, allocation = _columns(system, units)
    flows = [c.flow for c in columns]
    row_of = {flow: i for i, flow in enumerate(flows)}
    _check_inputs_have_producers(system, row_of)
    elementary: dict[tuple[str, str], int] = {}
    entries: list[Entry] = []
    for col, column in enumerate(columns):
        _place_column(system, column, col, units, row_of, elementary, entries)
    return _assemble(system, columns, flows, units, elementary, entries, allocation, row_of)


def _flow_units(system: ProductSystem) -> dict[str, str]:
    """Each flow's unit is the unit its producer states; two producers is an error."""
    units: dict[str, str] = {}
    producer: dict[str, str] = {}
    outputs = [(p.id, o.flow, o.unit) for p in system.processes for o in _own_outputs(p)]
    outputs += [(f"dataset:{d.flow}", d.flow, d.unit) for d in system.datasets]
    for owner, flow, unit in outputs:
        if flow in producer:
            raise ProductSystemError(
                zh=f"流“{flow}”有两个生产者：{producer[flow]} 和 {owner}",
                en=f"flow '{flow}' has two producers: {producer[flow]} and {owner}",
                location=Location(path=f"{owner}.outputs"),
            )
        producer[flow], units[flow] = owner, unit
    return units


def _own_outputs(process: Process) -> list[Exchange]:
    """Outputs that this process is the producer of (substituted co-products are not)."""
    if process.allocation is not None and process.allocation.method == "substitution":
        return process.outputs[:1]
    return process.outputs


def _columns(
    system: ProductSystem, units: dict[str, str]
) -> tuple[list[Column], dict[str, dict[str, object]]]:
    columns: list[Column] = []
    allocation: dict[str, dict[str, object]] = {}
    for process in system.processes:
        own = _own_outputs(process)
        factors = split_factors(process, own, units)
        if len(own) > 1 or process.allocation is not None:
            allocation[process.id] = {
                "method": process.allocation.method if process.allocation else "none",
                "factors": factors,
            }
        for output in own:
            key = process.id if len(own) == 1 else f"{process.id}[{output.flow}]"
            columns.append(
                Column(key, process.id, process.stage, output.flow, factors[output.flow])
            )
    for dataset in system.datasets:
        columns.append(
            Column(
                f"dataset:{dataset.flow}",
                f"dataset:{dataset.flow}",
                dataset.stage,
                dataset.flow,
                1.0,
                True,
                dataset.dqr,
            )
        )
    return columns, allocation


def _check_inputs_have_producers(system: ProductSystem, row_of: dict[str, int]) -> None:
    wanted = [(p.id, e.flow) for p in system.processes for e in p.inputs]
    wanted += [(p.id, e.flow) for p in system.processes for e in p.outputs if e.flow not in row_of]
    wanted.append(("reference", system.reference.flow))
    for owner, flow in wanted:
        if flow not in row_of:
            raise ProductSystemError(
                zh=f"流“{flow}”没有生产过程，也没有背景数据集（{owner} 需要它）",
                en=f"flow '{flow}' has no producer and no dataset (needed by {owner})",
                location=Location(path=f"{owner}.{flow}"),
            )


def _convert(exchange_unit: str, flow_unit: str, where: str) -> float:
    try:
        return conversion_factor(exchange_unit, flow_unit)
    except UnitError as exc:
        raise ProductSystemError(
            zh=f"{where}：{exc.zh}", en=f"{where}: {exc.en}", location=Location(path=where)
        ) from exc


def _place_column(
    system: ProductSystem,
    column: Column,
    col: int,
    units: dict[str, str],
    row_of: dict[str, int],
    elementary: dict[tuple[str, str], int],
    entries: list[Entry],
) -> None:
    if column.is_dataset:
        dataset = next(d for d in system.datasets if d.flow == column.flow)
        entries.append(Entry("A", row_of[column.flow], col, 1.0, None, column.key))
        _place_emissions(dataset.emissions, column, col, elementary, entries, dataset.dqr)
        return
    process = next(p for p in system.processes if p.id == column.process)
    own = _own_outputs(process)
    output = next(o for o in own if o.flow == column.flow)
    where = f"{process.id}.outputs.{output.flow}"
    scale = _convert(output.unit, units[output.flow], where)
    entries.append(
        Entry(
            "A",
            row_of[output.flow],
            col,
            output.amount * scale,
            output.uncertainty,
            where,
            scale=scale,
        )
    )
    for co in process.outputs[len(own) :]:  # substituted co-products: supplied to the system
        where = f"{process.id}.outputs.{co.flow}"
        scale = _convert(co.unit, units[co.flow], where)
        entries.append(
            Entry("A", row_of[co.flow], col, co.amount * scale, co.uncertainty, where, scale=scale)
        )
    for inp in process.inputs:
        where = f"{process.id}.inputs.{inp.flow}"
        scale = -_convert(inp.unit, units[inp.flow], where) * column.factor
        entries.append(
            Entry(
                "A", row_of[inp.flow], col, inp.amount * scale, inp.uncertainty, where, scale=scale
            )
        )
    _place_emissions(process.emissions, column, col, elementary, entries, None)


def _place_emissions(
    emissions: list[Emission],
    column: Column,
    col: int,
    elementary: dict[tuple[str, str], int],
    entries: list[Entry],
    default_dqr: float | None,
) -> None:
    for i, emission in enumerate(emissions):
        where = f"{column.process}.emissions[{i}]"
        scale = _convert(emission.unit, "kg", where) * column.factor
        value = emission.amount * scale
        row = elementary.setdefault((emission.gas, emission.origin), len(elementary))
        samples = None if emission.samples is None else emission.samples * scale
        dqr = emission.dqr if emission.dqr is not None else default_dqr
        entries.append(
            Entry(
                "B",
                row,
                col,
                value,
                emission.uncertainty,
                emission.label or f"{where} {emission.gas}",
                samples,
                emission.primary,
                dqr,
                scale,
                emission.dqi,
            )
        )


def _assemble(
    system: ProductSystem,
    columns: list[Column],
    flows: list[str],
    units: dict[str, str],
    elementary: dict[tuple[str, str], int],
    entries: list[Entry],
    allocation: dict[str, dict[str, object]],
    row_of: dict[str, int],
) -> Matrices:
    n = len(columns)
    a_entries = [e for e in entries if e.matrix == "A"]
    b_entries = [e for e in entries if e.matrix == "B"]
    technosphere = sp.csc_matrix(
        ([e.amount for e in a_entries], ([e.row for e in a_entries], [e.col for e in a_entries])),
        shape=(n, n),
    )
    intervention = sp.csc_matrix(
        ([e.amount for e in b_entries], ([e.row for e in b_entries], [e.col for e in b_entries])),
        shape=(len(elementary), n),
    )
    demand = np.zeros(n)
    ref = system.reference
    demand[row_of[ref.flow]] = ref.amount * _convert(ref.unit, units[ref.flow], "reference")
    keys = sorted(elementary, key=elementary.__getitem__)
    return Matrices(
        technosphere,
        intervention,
        flows,
        units,
        columns,
        keys,
        demand,
        a_entries + b_entries,
        allocation,
    )
