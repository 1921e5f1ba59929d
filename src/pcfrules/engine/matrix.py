"""Fast paths on prepared matrices: one demand, many demands, every product, many draws.

``MatrixLca`` works on a technosphere A (n × n, products on the diagonal), an intervention
matrix B (m × n) and GWP values c (m). It picks the method per task and verifies every
answer to a relative residual of 1e-9, falling back to a direct factorisation when an
iterative method does not get there:

- one demand: BiCGSTAB with a Jacobi preconditioner (no factorisation at all);
- many demands with full inventories: the adjoint — solve Aᵀ Y = Bᵀ once per elementary
  flow (m solves, m ≪ number of demands), then every demand's inventory is Yᵀ f;
- every product's footprint: one adjoint solve Aᵀ y = Bᵀ c;
- Monte Carlo: all draws of a block iterate together (Jacobi sweeps vectorised over draws,
  each sweep one sparse product for the mean matrix and one for the sampled deviations).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from pcfrules.engine.solve import RESIDUAL_TOLERANCE, relative_residual

KRYLOV_TOLERANCE = 1e-12
MAX_SWEEPS = 400
BLOCK_FLOATS = 1_500_000
WORKERS = min(4, os.cpu_count() or 1)  # non-zeros of one block of stacked draw matrices


class MatrixLca:
    """Footprints on prepared sparse matrices, each answer checked to 1e-9."""

    def __init__(
        self, technosphere: sp.spmatrix, intervention: sp.spmatrix, gwp: np.ndarray
    ) -> None:
        self.a = sp.csr_matrix(technosphere)
        self.a_t = sp.csr_matrix(self.a.T)
        self.b = sp.csr_matrix(intervention)
        self.c = np.asarray(gwp, dtype=float)
        self.cb = np.asarray(self.b.T @ self.c).ravel()
        self.diagonal = self.a.diagonal()
        self._lu: spla.SuperLU | None = None
        self._lock = threading.Lock()
        self._local = threading.local()  # each worker thread keeps its own stacked matrix
        self.fallbacks = 0

    @classmethod
    def from_arrays(
        cls,
        n: int,
        tech: tuple[np.ndarray, np.ndarray, np.ndarray],
        m: int,
        bio: tuple[np.ndarray, np.ndarray, np.ndarray],
        gwp: np.ndarray,
    ) -> tuple[MatrixLca, np.ndarray, np.ndarray]:
        """Build from (rows, cols, values) triplets of A and B (no duplicates).

        Returns the object and, for each input triplet, its position in the CSR data of A
        and of B, so that sampled values can be written where they belong.
        """
        a, a_pos = _csr(n, n, *tech)
        b, b_pos = _csr(m, n, *bio)
        return cls(a, b, gwp), a_pos, b_pos

    # --- single and adjoint solves ------------------------------------------------------
    def solve(self, rhs: np.ndarray, transpose: bool = False) -> np.ndarray:
        """Solve A x = rhs (or Aᵀ x = rhs); verified to 1e-9, else solved directly."""
        matrix = self.a_t if transpose else self.a
        preconditioner = sp.diags(1.0 / self.diagonal)
        x, _ = spla.bicgstab(
            matrix,
            rhs,
            x0=rhs / self.diagonal,
            rtol=KRYLOV_TOLERANCE,
            atol=0.0,
            M=preconditioner,
            maxiter=1000,
        )
        if relative_residual(matrix, x, rhs) <= RESIDUAL_TOLERANCE and np.all(np.isfinite(x)):
            return x
        self.fallbacks += 1
        return self._direct(rhs, transpose)

    def _direct(self, rhs: np.ndarray, transpose: bool) -> np.ndarray:
        if self._lu is None:
            self._lu = spla.splu(self.a_t.tocsc(), permc_spec="COLAMD")
        return self._lu.solve(rhs, trans="N" if transpose else "T")

    def score(self, demand: np.ndarray) -> float:
        """Footprint of one demand."""
        return float(self.cb @ self.solve(demand))

    def inventories(self, demands: sp.spmatrix | np.ndarray) -> np.ndarray:
        """Inventory (m elementary flows × k demands) of every column of ``demands``."""
        adjoint = np.column_stack(
            [self.solve(self.b[i].toarray().ravel(), True) for i in range(self.b.shape[0])]
        )
        return np.asarray((sp.csr_matrix(demands).T @ adjoint).T)

    def all_scores(self) -> np.ndarray:
        """Footprint per unit of every product, from one adjoint solve."""
        return self.solve(self.cb, transpose=True)

    # --- Monte Carlo ---------------------------------------------------------------------
    def monte_carlo(
        self,
        demand: np.ndarray,
        tech_index: np.ndarray,
        tech_sigma: np.ndarray,
        bio_index: np.ndarray,
        bio_sigma: np.ndarray,
        draws: int,
        seed: int,
    ) -> np.ndarray:
        """Totals of ``draws`` lognormal draws (median = value) of the listed entries.

        ``tech_index`` are positions in ``self.a.data`` (CSR order) and ``bio_index`` in
        ``self.b.data``; sigmas are those of ln(value).
        """
        mean_x = self.solve(demand)
        workers = max(1, min(WORKERS, draws))
        block = max(1, min(draws, BLOCK_FLOATS // workers // max(self.a.nnz, 1)))
        starts = list(range(0, draws, block))
        generators = block_generators(seed, len(starts))
        totals = np.empty(draws)

        def run(i: int) -> None:
            start, k = starts[i], min(block, draws - starts[i])
            rng = generators[i]
            tech = self.a.data[tech_index, None] * _lognormal_factors(rng, tech_sigma, k)
            bio = self.b.data[bio_index, None] * _lognormal_factors(rng, bio_sigma, k)
            x = self._sweep(demand, mean_x, tech_index, tech)
            totals[start : start + k] = self._scores(x, bio_index, bio)

        with ThreadPoolExecutor(workers) as pool:  # sparse products and numpy release the GIL
            list(pool.map(run, range(len(starts))))
        return totals

    def _sweep(
        self, demand: np.ndarray, mean_x: np.ndarray, index: np.ndarray, values: np.ndarray
    ) -> np.ndarray:
        """Solve every draw of a block at once: BiCGSTAB per draw, vectorised over draws.

        The block's matrices A_k (A with the sampled entries replaced) are stacked as one
        block-diagonal CSR matrix, so one sparse product serves every draw; scalars are
        vectors over draws; a Jacobi preconditioner divides by the production amounts.
        Every draw is checked with a freshly computed residual; a draw above 1e-9 is solved
        directly. Returns x as (n × draws).
        """
        n, draws = self.a.shape[0], values.shape[1]
        stacked = self._stack(index, values)
        diagonal = np.repeat(self.diagonal[None, :], draws, 0)
        on_diagonal = self._diagonal_positions(index)
        diagonal[:, on_diagonal[1]] = values[on_diagonal[0], :].T
        inverse_diagonal = 1.0 / diagonal

        def product(x: np.ndarray) -> np.ndarray:
            return (stacked @ x.ravel()).reshape(draws, n)

        f = np.broadcast_to(demand, (draws, n))
        x = _bicgstab(product, inverse_diagonal, f, np.repeat(mean_x[None, :], draws, 0))
        residual = np.linalg.norm(f - product(x), axis=1)
        for k in np.flatnonzero(residual > RESIDUAL_TOLERANCE * np.linalg.norm(demand)):
            with self._lock:
                self.fallbacks += 1
            matrix = self.a.copy()
            matrix.data[index] = values[:, k]
            x[k] = spla.spsolve(matrix.tocsc(), demand)
        return x.T

    def _stack(self, index: np.ndarray, values: np.ndarray) -> sp.csr_matrix:
        """Block-diagonal CSR of the draws' matrices (draw-major); structure built once."""
        n, nnz, draws = self.a.shape[0], self.a.nnz, values.shape[1]
        cached = getattr(self._local, "stacked", None)
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
        data[:, index] = values.T
        return cached

    def _diagonal_positions(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which sampled entries sit on the diagonal: (position in ``index``, row)."""
        rows = np.repeat(np.arange(self.a.shape[0]), np.diff(self.a.indptr))[index]
        hit = np.flatnonzero(rows == self.a.indices[index])
        return hit, rows[hit]

    def _scores(self, x: np.ndarray, index: np.ndarray, values: np.ndarray) -> np.ndarray:
        rows = np.repeat(np.arange(self.b.shape[0]), np.diff(self.b.indptr))[index]
        cols = self.b.indices[index]
        base = self.c @ (self.b @ x)
        delta = (values - self.b.data[index, None]) * self.c[rows, None] * x[cols, :]
        return base + delta.sum(axis=0)


def _csr(
    n_rows: int, n_cols: int, rows: np.ndarray, cols: np.ndarray, values: np.ndarray
) -> tuple[sp.csr_matrix, np.ndarray]:
    """A CSR matrix from triplets, and where each triplet landed in its data array."""
    order = np.lexsort((cols, rows))
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    matrix = sp.csr_matrix((values[order], cols[order], indptr), shape=(n_rows, n_cols))
    position = np.empty_like(order)
    position[order] = np.arange(order.size)
    return matrix, position


def _bicgstab(
    product: Callable[[np.ndarray], np.ndarray],
    inverse_diagonal: np.ndarray,
    f: np.ndarray,
    x: np.ndarray,
) -> np.ndarray:
    """Jacobi-preconditioned BiCGSTAB on many independent systems (one per row of x)."""
    scale = np.linalg.norm(f, axis=1)
    r = f - product(x)
    shadow = r.copy()
    rho_old = alpha = omega = np.ones(f.shape[0])
    v = np.zeros_like(x)
    p = np.zeros_like(x)
    for _ in range(MAX_SWEEPS):
        active = np.linalg.norm(r, axis=1) > 0.5 * RESIDUAL_TOLERANCE * scale
        if not active.any():
            break
        rho = np.einsum("ij,ij->i", shadow, r)
        beta = (_ratio(rho, rho_old) * _ratio(alpha, omega))[:, None]
        p = r + beta * (p - omega[:, None] * v)
        y = inverse_diagonal * p
        v = product(y)
        alpha = _ratio(rho, np.einsum("ij,ij->i", shadow, v)) * active
        x += alpha[:, None] * y
        s = r - alpha[:, None] * v
        z = inverse_diagonal * s
        t = product(z)
        omega = _ratio(np.einsum("ij,ij->i", t, s), np.einsum("ij,ij->i", t, t)) * active
        x += omega[:, None] * z
        r = s - omega[:, None] * t
        rho_old = rho
    return x


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Divide a by b, giving 0 where b is 0 (a converged draw stops instead of dividing by 0)."""
    out = np.zeros_like(a)
    np.divide(a, b, out=out, where=b != 0)
    return out


def _lognormal_factors(rng: np.random.Generator, sigma: np.ndarray, draws: int) -> np.ndarray:
    """exp(σ·z) for every entry and draw (median 1); drawn in float32, returned as float64."""
    z = rng.standard_normal((sigma.size, draws), dtype=np.float32)
    z *= sigma[:, None].astype(np.float32)
    return np.exp(z, out=z).astype(np.float64)


def block_generators(seed: int, blocks: int) -> list[np.random.Generator]:
    """One independent generator per block of draws, so results do not depend on threads."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(blocks)]
