"""From a :class:`ProductSystem` to :class:`Matrices`, in time linear in the exchanges.

Columns are producers (process outputs after allocation, and datasets); rows of the
technosphere are flows, ordered so that flow *i* is produced by column *i*; rows of the
intervention matrix are (gas, origin) pairs. Each kind of exchange (outputs, inputs,
emissions, dataset emissions) is flattened once into lists and then handled as arrays:
rows come from a dict of flows, columns from each owner's first column, and every distinct
(unit written, unit wanted) pair is converted once. Nothing scans the system per column,
which is what made large studies quadratic. A unit that does not convert or a flow nobody
makes is an error naming the exchange, and so is a reference amount that is not positive
or a carbon content outside the product's mass (:mod:`.guard`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter, is_not
from typing import Any

import numpy as np

from pcfrules.engine import guard
from pcfrules.engine.allocate import split_factors
from pcfrules.engine.exchanges import (
    Flat,
    Labels,
    combined_quality,
    concat_sources,
    quality_of,
    uncertain_sources,
)
from pcfrules.engine.model import Emission, Exchange, Process, ProductSystem
from pcfrules.engine.tables import Columns, Entries, Matrices, Quality, Sources, csr
from pcfrules.errors import Location, ProductSystemError, UnitError
from pcfrules.units import conversion_factor


@dataclass
class _Layout:
    """Where each owner's columns start, how many it has, each column's allocation factor."""

    first_col: np.ndarray
    n_cols: np.ndarray
    factor: np.ndarray  # per column


def build(system: ProductSystem) -> Matrices:
    """Build the technosphere and intervention matrices of ``system``."""
    with collector_paused():
        return _build(system)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building.

    The build allocates hundreds of thousands of small acyclic containers; each allocation
    burst would otherwise make the collector traverse the caller's whole object graph (a
    large product system is millions of objects) again and again, for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(system: ProductSystem) -> Matrices:
    processes, datasets = system.processes, system.datasets
    outputs: Flat[Exchange] = Flat.of(processes, "outputs", 0)
    inputs: Flat[Exchange] = Flat.of(processes, "inputs", len(outputs.items))
    emitted: Flat[Emission] = Flat.of(processes, "emissions", inputs.first + len(inputs.items))
    background: Flat[Emission] = Flat.of(datasets, "emissions", emitted.first + len(emitted.items))
    diagonal_first = background.first + len(background.items)
    label = Labels(system, outputs, inputs, emitted, background, diagonal_first)
    out_flow, out_written, out_unit = outputs.fields("flow", "amount", "unit")
    columns, flows, units, layout, allocation = _columns(system, outputs, out_flow, out_unit)
    row_of = {flow: i for i, flow in enumerate(flows)}
    n = len(flows)
    conversions = _Conversions(label)
    flow_unit = conversions.encode([units[f] for f in flows])
    in_flow, in_written, in_unit = inputs.fields("flow", "amount", "unit")
    in_amount = np.asarray(in_written, dtype=float)
    out_amount = np.asarray(out_written, dtype=float)
    a = _concat(
        [
            _inputs(inputs, in_flow, in_amount, in_unit, layout, row_of, flow_unit, conversions),
            _outputs(
                outputs, out_flow, out_amount, out_unit, layout, row_of, flow_unit, conversions
            ),
            _dataset_diagonal(system, layout, row_of, diagonal_first),
        ]
    )
    elementary: dict[tuple[str, str], int] = {}
    dataset_layout = _datasets_only(layout, len(processes))
    b_parts = [
        _emissions(emitted, 2, layout, elementary, conversions),
        _emissions(background, 3, dataset_layout, elementary, conversions),
    ]
    b = _concat([entries for entries, _, _ in b_parts])

    def quality() -> Quality:
        with collector_paused():
            return _quality()

    def _quality() -> Quality:
        return combined_quality(
            [
                _emission_quality(emitted, b_parts[0][1], [None] * len(processes)),
                _emission_quality(background, b_parts[1][1], [d.dqr for d in datasets]),
            ]
        )

    def sources() -> Sources:
        with collector_paused():
            return _sources()

    def _sources() -> Sources:
        return concat_sources(
            [
                _uncertain(outputs, out_amount),
                _uncertain(inputs, in_amount),
                _uncertain(emitted, b_parts[0][2]),
                _uncertain(background, b_parts[1][2]),
            ]
        )

    reference = system.reference
    guard.positive_reference(reference.amount, reference.flow)
    _check_produced(reference.flow, row_of, "reference")
    demand = np.zeros(n)
    demand[row_of[reference.flow]] = reference.amount * _convert(
        reference.unit, units[reference.flow], "reference"
    )
    carbon = {"biogenic": system.biogenic_carbon_per_unit, "fossil": system.fossil_carbon_per_unit}
    kg_per_unit = _kg_per_unit(units[reference.flow]) if any(carbon.values()) else None
    guard.carbon_within_mass(carbon, kg_per_unit, reference.flow)
    return Matrices(
        technosphere=csr((n, n), a),
        intervention=csr((len(elementary), n), b),
        flows=flows,
        flow_units=units,
        columns=columns,
        elementary=list(elementary),
        demand=demand,
        a=a,
        b=b,
        load_quality=quality,
        load_sources=sources,
        label=label,
        reference={"flow": reference.flow, "amount": reference.amount, "unit": reference.unit},
        carbon_per_unit=carbon,
        allocation=allocation,
    )


def _columns(
    system: ProductSystem,
    outputs: Flat[Exchange],
    out_flow: tuple[str, ...],
    out_unit: tuple[str, ...],
) -> tuple[Columns, list[str], dict[str, str], _Layout, dict[str, dict[str, object]]]:
    """One column per own output of each process (allocated), then one per dataset.

    A substituting process owns only its first output; the others are supplied to the
    system and credited through their own producer.
    """
    processes, datasets = system.processes, system.datasets
    n_own = np.bincount(outputs.owner, minlength=len(processes))
    ids, process_stages, allocations = _columns_of(processes, "id", "stage", "allocation")
    allocated = np.flatnonzero(np.fromiter(map(is_not, allocations, repeat(None)), bool)).tolist()
    for i in allocated:
        if allocations[i].method == "substitution":
            n_own[i] = min(1, n_own[i])
    own = np.flatnonzero(outputs.position < n_own[outputs.owner]).tolist()
    flows = [*map(out_flow.__getitem__, own), *(d.flow for d in datasets)]
    owners = [
        *map(ids.__getitem__, outputs.owner[own].tolist()),
        *(f"dataset:{d.flow}" for d in datasets),
    ]
    units = _flow_units(
        flows, [*map(out_unit.__getitem__, own), *(d.unit for d in datasets)], owners
    )
    n_cols = np.concatenate([n_own, np.ones(len(datasets), np.int64)])
    first_col = np.cumsum(n_cols) - n_cols
    factor = np.ones(len(flows))
    keys = [*ids, *owners[len(own) :]] if len(own) == len(processes) else list(owners)
    allocation: dict[str, dict[str, object]] = {}
    for i in sorted({*allocated, *np.flatnonzero(n_own != 1).tolist()}):
        process = processes[i]
        own_outputs = process.outputs[: int(n_own[i])]
        split = split_factors(process, own_outputs, units)
        allocation[process.id] = {
            "method": process.allocation.method if process.allocation else "none",
            "factors": split,
        }
        for j, output in enumerate(own_outputs):
            factor[first_col[i] + j] = split[output.flow]
            if len(own_outputs) > 1:
                keys[first_col[i] + j] = f"{process.id}[{output.flow}]"
    owner_names = [*ids, *(f"dataset:{d.flow}" for d in datasets)]
    stages = [*process_stages, *(d.stage for d in datasets)]
    stage_codes = {stage: i for i, stage in enumerate(dict.fromkeys(stages))}
    stage_of_owner = np.fromiter(map(stage_codes.__getitem__, stages), np.int64, len(stages))
    owner_of_column = np.repeat(np.arange(n_cols.size), n_cols)
    columns = Columns(
        keys, owner_of_column, owner_names, stage_of_owner[owner_of_column], list(stage_codes)
    )
    return columns, flows, units, _Layout(first_col, n_cols, factor), allocation


def _columns_of(owners: Sequence[Process], *names: str) -> list[Any]:
    """The named attributes of every owner, one sequence per attribute (read in C)."""
    if not owners:
        return [() for _ in names]
    return list(zip(*map(attrgetter(*names), owners), strict=True))


def _flow_units(flows: list[str], units: list[str], owners: list[str]) -> dict[str, str]:
    """Each flow's unit is the unit its producer states; two producers is an error."""
    out = dict(zip(flows, units, strict=True))
    if len(out) < len(flows):
        producer: dict[str, str] = {}
        for flow, owner in zip(flows, owners, strict=True):
            if flow in producer:
                raise ProductSystemError(
                    zh=f"流“{flow}”有两个生产者：{producer[flow]} 和 {owner}",
                    en=f"flow '{flow}' has two producers: {producer[flow]} and {owner}",
                    location=Location(path=f"{owner}.outputs"),
                )
            producer[flow] = owner
    return out


