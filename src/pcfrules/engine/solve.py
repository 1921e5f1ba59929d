"""Solving the technosphere: iterative first, verified, and a direct factorisation behind it.

Supply-chain matrices are strongly diagonal (each process makes one unit of its product and
needs a fraction of a unit of inputs), so BiCGSTAB preconditioned by the production amounts
(Jacobi) gets a single demand or an adjoint in a few dozen sparse products, far sooner than
a factorisation would be built. The one BiCGSTAB here is vectorised over right-hand sides:
the same code solves one demand and a block of Monte Carlo draws. Every answer is verified against the matrix to a relative
residual of 1e-9; an answer that fails the check is never returned but recomputed with the
direct solver (PARDISO through pypardiso where installed, else SuperLU of Aᵀ, which fills in
far less than A on these matrices), factorised once, on first need. Each solve reports which
strategy answered, so results can say so. Singular or unproductive systems are errors
naming the flows and processes at fault.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Protocol

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import connected_components

from pcfrules.errors import Location, SingularSystemError

try:  # pragma: no cover - depends on the platform
    import pypardiso
except ImportError:  # pragma: no cover
    pypardiso = None

RESIDUAL_TOLERANCE = 1e-9
KRYLOV_TOLERANCE = 1e-12  # a single solve iterates this far, so its answer holds to 1e-9
ROW_TOLERANCE = 1e-7  # each row's residual against its own scale (see _row_by_row)
NEGLIGIBLE_ROW = 1e-12
MAX_ITERATIONS = 400
ITERATIVE = "bicgstab-jacobi, residual ≤ 1e-9 verified"


class _Factorisation(Protocol):
    def solve(self, rhs: np.ndarray) -> np.ndarray: ...

    def solve_transposed(self, rhs: np.ndarray) -> np.ndarray: ...


class _SuperLU:
    """SuperLU of Aᵀ: solve A x = b as the transposed solve of the factors."""

    def __init__(self, matrix: sp.csr_matrix) -> None:
        self.lu = spla.splu(sp.csc_matrix(matrix.T), permc_spec="COLAMD")

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        return np.asarray(self.lu.solve(rhs, trans="T"))

    def solve_transposed(self, rhs: np.ndarray) -> np.ndarray:
        return np.asarray(self.lu.solve(rhs))


class _Pardiso:  # pragma: no cover - only where pypardiso is installed
    """MKL PARDISO through pypardiso (its solver object caches the factorisation)."""

    def __init__(self, matrix: sp.csr_matrix) -> None:
        self.matrix = matrix
        self.matrix_t = sp.csr_matrix(matrix.T)
        self.solver = pypardiso.PyPardisoSolver()
        self.solver_t = pypardiso.PyPardisoSolver()
        self.solver.factorize(self.matrix)

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        return np.asarray(self.solver.solve(self.matrix, rhs))

    def solve_transposed(self, rhs: np.ndarray) -> np.ndarray:
        return np.asarray(self.solver_t.solve(self.matrix_t, rhs))


def direct_name() -> str:
    """The direct solver in use, as results name it."""
    backend = "pypardiso" if pypardiso is not None else "scipy-superlu"
    return f"{backend} (direct fallback)"


class Solver:
    """Solves A x = b and Aᵀ y = c: BiCGSTAB-Jacobi verified, else the direct solver."""

    def __init__(self, matrix: sp.csr_matrix, flows: list[str], processes: list[str]) -> None:
        check_diagonal(matrix, flows, processes)
        self.matrix = matrix
        self.flows = flows
        self.inverse_diagonal = 1.0 / matrix.diagonal()
        self._factors: _Factorisation | None = None
        self.fallbacks = 0

    def solve(self, rhs: np.ndarray, transpose: bool = False) -> tuple[np.ndarray, str]:
        """The verified solution and the name of the strategy that produced it."""
        matrix = self.matrix.T if transpose else self.matrix
        x = self._iterate(matrix, rhs)
        if _verified(matrix, x, rhs) and _row_by_row(matrix, x, rhs, every_row=transpose):
            return x, ITERATIVE
        self.fallbacks += 1
        return self.direct(rhs, transpose), direct_name()

    def direct(self, rhs: np.ndarray, transpose: bool = False) -> np.ndarray:
        """Solve with the factorisation (built on first use); an inexact answer is an error."""
        factors = self._factorise()
        x = factors.solve_transposed(rhs) if transpose else factors.solve(rhs)
        if not _verified(self.matrix.T if transpose else self.matrix, x, rhs):
            raise _singular(self.matrix, self.flows)
        return x

    def _iterate(self, matrix: sp.spmatrix, rhs: np.ndarray) -> np.ndarray:
        def product(x: np.ndarray) -> np.ndarray:
            return np.asarray(matrix @ x[0])[None, :]

        inverse = self.inverse_diagonal[None, :]
        with np.errstate(all="ignore"):
            return np.asarray(bicgstab(product, inverse, rhs[None, :], rhs[None, :] * inverse)[0])

    def _factorise(self) -> _Factorisation:
        if self._factors is None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error", spla.MatrixRankWarning)
                    self._factors = (
                        _Pardiso(self.matrix) if pypardiso is not None else _SuperLU(self.matrix)
                    )
            except (RuntimeError, spla.MatrixRankWarning) as exc:
                raise _singular(self.matrix, self.flows) from exc
        return self._factors


def _verified(matrix: sp.spmatrix, x: np.ndarray, rhs: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(x))) and relative_residual(matrix, x, rhs) <= RESIDUAL_TOLERANCE


def _row_by_row(matrix: sp.spmatrix, x: np.ndarray, rhs: np.ndarray, every_row: bool) -> bool:
    """Each row's residual small against that row's own scale (componentwise backward error).

    The norm of the residual is ruled by the largest rows: in a real database one dataset
    written a million times too large lets every small row keep an error in its fourth digit
    while ‖A x − b‖ / ‖b‖ looks perfect. An iterative answer is kept only when
    |A x − b|ᵢ ≤ tol · (|A| |x| + |b|)ᵢ too; else the direct solver answers, exact to rounding.
    An adjoint's every row is a product's score, so ``every_row`` holds each to it; a supply's
    rows a millionth of a millionth of the largest are activities too small to matter.
    """
    residual = np.abs(np.asarray(matrix @ x - rhs))
    scale = np.asarray(abs(matrix) @ np.abs(x)) + np.abs(rhs)
    floor = 0.0 if every_row else NEGLIGIBLE_ROW * float(scale.max(initial=0.0))
    return bool(np.all(residual <= ROW_TOLERANCE * scale + floor))


def relative_residual(matrix: sp.spmatrix, x: np.ndarray, rhs: np.ndarray) -> float:
    """‖A x − b‖ / ‖b‖, computed afresh from the matrix."""
    residual = np.asarray(matrix @ x - rhs)[None, :]
    scale = max(float(norms(rhs[None, :])[0]), np.finfo(float).tiny)
    return float(norms(residual)[0]) / scale


def norms(v: np.ndarray) -> np.ndarray:
    """Euclidean norm of each row (numpy's reduction, no BLAS call)."""
    return np.asarray(np.sqrt(np.einsum("ij,ij->i", v, v)))


def bicgstab(
    product: Callable[[np.ndarray], np.ndarray],
    inverse_diagonal: np.ndarray,
    f: np.ndarray,
    x: np.ndarray,
    tolerance: float = KRYLOV_TOLERANCE,
) -> np.ndarray:
    """Jacobi-preconditioned BiCGSTAB on independent systems, one per row of ``x``.

    Scalars are vectors over the rows, so one call solves one demand or a block of draws;
    a row stops moving once its relative residual is below ``tolerance``. Reductions are
    numpy's own (``einsum``), not BLAS: on vectors this short, BLAS threads only add
    latency, and on a busy machine a great deal of it.
    """
    scale = norms(f)
    r = f - product(x)
    shadow = r.copy()
    rho_old = alpha = omega = np.ones(f.shape[0])
    v = np.zeros_like(x)
    p = np.zeros_like(x)
    for _ in range(MAX_ITERATIONS):
        active = norms(r) > tolerance * scale
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


def check_diagonal(matrix: sp.csr_matrix, flows: list[str], processes: list[str]) -> None:
    """Each process must make more of its product than it consumes itself."""
    diagonal = matrix.diagonal()
    bad = [f"{processes[i]} ({flows[i]})" for i in np.flatnonzero(diagonal <= 0)]
    if bad:
        raise SingularSystemError(
            zh=f"以下过程的净产出不为正（自身消耗不少于产出）：{', '.join(bad)}",
            en=f"these processes do not make a net positive amount of their product: "
            f"{', '.join(bad)}",
            location=Location(path="processes"),
        )


def _singular(matrix: sp.csr_matrix, flows: list[str]) -> SingularSystemError:
    """Name the flows of the loop (strongly connected component) that cannot be solved."""
    n_comp, labels = connected_components(matrix, directed=True, connection="strong")
    sizes = np.bincount(labels, minlength=n_comp)
    loop = [flows[i] for i in np.flatnonzero(sizes[labels] > 1)][:12]
    where = ", ".join(loop) if loop else ", ".join(flows[:12])
    return SingularSystemError(
        zh=f"技术矩阵奇异或系统不能自给（循环中的流：{where}）",
        en=f"the technosphere matrix is singular or the system is unproductive "
        f"(flows in the loop: {where})",
        location=Location(path="processes"),
    )
