"""The bw2calc side of the benchmark; runs inside the harness's own venv with bw2calc 3.x.

Usage: python bench_bw2calc.py TASK ARRAYS.npz [DRAWS]; prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import Synthetic

OFFSET = 1000
METHOD = ("IPCC 2021", "GWP100")


def datapackage(s: Synthetic, gwp: np.ndarray):
    import bw_processing as bwp

    n = s.n
    rows = np.concatenate([np.arange(n), s.tech_rows]) + OFFSET
    cols = np.concatenate([np.arange(n), s.tech_cols]) + OFFSET
    data = np.concatenate([np.ones(n), s.tech_vals])
    sigma = np.concatenate([np.zeros(n), s.tech_sigma])
    flip = np.concatenate([np.zeros(n, bool), np.ones(s.tech_vals.size, bool)])
    dp = bwp.create_datapackage()
    dp.add_persistent_vector(
        matrix="technosphere_matrix",
        name="technosphere",
        indices_array=indices(rows, cols),
        data_array=data,
        flip_array=flip,
        distributions_array=_lognormal(data, sigma),
    )
    dp.add_persistent_vector(
        matrix="biosphere_matrix",
        name="biosphere",
        indices_array=indices(s.bio_rows + 1, s.bio_cols + OFFSET),
        data_array=s.bio_vals,
        distributions_array=_lognormal(s.bio_vals, s.bio_sigma),
    )
    dp.add_persistent_vector(
        matrix="characterization_matrix",
        name="cf",
        indices_array=indices(np.arange(1, 4), np.zeros(3, int)),
        data_array=gwp,
        identifier=list(METHOD),
        global_index=0,
    )
    return dp


def indices(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Row and column indices as bw_processing stores them (shared with the ILCD benchmark)."""
    import bw_processing as bwp

    out = np.empty(rows.size, dtype=bwp.INDICES_DTYPE)
    out["row"], out["col"] = rows, cols
    return out


def _lognormal(values: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    import bw_processing as bwp

    out = np.zeros(values.size, dtype=bwp.UNCERTAINTY_DTYPE)
    uncertain = sigma > 0
    out["uncertainty_type"] = np.where(uncertain, 2, 0)  # 2 = lognormal in stats_arrays
    out["loc"] = np.where(uncertain, np.log(np.abs(values)), values)
    out["scale"] = np.where(uncertain, sigma, np.nan)
    out["minimum"] = out["maximum"] = out["shape"] = np.nan
    return out


def main() -> None:
    import bw2calc as bc

    task, path = sys.argv[1], Path(sys.argv[2])
    draws = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    s = Synthetic.load(path)
    gwp = np.load(path.with_suffix(".gwp.npy"))
    warnings.simplefilter("ignore")
    solver = "pypardiso" if bc.PYPARDISO else "scipy"
    start = time.perf_counter()
    if task == "first":
        dp = datapackage(s, gwp)
        lca = bc.LCA({s.n // 2 + OFFSET: 1}, data_objs=[dp])
        lca.lci()
        lca.lcia()
        out = {"score": float(lca.score)}
    elif task == "multi":
        dp = datapackage(s, gwp)
        demands = {f"fu{i}": {int(p) + OFFSET: 1.0} for i, p in enumerate(s.demands)}
        lca = bc.MultiLCA(demands, {"impact_categories": [METHOD]}, data_objs=[dp])
        lca.lci()
        lca.lcia()
        first = lca.scores[(METHOD, "fu0")]
        out = {"score_fu0": float(first)}
    elif task == "all":
        dp = datapackage(s, gwp)
        demands = {f"p{i}": {i + OFFSET: 1.0} for i in range(s.n)}
        lca = bc.FastScoresOnlyMultiLCA(
            demands, {"impact_categories": [METHOD]}, data_objs=[dp], direction="adjoint"
        )
        next(lca)
        mid = lca.scores.sel(processes=f"p{s.n // 2}").values.ravel()[0]
        out = {"score_mid": float(mid)}
    elif task == "mc":
        dp = datapackage(s, gwp)
        lca = bc.IterativeLCA(
            {s.n // 2 + OFFSET: 1}, data_objs=[dp], use_distributions=True, seed_override=42
        )
        lca.lci()
        lca.lcia()
        setup = time.perf_counter() - start
        start = time.perf_counter()
        totals = []
        for _ in range(draws):
            next(lca)
            totals.append(float(lca.score))
        out = {
            "setup": setup,
            "draws": draws,
            "mean": float(np.mean(totals)),
            "sd": float(np.std(totals, ddof=1)),
            "p2_5": float(np.percentile(totals, 2.5)),
            "p97_5": float(np.percentile(totals, 97.5)),
        }
    else:
        raise SystemExit(f"unknown task {task}")
    out.update(
        {
            "seconds": time.perf_counter() - start,
            "solver": solver,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
