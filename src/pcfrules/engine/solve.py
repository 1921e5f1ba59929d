"""Solving the technosphere: factorise once, reuse for every further demand.

One interface, the fastest backend available: PARDISO (pypardiso) when installed, else
scipy's SuperLU on Aᵀ (which fills in far less than A on supply-chain matrices; we solve
with the transpose flag). Singular or unproductive systems are errors naming the flows and
processes at fault.
"""

from __future__ import annotations

import warnings
from typing import Protocol

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.sparse.csgraph import connected_components

from pcfrules.errors import Location, SingularSystemError

try:  # pragma: no cover - depends on the platform
    import pypardiso  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    pypardiso = None

RESIDUAL_TOLERANCE = 1e-9


class Factorisation(Protocol):
    """Solves A x = b (and Aᵀ y = c) for any right-hand side, reusing one factorisation."""

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        """X with A x = rhs (rhs may hold several columns)."""
        ...

    def solve_transposed(self, rhs: np.ndarray) -> np.ndarray:
        """Y with Aᵀ y = rhs."""
        ...


class _SuperLU:
    """SuperLU of Aᵀ: solve A x = b as the transposed solve of the factors."""

    name = "scipy-superlu"

    def __init__(self, matrix: sp.csc_matrix) -> None:
        self.lu = spla.splu(matrix.T.tocsc(), permc_spec="COLAMD")

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        return self.lu.solve(rhs, trans="T")

    def solve_transposed(self, rhs: np.ndarray) -> np.ndarray:
        return self.lu.solve(rhs)


class _Pardiso:  # pragma: no cover - only where pypardiso is installed
    """MKL PARDISO through pypardiso (its solver object caches the factorisation)."""

    name = "pypardiso"

    def __init__(self, matrix: sp.csc_matrix) -> None:
        self.matrix = matrix.tocsr()
        self.matrix_t = matrix.T.tocsr()
        self.solver = pypardiso.PyPardisoSolver()
        self.solver_t = pypardiso.PyPardisoSolver()
        self.solver.factorize(self.matrix)

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        return self.solver.solve(self.matrix, rhs)

    def solve_transposed(self, rhs: np.ndarray) -> np.ndarray:
        return self.solver_t.solve(self.matrix_t, rhs)


def backend_name() -> str:
    """The solver backend in use (``pypardiso`` or ``scipy-superlu``)."""
    return "pypardiso" if pypardiso is not None else "scipy-superlu"


def factorise(matrix: sp.csc_matrix, flows: list[str], processes: list[str]) -> Factorisation:
    """Factorise A once; a singular matrix is an error naming what is at fault."""
    _check_productive(matrix, flows, processes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", spla.MatrixRankWarning)
            factors: Factorisation = _Pardiso(matrix) if pypardiso is not None else _SuperLU(matrix)
    except (RuntimeError, spla.MatrixRankWarning) as exc:
        raise _singular(matrix, flows) from exc
    return factors


def solve_checked(
    factors: Factorisation, matrix: sp.csc_matrix, rhs: np.ndarray, flows: list[str]
) -> np.ndarray:
    """Solve and verify the relative residual; a non-finite or inexact answer is an error."""
    x = factors.solve(rhs)
    if not np.all(np.isfinite(x)) or relative_residual(matrix, x, rhs) > RESIDUAL_TOLERANCE:
        raise _singular(matrix, flows)
    return x


def relative_residual(matrix: sp.spmatrix, x: np.ndarray, rhs: np.ndarray) -> float:
    """‖A x − b‖ / ‖b‖ (max over columns when several right-hand sides)."""
    residual = matrix @ x - rhs
    scale = np.maximum(np.linalg.norm(rhs, axis=0), np.finfo(float).tiny)
    return float(np.max(np.linalg.norm(residual, axis=0) / scale))


def _check_productive(matrix: sp.csc_matrix, flows: list[str], processes: list[str]) -> None:
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


def _singular(matrix: sp.csc_matrix, flows: list[str]) -> SingularSystemError:
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