class _Conversions:
    """Unit spellings as codes, so each distinct (written, wanted) pair is converted once."""

    def __init__(self, label: Labels) -> None:
        self.codes: dict[str, int] = {}
        self.known: dict[tuple[int, int], float] = {}
        self.label = label

    def encode(self, units: Sequence[str]) -> np.ndarray:
        """The code of each unit spelling (new spellings are added only when there are).

        One spelling for every item (a system written in kg throughout) is recognised by a
        single comparison pass in C, without a look-up per item.
        """
        if units and units.count(units[0]) == len(units):
            self.codes.setdefault(units[0], len(self.codes))
            return np.full(len(units), self.codes[units[0]], np.int64)
        try:
            return np.fromiter(map(self.codes.__getitem__, units), np.int64, len(units))
        except KeyError:
            for unit in dict.fromkeys(units):
                self.codes.setdefault(unit, len(self.codes))
            return np.fromiter(map(self.codes.__getitem__, units), np.int64, len(units))

    def factors(self, written: np.ndarray, wanted: np.ndarray, kind: int) -> np.ndarray:
        """How many ``wanted`` units make one ``written`` unit, per item of a kind."""
        names = list(self.codes)
        pair = written * len(names) + wanted
        table = np.zeros(len(names) ** 2)
        for code in np.flatnonzero(np.bincount(pair, minlength=table.size)).tolist():
            src, dst = divmod(code, len(names))
            if (src, dst) in self.known:
                table[code] = self.known[src, dst]
                continue
            try:
                table[code] = self.known[src, dst] = conversion_factor(names[src], names[dst])
            except UnitError as exc:
                where = self.label.where(kind, int(np.argmax(pair == code)))
                raise ProductSystemError(
                    zh=exc.zh, en=exc.en, location=Location(path=where)
                ) from exc
        return np.asarray(table[pair])


