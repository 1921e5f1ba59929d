"""The exchanges of a product system, flattened by kind, and what each one carries.

The builder reads every exchange once: each kind (outputs, inputs, emissions, dataset
emissions) of all owners is laid end to end in one list, and its attributes are read in C
(``attrgetter``), one tuple per attribute. Exchange ids number the items of all kinds in
that order; everything kept about an exchange — its data quality, its uncertainty, its
name — is an array over those ids, and names are made only when something prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, is_not, itemgetter
from typing import Any, Generic, TypeVar

import numpy as np

from pcfrules.engine.model import Emission, Exchange, ProductSystem, Uncertainty
from pcfrules.engine.tables import Quality, Sources

T = TypeVar("T", Exchange, Emission)
T_co = TypeVar("T_co", covariant=True)


@dataclass
class Flat(Generic[T]):
    """One kind of exchange of all owners, flattened: item *i* is ``owner``'s ``position``-th."""

    items: list[T]
    owner: np.ndarray
    position: np.ndarray
    first: int  # exchange id of item 0

    @classmethod
    def of(cls, owners: Sequence[object], attribute: str, first: int) -> Flat[T]:
        """The ``attribute`` lists of all ``owners``, end to end."""
        lists: list[list[T]] = list(map(attrgetter(attribute), owners))
        counts = np.fromiter(map(len, lists), np.int64, len(lists))
        starts = np.cumsum(counts) - counts
        items = list(chain.from_iterable(lists))
        position = np.arange(len(items)) - np.repeat(starts, counts)
        return cls(items, np.repeat(np.arange(len(lists)), counts), position, first)

    def fields(self, *names: str) -> list[tuple[Any, ...]]:
        """The named attributes of every item, one tuple per attribute.

        Each attribute is read in its own pass in C: one pass per attribute builds no
        intermediate tuple per item, which is several times faster than transposing them.
        """
        return [tuple(map(attrgetter(name), self.items)) for name in names]

    @property
    def ids(self) -> np.ndarray:
        """The exchange id of every item."""
        return np.arange(self.first, self.first + len(self.items))


class Labels:
    """The name of exchange *i* as the user would look for it (made only when asked)."""

    def __init__(
        self,
        system: ProductSystem,
        outputs: Flat[Exchange],
        inputs: Flat[Exchange],
        emitted: Flat[Emission],
        background: Flat[Emission],
        diagonal_first: int,
    ) -> None:
        self.system = system
        self.kinds = (outputs, inputs, emitted, background)
        self.diagonal_first = diagonal_first

    def owner(self, kind: int, i: int) -> str:
        """The process id, or ``dataset:flow``, that holds item ``i`` of a kind."""
        flat = self.kinds[kind]
        j = int(flat.owner[i])
        if kind == 3:
            return f"dataset:{self.system.datasets[j].flow}"
        return self.system.processes[j].id

    def where(self, kind: int, i: int) -> str:
        """Where item ``i`` of a kind is written (``p.inputs.coal``, ``p.emissions[2]``)."""
        flat = self.kinds[kind]
        if kind < 2:
            exchange = flat.items[i]
            assert isinstance(exchange, Exchange)
            return f"{self.owner(kind, i)}.{('outputs', 'inputs')[kind]}.{exchange.flow}"
        return f"{self.owner(kind, i)}.emissions[{int(flat.position[i])}]"

    def __call__(self, exchange: int) -> str:
        """The label of exchange ``exchange`` (an emission's own label when it has one)."""
        if exchange >= self.diagonal_first:
            return f"dataset:{self.system.datasets[exchange - self.diagonal_first].flow}"
        kind = next(k for k in (3, 2, 1, 0) if exchange >= self.kinds[k].first)
        i = exchange - self.kinds[kind].first
        item = self.kinds[kind].items[i]
        if isinstance(item, Emission):
            return item.label or f"{self.where(kind, i)} {item.gas}"
        return self.where(kind, i)


def quality_of(
    dqr: np.ndarray,
    primary: tuple[bool, ...],
    dqi: tuple[dict[str, float] | None, ...],
    item: np.ndarray | slice,
) -> Quality:
    """DQR, primary flag and DQI scores of each entry, from those of its emission."""
    scored = np.flatnonzero(np.fromiter(map(bool, dqi), bool, len(dqi)))
    names = sorted({name for i in scored.tolist() for name in dqi[i] or {}})
    table = np.array(
        [[(dqi[i] or {}).get(name, np.nan) for name in names] for i in scored.tolist()],
        dtype=float,
    ).reshape(scored.size, len(names))
    row_of_item = np.full(len(dqi), -1, np.int64)
    row_of_item[scored] = np.arange(scored.size)
    row_of_entry = row_of_item[item]  # an emission split over columns scores in each
    entries = np.flatnonzero(row_of_entry >= 0)
    flags = np.fromiter(primary, bool, len(primary))
    return Quality(dqr[item], flags[item], entries, names, table[row_of_entry[entries]])


def combined_quality(parts: list[Quality]) -> Quality:
    """The quality of B's entries in the order the parts were concatenated."""
    names = sorted({name for part in parts for name in part.dqi_names})
    offsets = np.cumsum([0] + [part.dqr.size for part in parts])[:-1]
    scores = []
    for part in parts:
        widened = np.full((part.dqi_entries.size, len(names)), np.nan)
        for j, name in enumerate(part.dqi_names):
            widened[:, names.index(name)] = part.dqi_scores[:, j]
        scores.append(widened)
    return Quality(
        np.concatenate([part.dqr for part in parts]),
        np.concatenate([part.primary for part in parts]),
        np.concatenate([part.dqi_entries + o for part, o in zip(parts, offsets, strict=True)]),
        names,
        np.vstack(scores) if names else np.zeros((0, 0)),
    )


def uncertain_sources(
    flat: Flat[Exchange] | Flat[Emission],
    amounts: Sequence[float] | np.ndarray,
    uncertainty: tuple[Uncertainty | None, ...],
    drawn: tuple[np.ndarray | None, ...] | tuple[()],
) -> Sources:
    """The items with a distribution or pre-drawn values, as the user wrote them."""
    size = len(uncertainty)
    varies = np.fromiter(map(is_not, uncertainty, repeat(None)), bool, size)
    if drawn:
        varies |= np.fromiter(map(is_not, drawn, repeat(None)), bool, size)
    hits = np.flatnonzero(varies)
    chosen = hits.tolist()
    return Sources(
        flat.first + hits,
        np.asarray(amounts, dtype=float)[hits],
        _pick(uncertainty, chosen),
        _pick(drawn, chosen) if any(map(is_not, drawn, repeat(None))) else [None] * len(chosen),
    )


def _pick(values: Sequence[T_co], index: list[int]) -> list[T_co]:
    """``values[i]`` for each ``i`` in ``index``, gathered in C."""
    if len(index) < 2:
        return [values[i] for i in index]
    return list(itemgetter(*index)(values))


def concat_sources(parts: list[Sources]) -> Sources:
    """The sources of all kinds, in the order of their exchange ids."""
    return Sources(
        np.concatenate([p.exchange for p in parts]),
        np.concatenate([p.amounts for p in parts]),
        list(chain.from_iterable(p.uncertainties for p in parts)),
        list(chain.from_iterable(p.drawn for p in parts)),
    )
