"""Solving a block of Monte Carlo draws at once: stacked matrices, BiCGSTAB over draws.

Every draw's technosphere has the sparsity of the mean matrix, only some values differ. The
block's matrices A_1 … A_k are stacked as one block-diagonal CSR matrix whose structure is
built once per thread and whose values are overwritten per block, so one sparse product
serves every draw; BiCGSTAB (:func:`~pcfrules.engine.solve.bicgstab`) runs on all draws together, its scalars vectors over draws, with
each draw's own production amounts as Jacobi preconditioner, warm-started from the mean
solution. Python overhead is paid per block, not per draw. Each draw is then checked with a
freshly computed residual; a draw above 1e-9 is solved directly instead.
"""

from __future__ import annotations

import threading

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from pcfrules.engine import solve
from pcfrules.engine.solve import RESIDUAL_TOLERANCE, norms

DRAW_TOLERANCE = 0.5 * RESIDUAL_TOLERANCE  # a draw's total needs no more than its check


class StackedSolver:
    """Solves A_k x_k = f for the draws of a block; A_k is A with some values replaced."""

    def __init__(self, matrix: sp.csr_matrix, sampled: np.ndarray) -> None:
        """``sampled`` are the positions in ``matrix.data`` whose values vary by draw."""
        self.a = matrix
        self.sampled = sampled
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))[sampled]
        hit = np.flatnonzero(rows == matrix.indices[sampled])
        self.diagonal_hit, self.diagonal_row = hit, rows[hit]
        self._local = threading.local()  # each worker thread keeps its own stacked matrix
        self._lock = threading.Lock()
        self.fallbacks = 0

    def solve(self, demand: np.ndarray, start: np.ndarray, values: np.ndarray) -> np.ndarray:
        """X (n × draws) for the sampled ``values`` (positions × draws), each verified."""
        n, draws = self.a.shape[0], values.shape[1]
        stacked = self._stack(values)
        diagonal = np.repeat(self.a.diagonal()[None, :], draws, 0)
        diagonal[:, self.diagonal_row] = values[self.diagonal_hit, :].T

        def product(x: np.ndarray) -> np.ndarray:
            return np.asarray(stacked @ x.ravel()).reshape(draws, n)

        f = np.broadcast_to(demand, (draws, n))
        start_x = np.repeat(start[None, :], draws, 0)
        x = solve.bicgstab(product, 1.0 / diagonal, f, start_x, DRAW_TOLERANCE)
        residual = norms(f - product(x))
        scale = float(norms(demand[None, :])[0])
        for k in np.flatnonzero(~(residual <= RESIDUAL_TOLERANCE * scale)):
            with self._lock:
                self.fallbacks += 1
            matrix = self.a.copy()
            matrix.data[self.sampled] = values[:, k]
            x[k] = spla.spsolve(matrix.tocsc(), demand)
        return x.T

    def _stack(self, values: np.ndarray) -> sp.csr_matrix:
        """Block-diagonal CSR of the draws' matrices (draw-major); structure built once."""
        n, nnz, draws = self.a.shape[0], self.a.nnz, values.shape[1]
        cached: sp.csr_matrix | None = getattr(self._local, "stacked", None)
        if cached is None or cached.shape[0] != draws * n:
            indices = (self.a.indices[None, :] + (np.arange(draws) * n)[:, None]).ravel()
            indptr = np.empty(draws * n + 1, dtype=np.int64)
            indptr[:-1] = (self.a.indptr[None, :-1] + (np.arange(draws) * nnz)[:, None]).ravel()
            indptr[-1] = draws * nnz
            data = np.tile(self.a.data, draws)
            cached = sp.csr_matrix((data, indices, indptr), shape=(draws * n, draws * n))
            self._local.stacked = cached
        data = cached.data.reshape(draws, nnz)
        data[:] = self.a.data
        data[:, self.sampled] = values.T
        return cached