def _rows(flows: Sequence[str], row_of: dict[str, int], owner: Callable[[int], str]) -> np.ndarray:
    """The row of each flow; a flow nobody makes is an error naming who needs it."""
    try:
        return np.fromiter(map(row_of.__getitem__, flows), np.int64, len(flows))
    except KeyError:
        i = next(i for i, f in enumerate(flows) if f not in row_of)
        _check_produced(flows[i], row_of, owner(i))
        raise


def _check_produced(flow: str, row_of: dict[str, int], owner: str) -> None:
    if flow not in row_of:
        raise ProductSystemError(
            zh=f"流“{flow}”没有生产过程，也没有背景数据集（{owner} 需要它）",
            en=f"flow '{flow}' has no producer and no dataset (needed by {owner})",
            location=Location(path=f"{owner}.{flow}"),
        )


def _datasets_only(layout: _Layout, processes: int) -> _Layout:
    """The layout of the dataset columns alone (owners numbered from 0)."""
    return _Layout(layout.first_col[processes:], layout.n_cols[processes:], layout.factor)


def _spread(owner: np.ndarray, layout: _Layout) -> tuple[np.ndarray | slice, np.ndarray]:
    """(item, column) for every column of each item's owner: allocation splits an input.

    With no owner split over columns, ``item`` is every item in order: a slice, so that
    indexing by it is a view rather than a copy of each array.
    """
    reps = layout.n_cols[owner]
    if owner.size == 0 or reps.max() == 1:
        return slice(None), layout.first_col[owner]
    item = np.repeat(np.arange(owner.size), reps)
    offset = np.arange(item.size) - np.repeat(np.cumsum(reps) - reps, reps)
    return item, layout.first_col[owner[item]] + offset


def _inputs(
    flat: Flat[Exchange],
    flows: tuple[str, ...],
    amount: np.ndarray,
    unit: tuple[str, ...],
    layout: _Layout,
    row_of: dict[str, int],
    flow_unit: np.ndarray,
    conversions: _Conversions,
) -> Entries:
    """Inputs, negative, in their flow's unit, split over the owner's columns."""
    rows = _rows(flows, row_of, lambda i: _owner_of(conversions, 1, i))
    factor = conversions.factors(conversions.encode(unit), flow_unit[rows], 1)
    item, cols = _spread(flat.owner, layout)
    scale = -factor[item] * layout.factor[cols]
    values = amount[item] * scale
    return Entries(rows[item], cols, values, scale, flat.ids[item])


def _owner_of(conversions: _Conversions, kind: int, i: int) -> str:
    """Who holds item ``i`` of a kind (for errors)."""
    return conversions.label.owner(kind, i)


def _outputs(
    flat: Flat[Exchange],
    flows: tuple[str, ...],
    amount: np.ndarray,
    unit: tuple[str, ...],
    layout: _Layout,
    row_of: dict[str, int],
    flow_unit: np.ndarray,
    conversions: _Conversions,
) -> Entries:
    """Own outputs in their own column; substituted co-products supplied by the process."""
    rows = _rows(flows, row_of, lambda i: _owner_of(conversions, 0, i))
    scale = conversions.factors(conversions.encode(unit), flow_unit[rows], 0)
    own = flat.position < layout.n_cols[flat.owner]
    cols = layout.first_col[flat.owner] + np.where(own, flat.position, 0)
    return Entries(rows, cols, amount * scale, scale, flat.ids)


