"""Deterministic synthetic product systems for the benchmarks (numpy only).

Both sides load the same arrays: pcfrules builds its matrices from them, bw2calc its
datapackage. Shape, following the project's Brightway brief: diagonal 1 (each process makes
one unit of its product); about ten inputs per process — a third from a few Zipf-weighted
"market" hubs, most from a local neighbourhood (which makes loops in both directions), 1 %
long-range; the inputs of a column sum to U(0.1, 0.5), so the system is productive; CO2,
CH4 and N2O for every process; lognormal uncertainty (median = value, sigma U(0.05, 0.4)) on
about half of the inputs and of the emissions; outputs are certain.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

INPUTS_PER_PROCESS = 10
HUB_SHARE, GLOBAL_SHARE = 0.30, 0.01
LOCAL_SPAN = 60
GASES = ("CO2", "CH4", "N2O")


@dataclass
class Synthetic:
    """Arrays of one synthetic system (0-based indices)."""

    n: int
    tech_rows: np.ndarray  # inputs only (off-diagonal), positive amounts
    tech_cols: np.ndarray
    tech_vals: np.ndarray
    tech_sigma: np.ndarray  # 0 = certain
    bio_rows: np.ndarray  # 0 CO2, 1 CH4, 2 N2O
    bio_cols: np.ndarray
    bio_vals: np.ndarray
    bio_sigma: np.ndarray
    demands: np.ndarray  # product index of each further functional unit

    def save(self, path: Path) -> None:
        """Write the arrays to one .npz file."""
        np.savez(path, **{k: getattr(self, k) for k in self.__dataclass_fields__})

    @classmethod
    def load(cls, path: Path) -> Synthetic:
        """Read arrays written by :meth:`save`."""
        data = np.load(path)
        return cls(**{k: data[k] if data[k].ndim else int(data[k]) for k in data.files})


def generate(n: int, seed: int = 20261123, further_demands: int = 1000) -> Synthetic:
    """The synthetic system with ``n`` processes (same seed → same system)."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(INPUTS_PER_PROCESS, n).clip(3, 3 * INPUTS_PER_PROCESS)
    cols = np.repeat(np.arange(n), counts)
    kind = rng.uniform(size=cols.size)
    hubs = max(20, n // 100)
    hub_weights = 1.0 / np.arange(1, hubs + 1)
    hub_ids = rng.choice(n, hubs, replace=False)
    rows = np.where(
        kind < HUB_SHARE,
        hub_ids[rng.choice(hubs, cols.size, p=hub_weights / hub_weights.sum())],
        (cols + rng.integers(-LOCAL_SPAN, LOCAL_SPAN + 1, cols.size)) % n,
    )
    far = kind > 1 - GLOBAL_SHARE
    rows[far] = rng.integers(0, n, far.sum())
    keep = rows != cols
    rows, cols = rows[keep], cols[keep]
    pairs = np.unique(rows.astype(np.int64) * n + cols)
    rows, cols = (pairs // n).astype(np.int64), (pairs % n).astype(np.int64)
    raw = rng.uniform(0.1, 1.0, rows.size)
    column_sum = np.bincount(cols, weights=raw, minlength=n)
    target = rng.uniform(0.1, 0.5, n)
    vals = raw * (target / np.maximum(column_sum, 1e-12))[cols]
    tech_sigma = np.where(rng.uniform(size=rows.size) < 0.5, rng.uniform(0.05, 0.4, rows.size), 0)
    bio_cols = np.tile(np.arange(n), 3)
    bio_rows = np.repeat(np.arange(3), n)
    bio_vals = np.concatenate(
        [rng.lognormal(0.0, 1.0, n), rng.lognormal(-5.0, 1.0, n), rng.lognormal(-7.0, 1.0, n)]
    )
    bio_sigma = np.where(rng.uniform(size=3 * n) < 0.5, rng.uniform(0.05, 0.4, 3 * n), 0)
    return Synthetic(
        n,
        rows,
        cols,
        vals,
        tech_sigma,
        bio_rows,
        bio_cols,
        bio_vals,
        bio_sigma,
        rng.integers(0, n, further_demands),
    )
