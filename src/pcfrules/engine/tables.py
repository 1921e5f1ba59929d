"""A product system in matrix form, as arrays: what every strategy of ``Lca`` works on.

Both ways in end here: :func:`pcfrules.engine.build.build` (a :class:`ProductSystem`) and
:func:`from_arrays` (triplets of prepared matrices, e.g. a background database). Everything a
footprint explains — labels, data quality, primary flags, uncertainty — is kept as parallel
numpy arrays over the non-zeros, never as one Python object per non-zero, so that building
and explaining stay linear and vectorised at a hundred thousand processes. Labels are made
on demand, because only a handful (the largest sensitivities, an error) are ever read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from pcfrules.engine.model import Uncertainty

Triplets = tuple[np.ndarray, np.ndarray, np.ndarray]  # rows, cols, values


@dataclass
class Entries:
    """The non-zeros a matrix was assembled from (duplicates add up), one array each.

    ``scale`` turns the amount as written into the matrix value (unit, sign, allocation);
    ``exchange`` says which exchange of the system each non-zero comes from.
    """

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    scale: np.ndarray
    exchange: np.ndarray


@dataclass
class Quality:
    """Data quality of the intervention non-zeros: DQR (NaN: none), primary, DQI scores."""

    dqr: np.ndarray
    primary: np.ndarray
    dqi_entries: np.ndarray  # which non-zeros carry DQI scores
    dqi_names: list[str]
    dqi_scores: np.ndarray  # (len(dqi_entries) × len(dqi_names)), NaN where not scored

    @classmethod
    def none(cls, size: int) -> Quality:
        """No rating, nothing primary (prepared matrices)."""
        return cls(
            np.full(size, np.nan),
            np.zeros(size, bool),
            np.zeros(0, np.int64),
            [],
            np.zeros((0, 0)),
        )


@dataclass
class Columns:
    """The producers: each column's key, and codes of its process and stage."""

    keys: list[str]
    process_of: np.ndarray
    processes: list[str]
    stage_of: np.ndarray
    stages: list[str | None]


@dataclass
class Sources:
    """The uncertain exchanges: amount as written, distribution or pre-drawn values."""

    exchange: np.ndarray
    amounts: np.ndarray
    uncertainties: list[Uncertainty | None]
    drawn: list[np.ndarray | None]

    @classmethod
    def none(cls) -> Sources:
        """Nothing uncertain."""
        return cls(np.zeros(0, np.int64), np.zeros(0), [], [])


@dataclass
class Matrices:
    """Technosphere A (flows × columns), intervention B ((gas, origin) × columns), demand."""

    technosphere: sp.csr_matrix
    intervention: sp.csr_matrix
    flows: list[str]
    flow_units: dict[str, str]
    columns: Columns
    elementary: list[tuple[str, str]]
    demand: np.ndarray
    a: Entries
    b: Entries
    load_quality: Callable[[], Quality]  # read from the system only when a breakdown needs it
    load_sources: Callable[[], Sources]  # read only when Monte Carlo needs it
    label: Callable[[int], str]  # the exchange's name, as errors and sensitivities print it
    reference: dict[str, object]
    carbon_per_unit: dict[str, float] = field(default_factory=dict)  # biogenic, fossil
    allocation: dict[str, dict[str, object]] = field(default_factory=dict)

    @cached_property
    def quality(self) -> Quality:
        """DQR, primary flag and DQI scores of B's entries (a score needs none of them)."""
        return self.load_quality()

    @cached_property
    def sources(self) -> Sources:
        """The uncertain exchanges, as written (only Monte Carlo reads them)."""
        return self.load_sources()


def csr(shape: tuple[int, int], entries: Entries) -> sp.csr_matrix:
    """The canonical CSR matrix of ``entries`` (sorted, duplicates summed, zeros kept)."""
    matrix = sp.csr_matrix((entries.values, (entries.rows, entries.cols)), shape=shape)
    matrix.sum_duplicates()
    return matrix


def positions(matrix: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Where each (row, col) sits in ``matrix.data`` (the matrix must be canonical)."""
    n = matrix.shape[1]
    keys = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr)) * n
    keys += matrix.indices
    return np.asarray(np.searchsorted(keys, rows.astype(np.int64) * n + cols))


def from_arrays(
    technosphere: Triplets,
    intervention: Triplets,
    elementary: Sequence[tuple[str, str]],
    demand: np.ndarray,
    flows: Sequence[str] | None = None,
    processes: Sequence[str] | None = None,
) -> Matrices:
    """Matrices from (rows, cols, values) of A (outputs > 0, inputs < 0) and of B."""
    a_rows, a_cols, a_values = (np.asarray(t) for t in technosphere)
    b_rows, b_cols, b_values = (np.asarray(t) for t in intervention)
    n, m = len(demand), len(elementary)
    flow_names = list(flows) if flows is not None else [f"flow {i}" for i in range(n)]
    keys = list(processes) if processes is not None else [f"process {i}" for i in range(n)]
    a = _entries(a_rows, a_cols, a_values, 0)
    b = _entries(b_rows, b_cols, b_values, a_values.size)

    def label(exchange: int) -> str:
        name, entries = ("A", a) if exchange < a_values.size else ("B", b)
        i = exchange - (0 if name == "A" else a_values.size)
        return f"{name}[{int(entries.rows[i])}, {keys[int(entries.cols[i])]}]"

    reference = int(np.argmax(np.asarray(demand) != 0))
    return Matrices(
        technosphere=csr((n, n), a),
        intervention=csr((m, n), b),
        flows=flow_names,
        flow_units={},
        columns=Columns(keys, np.arange(n), keys, np.zeros(n, np.int64), [None]),
        elementary=list(elementary),
        demand=np.asarray(demand, dtype=float),
        a=a,
        b=b,
        load_quality=lambda: Quality.none(b_values.size),
        load_sources=Sources.none,
        label=label,
        reference={
            "flow": flow_names[reference],
            "amount": float(demand[reference]),
            "unit": "",
        },
    )


def _entries(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, first: int) -> Entries:
    values = values.astype(float)
    return Entries(
        rows.astype(np.int64),
        cols.astype(np.int64),
        values,
        np.ones(values.size),
        np.arange(first, first + values.size),
    )
