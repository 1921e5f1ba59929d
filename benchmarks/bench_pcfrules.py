"""The pcfrules side of the benchmark. Usage: python bench_pcfrules.py TASK ARRAYS.npz [DRAWS]."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).parent))
from pcfrules.engine.matrix import MatrixLca
from synthetic import Synthetic


def build(s: Synthetic, gwp: np.ndarray) -> tuple[MatrixLca, np.ndarray, np.ndarray]:
    n = s.n
    tech = (
        np.concatenate([np.arange(n), s.tech_rows]),
        np.concatenate([np.arange(n), s.tech_cols]),
        np.concatenate([np.ones(n), -s.tech_vals]),
    )
    return MatrixLca.from_arrays(n, tech, 3, (s.bio_rows, s.bio_cols, s.bio_vals), gwp)


def main() -> None:
    task, path = sys.argv[1], Path(sys.argv[2])
    draws = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    s = Synthetic.load(path)
    gwp = np.load(path.with_suffix(".gwp.npy"))
    demand = np.zeros(s.n)
    demand[s.n // 2] = 1.0
    start = time.perf_counter()
    if task == "first":
        lca, _, _ = build(s, gwp)
        out = {"score": lca.score(demand)}
    elif task == "multi":
        lca, _, _ = build(s, gwp)
        demands = sp.csc_matrix(
            (np.ones(s.demands.size), (s.demands, np.arange(s.demands.size))),
            shape=(s.n, s.demands.size),
        )
        inventories = lca.inventories(demands)
        out = {"score_fu0": float(gwp @ inventories[:, 0])}
    elif task == "all":
        lca, _, _ = build(s, gwp)
        out = {"score_mid": float(lca.all_scores()[s.n // 2])}
    elif task == "mc":
        lca, a_pos, b_pos = build(s, gwp)
        tech_uncertain = np.flatnonzero(s.tech_sigma > 0)
        bio_uncertain = np.flatnonzero(s.bio_sigma > 0)
        setup = time.perf_counter() - start
        start = time.perf_counter()
        totals = lca.monte_carlo(
            demand,
            a_pos[s.n + tech_uncertain],
            s.tech_sigma[tech_uncertain],
            b_pos[bio_uncertain],
            s.bio_sigma[bio_uncertain],
            draws,
            42,
        )
        out = {
            "setup": setup,
            "draws": draws,
            "mean": float(totals.mean()),
            "sd": float(totals.std(ddof=1)),
            "p2_5": float(np.percentile(totals, 2.5)),
            "p97_5": float(np.percentile(totals, 97.5)),
            "fallbacks": lca.fallbacks,
        }
    else:
        raise SystemExit(f"unknown task {task}")
    out.update(
        {
            "seconds": time.perf_counter() - start,
            "solver": "pcfrules (per task)",
            "fallbacks": lca.fallbacks,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
