"""The pcfrules side of the benchmark, through the public API.

Usage: python bench_pcfrules.py TASK ARRAYS.npz [DRAWS]; prints one JSON line.

Tasks build their input untimed — ``ProductSystem`` objects as studies make them, or the
triplet arrays — and time what a user runs on it: ``Lca(system, gwp)`` (or
``Lca.from_arrays``) and the question asked. ``floor`` times a plain pypardiso (else
SuperLU) factorise-and-solve of the same matrix, the least any direct method pays.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).parent))
from objects import product_system
from synthetic import GASES, Synthetic

from pcfrules.engine import GwpSet, Lca
from pcfrules.units import registry

ELEMENTARY = [(gas, "fossil") for gas in GASES]


def triplets(s: Synthetic) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """A (outputs +1 on the diagonal, inputs negative) and B as (rows, cols, values)."""
    n = s.n
    tech = (
        np.concatenate([np.arange(n), s.tech_rows]),
        np.concatenate([np.arange(n), s.tech_cols]),
        np.concatenate([np.ones(n), -s.tech_vals]),
    )
    return tech, (s.bio_rows, s.bio_cols, s.bio_vals)


def floor(s: Synthetic, demand: np.ndarray) -> tuple[dict[str, Any], str, float]:
    """Plain direct solve of A x = f: the time of one factorisation and solve."""
    tech, _ = triplets(s)
    a = sp.csr_matrix((tech[2], (tech[0], tech[1])), shape=(s.n, s.n))
    try:
        import pypardiso

        start = time.perf_counter()
        x = pypardiso.spsolve(a, demand)
        name = "pypardiso (plain spsolve)"
    except ImportError:
        import scipy.sparse.linalg as spla

        start = time.perf_counter()
        x = spla.splu(a.T.tocsc()).solve(demand, trans="T")
        name = "scipy-superlu (plain)"
    seconds = time.perf_counter() - start
    return {"x_mid": float(x[s.n // 2])}, name, seconds


def main() -> None:
    task, path = sys.argv[1], Path(sys.argv[2])
    draws = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    s = Synthetic.load(path)
    values = np.load(path.with_suffix(".gwp.npy"))
    gwp = GwpSet("AR6-GWP100", dict(zip(GASES, values.tolist(), strict=True)))
    demand = np.zeros(s.n)
    demand[s.n // 2] = 1.0
    registry()  # pint's registry loads once per process, like an import: not timed
    if task == "floor":
        out, solver, seconds = floor(s, demand)
        out.update(seconds=seconds, solver=solver, fallbacks=0)
        return _print(out)
    if task in ("first-arrays", "all-arrays"):
        tech, bio = triplets(s)
        start = time.perf_counter()
        lca = Lca.from_arrays(tech, bio, ELEMENTARY, gwp, demand)
        if task == "first-arrays":
            result = lca.footprint()
            out: dict[str, Any] = {"score": result.total}
            solver = result.solver
        else:
            out = {"score_mid": lca.scores_of_all()[lca.m.flows[s.n // 2]]}
            solver = lca.solver
    else:
        system = product_system(s)  # input preparation, not timed
        start = time.perf_counter()
        lca = Lca(system, gwp)
        if task == "first":
            result = lca.footprint()
            out, solver = {"score": result.total}, result.solver
        elif task == "multi":
            demands = sp.csc_matrix(
                (np.ones(s.demands.size), (s.demands, np.arange(s.demands.size))),
                shape=(s.n, s.demands.size),
            )
            inventories = lca.inventories(demands)
            out, solver = {"score_fu0": float(lca.c @ inventories[:, 0])}, lca.solver
        elif task == "all":
            scores = lca.scores_of_all()
            out, solver = {"score_mid": scores[lca.m.flows[s.n // 2]]}, lca.solver
        elif task == "mc":
            setup = time.perf_counter() - start
            start = time.perf_counter()
            uncertainty = lca.monte_carlo(draws, 42)
            out = {
                "setup": setup,
                "draws": draws,
                "mean": uncertainty.mean,
                "sd": uncertainty.sd,
                "p2_5": uncertainty.p2_5,
                "p97_5": uncertainty.p97_5,
            }
            solver = "Lca.monte_carlo (stacked-draw BiCGSTAB-Jacobi, each draw verified)"
        else:
            raise SystemExit(f"unknown task {task}")
    out.update(seconds=time.perf_counter() - start, solver=solver, fallbacks=lca.fallbacks)
    _print(out)


def _print(out: dict[str, Any]) -> None:
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


if __name__ == "__main__":
    main()
