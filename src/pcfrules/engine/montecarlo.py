"""Monte Carlo over technosphere and intervention uncertainty, vectorised over draws.

Draws are solved in blocks: every draw's matrix shares the sparsity of the mean matrix, so
``A_k x_k`` for a whole block is one element-wise product and one sparse row-sum. The mean
factorisation preconditions a Richardson iteration ``x ← x + A⁻¹(f − A_k x)`` run on all
draws at once; a draw that has not reached a relative residual of 1e-9 is solved directly.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.stats import rankdata

from pcfrules.engine.build import Entry
from pcfrules.engine.lca import Lca
from pcfrules.engine.results import Uncertainty
from pcfrules.engine.sample import draw
from pcfrules.engine.sensitivity import elasticities
from pcfrules.engine.solve import RESIDUAL_TOLERANCE

MAX_ITERATIONS = 60
BLOCK_BUDGET = 40_000_000  # floats per block of draws (~320 MB)


class _Layout:
    """Where each entry sits in the CSC data arrays, and the row-sum operators."""

    def __init__(self, matrix: sp.csc_matrix, entries: list[Entry]) -> None:
        self.matrix = matrix
        self.cols = np.repeat(np.arange(matrix.shape[1]), np.diff(matrix.indptr))
        nnz = matrix.nnz
        self.rowsum = sp.csr_matrix(
            (np.ones(nnz), (matrix.indices, np.arange(nnz))), shape=(matrix.shape[0], nnz)
        )
        self.position = [self._find(e.row, e.col) for e in entries]

    def _find(self, row: int, col: int) -> int:
        start, end = self.matrix.indptr[col], self.matrix.indptr[col + 1]
        return int(start + np.flatnonzero(self.matrix.indices[start:end] == row)[0])

    def product(self, data: np.ndarray, x: np.ndarray) -> np.ndarray:
        """``M_k x_k`` for every draw k (columns of ``data`` and ``x``)."""
        return self.rowsum @ (data * x[self.cols, :])


def monte_carlo(lca: Lca, samples: int, seed: int) -> Uncertainty:
    """``samples`` draws of the total with the given seed; statistics and sensitivity."""
    rng = np.random.default_rng(seed)
    m = lca.m
    a_entries = [e for e in m.entries if e.matrix == "A"]
    b_entries = [e for e in m.entries if e.matrix == "B"]
    a_layout = _Layout(m.technosphere, a_entries)
    b_layout = _Layout(m.intervention.tocsc(), b_entries)
    a_draws = _draws(a_entries, samples, rng)
    b_draws = _draws(b_entries, samples, rng)
    block = max(
        1,
        min(
            samples,
            BLOCK_BUDGET
            // max(m.technosphere.nnz + m.intervention.nnz, m.technosphere.shape[0], 1),
        ),
    )
    totals = np.empty(samples)
    for start in range(0, samples, block):
        stop = min(samples, start + block)
        a_data = _data(a_layout, a_entries, a_draws, start, stop)
        b_data = _data(b_layout, b_entries, b_draws, start, stop)
        x = _solve_block(lca, a_layout, a_data)
        totals[start:stop] = lca.c @ b_layout.product(b_data, x)
    inputs = {**_labelled(a_entries, a_draws), **_labelled(b_entries, b_draws)}
    return Uncertainty(
        samples=samples,
        seed=seed,
        mean=float(totals.mean()),
        sd=float(totals.std(ddof=1)) if samples > 1 else 0.0,
        p2_5=float(np.percentile(totals, 2.5)),
        p50=float(np.percentile(totals, 50)),
        p97_5=float(np.percentile(totals, 97.5)),
        rank_correlation=_rank_correlation(inputs, totals),
        elasticities=elasticities(lca),
        totals=totals.tolist(),
    )


def _draws(entries: list[Entry], samples: int, rng: np.random.Generator) -> dict[int, np.ndarray]:
    out: dict[int, np.ndarray] = {}
    for i, entry in enumerate(entries):
        if entry.samples is not None:
            out[i] = np.resize(np.asarray(entry.samples, dtype=float), samples)
        elif entry.uncertainty is not None:  # drawn as written, then scaled like the amount
            written = entry.amount / entry.scale
            out[i] = draw(written, entry.uncertainty, samples, rng, entry.label) * entry.scale
    return out


def _data(
    layout: _Layout, entries: list[Entry], draws: dict[int, np.ndarray], start: int, stop: int
) -> np.ndarray:
    data = np.repeat(layout.matrix.data[:, None], stop - start, axis=1)
    for i, values in draws.items():
        data[layout.position[i], :] += values[start:stop] - entries[i].amount
    return data


def _solve_block(lca: Lca, layout: _Layout, data: np.ndarray) -> np.ndarray:
    rhs = np.repeat(lca.m.demand[:, None], data.shape[1], axis=1)
    x = lca.factors.solve(rhs)
    scale = np.linalg.norm(rhs, axis=0)
    converged = np.zeros(data.shape[1], dtype=bool)
    for _ in range(MAX_ITERATIONS):
        residual = rhs - layout.product(data, x)
        converged = np.linalg.norm(residual, axis=0) <= RESIDUAL_TOLERANCE * scale
        if converged.all():
            return x
        x[:, ~converged] += lca.factors.solve(np.ascontiguousarray(residual[:, ~converged]))
    for k in np.flatnonzero(~converged):  # direct fallback for draws that did not converge
        matrix = sp.csc_matrix(
            (data[:, k], layout.matrix.indices, layout.matrix.indptr), shape=layout.matrix.shape
        )
        x[:, k] = spla.spsolve(matrix, rhs[:, k])
    return x


def _labelled(entries: list[Entry], draws: dict[int, np.ndarray]) -> dict[str, np.ndarray]:
    """Draws by label, as the user wrote the amount (inputs are stored negative in A)."""
    return {
        entries[i].label: -values if entries[i].matrix == "A" and entries[i].amount < 0 else values
        for i, values in draws.items()
    }


def _rank_correlation(inputs: dict[str, np.ndarray], totals: np.ndarray) -> dict[str, float]:
    """Spearman correlation of each uncertain input with the total, largest first."""
    if len(totals) < 3 or np.ptp(totals) == 0:
        return {}
    ranked_total = rankdata(totals)
    out = {}
    for label, values in inputs.items():
        if np.ptp(values) == 0:
            continue
        out[label] = float(np.corrcoef(rankdata(values), ranked_total)[0, 1])
    return dict(sorted(out.items(), key=lambda kv: -abs(kv[1])))
