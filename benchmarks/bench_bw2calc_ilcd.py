"""The bw2calc side of the TianGong benchmark; runs in the harness's venv with bw2calc 3.x.

Usage: python bench_bw2calc_ilcd.py MATRICES.npz SCORES.npy; prints one JSON line and saves
every product's score (in the column order of the dump) to SCORES.npy.

The matrices are the ones pcfrules linked (``link.technosphere``), dumped by
``background.py``: A with its inputs already negative (so every entry goes in with
``flip=False``), B with one row per (gas, origin), and the characterisation vector c of the
same rows. Only bw2calc's own code computes here, so the two sides answer the same question
on the same numbers and any difference is the solvers'.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_bw2calc import indices

OFFSET = 1_000_000  # product/activity ids; elementary ids start at 1
METHOD = ("pcfrules", "AR6-GWP100")


def datapackage(m: dict[str, np.ndarray]) -> Any:
    """A bw_processing datapackage of A, B and c exactly as dumped."""
    import bw_processing as bwp

    dp = bwp.create_datapackage()
    dp.add_persistent_vector(
        matrix="technosphere_matrix",
        name="technosphere",
        indices_array=indices(m["a_rows"] + OFFSET, m["a_cols"] + OFFSET),
        data_array=m["a_vals"],
        flip_array=np.zeros(m["a_vals"].size, bool),
    )
    dp.add_persistent_vector(
        matrix="biosphere_matrix",
        name="biosphere",
        indices_array=indices(m["b_rows"] + 1, m["b_cols"] + OFFSET),
        data_array=m["b_vals"],
    )
    dp.add_persistent_vector(
        matrix="characterization_matrix",
        name="cf",
        indices_array=indices(np.arange(1, m["c"].size + 1), np.zeros(m["c"].size, int)),
        data_array=m["c"],
        identifier=list(METHOD),
        global_index=0,
    )
    return dp


def fast_scores(m: dict[str, np.ndarray]) -> tuple[np.ndarray, str]:
    """Every column as a demand, one adjoint solve: what bench_bw2calc.py's 'all' task runs."""
    import bw2calc as bc

    n = int(m["n"])
    demands = {f"p{j}": {j + OFFSET: 1.0} for j in range(n)}
    lca = bc.FastScoresOnlyMultiLCA(
        demands, {"impact_categories": [METHOD]}, data_objs=[datapackage(m)], direction="adjoint"
    )
    next(lca)
    scores = lca.scores.values.reshape(-1)  # dims (LCIA, processes); one category
    return np.asarray(scores, float), "FastScoresOnlyMultiLCA (adjoint)"


def transposed_solve(m: dict[str, np.ndarray], why: str) -> tuple[np.ndarray, str]:
    """The fallback: ``LCA`` builds the matrices, bw2calc's own ``spsolve`` solves Aᵀ λ = Bᵀ c."""
    import bw2calc as bc

    lca = bc.LCA({OFFSET: 1.0}, method=METHOD, data_objs=[datapackage(m)])
    lca.load_lci_data()
    lca.load_lcia_data()
    rhs = np.asarray((lca.characterization_matrix @ lca.biosphere_matrix).sum(axis=0)).ravel()
    lam = bc.spsolve(lca.technosphere_matrix.T.tocsr(), rhs)
    order = [lca.dicts.product[j + OFFSET] for j in range(int(m["n"]))]
    return np.asarray(lam)[order], f"LCA + spsolve(Aᵀ) (FastScoresOnlyMultiLCA failed: {why})"


def main() -> None:
    """Time bw2calc from the datapackage to every product's score; print JSON, save scores."""
    import bw2calc as bc

    matrices, out = Path(sys.argv[1]), Path(sys.argv[2])
    warnings.simplefilter("ignore")
    with np.load(matrices) as f:
        m = {k: f[k] for k in f.files if f[k].dtype.kind != "U"}  # not the labels
    solver = "pypardiso" if bc.PYPARDISO else "scipy"
    start = time.perf_counter()
    try:
        scores, how = fast_scores(m)
    except Exception as exc:  # reported in the solver's name, then the documented fallback
        start = time.perf_counter()
        scores, how = transposed_solve(m, f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - start
    np.save(out, scores)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "solver": f"{how}, {solver}",
                "bw2calc": ".".join(map(str, bc.__version__))
                if isinstance(bc.__version__, tuple)
                else str(bc.__version__),
                "products": int(scores.size),
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