def _dataset_diagonal(
    system: ProductSystem, layout: _Layout, row_of: dict[str, int], first: int
) -> Entries:
    """A dataset makes one unit of its flow per unit of activity."""
    k = len(system.datasets)
    cols = layout.first_col[len(system.processes) :]
    rows = np.fromiter((row_of[d.flow] for d in system.datasets), np.int64, k)
    return Entries(rows, cols, np.ones(k), np.ones(k), np.arange(first, first + k))


def _emissions(
    flat: Flat[Emission],
    kind: int,
    layout: _Layout,
    elementary: dict[tuple[str, str], int],
    conversions: _Conversions,
) -> tuple[Entries, np.ndarray | slice, np.ndarray]:
    """Emissions into B, in kg, split like the inputs; each entry's emission; the amounts."""
    gas, origin, amount, unit = flat.fields("gas", "origin", "amount", "unit")
    rows = _elementary_rows(gas, origin, elementary)
    kg = conversions.encode(["kg"])
    factor = conversions.factors(conversions.encode(unit), np.repeat(kg, len(gas)), kind)
    amounts = np.asarray(amount, dtype=float)
    item, cols = _spread(flat.owner, layout)
    scale = factor[item] * layout.factor[cols]
    entries = Entries(rows[item], cols, amounts[item] * scale, scale, flat.ids[item])
    return entries, item, amounts


def _emission_quality(
    flat: Flat[Emission], item: np.ndarray | slice, owner_dqr: list[float | None]
) -> Quality:
    """The quality of each entry from its emission's; an emission's DQR defaults to its owner's."""
    dqr, primary, dqi = flat.fields("dqr", "primary", "dqi")
    default = np.array(owner_dqr, dtype=float)
    own_dqr = np.array(dqr, dtype=float)
    if default.size:
        own_dqr = np.where(np.isnan(own_dqr), default[flat.owner], own_dqr)
    return quality_of(own_dqr, primary, dqi, item)


def _uncertain(flat: Flat[Exchange] | Flat[Emission], amounts: np.ndarray) -> Sources:
    """The exchanges of a kind with a distribution (or, for emissions, pre-drawn values)."""
    if flat.items and isinstance(flat.items[0], Emission):
        uncertainty, drawn = flat.fields("uncertainty", "samples")
        return uncertain_sources(flat, amounts, uncertainty, drawn)
    return uncertain_sources(flat, amounts, flat.fields("uncertainty")[0], ())


def _elementary_rows(
    gas: tuple[str, ...], origin: tuple[str, ...], elementary: dict[tuple[str, str], int]
) -> np.ndarray:
    """The (gas, origin) row of each emission; new pairs get rows in order of appearance."""
    (gases, gas_names), (origins, origin_names) = _codes(gas), _codes(origin)
    pair = gases * len(origin_names) + origins
    seen = np.bincount(pair, minlength=len(gas_names) * len(origin_names)) > 0
    first = np.full(seen.size, pair.size, np.int64)
    np.minimum.at(first, pair, np.arange(pair.size))
    table = np.zeros(seen.size, np.int64)
    for code in np.flatnonzero(seen)[np.argsort(first[seen], kind="stable")].tolist():
        g, o = divmod(code, len(origin_names))
        table[code] = elementary.setdefault((gas_names[g], origin_names[o]), len(elementary))
    return np.asarray(table[pair])


def _codes(values: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """Each value's index among the distinct values (in order of appearance), and those.

    A single value throughout (one origin for every emission) takes one comparison pass.
    """
    if values and values.count(values[0]) == len(values):
        return np.zeros(len(values), np.int64), [values[0]]
    index = {v: i for i, v in enumerate(dict.fromkeys(values))}
    return np.fromiter(map(index.__getitem__, values), np.int64, len(values)), list(index)


def _concat(parts: list[Entries]) -> Entries:
    return Entries(
        *(
            np.concatenate([getattr(p, name) for p in parts])
            for name in Entries.__dataclass_fields__
        )
    )


def _kg_per_unit(unit: str) -> float | None:
    """The mass of one ``unit`` in kg, or None when it is not a mass (piece, kWh …)."""
    try:
        return conversion_factor(unit, "kg")
    except UnitError:
        return None


def _convert(written: str, wanted: str, where: str) -> float:
    try:
        return conversion_factor(written, wanted)
    except UnitError as exc:
        raise ProductSystemError(zh=exc.zh, en=exc.en, location=Location(path=where)) from exc
