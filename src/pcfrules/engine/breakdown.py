"""Explaining a total: every breakdown GB/T 24067 and PACT ask for, as array operations.

A footprint at a hundred thousand processes has a million non-zeros behind it, so each
breakdown is a weighted count (``np.bincount``) over codes assigned when the matrices were
built — by (gas, origin) row, by stage, by process — and data quality is a weighted mean
over the intervention non-zeros. The contribution tree is the one walk, and it is bounded:
depth, a minimum share of the total and a node budget, so its size does not grow with the
system.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from pcfrules.engine.model import ORIGINS
from pcfrules.engine.results import TreeNode
from pcfrules.engine.tables import Columns, Matrices, Quality

TREE_DEPTH = 6
TREE_MIN_SHARE = 0.001
TREE_MAX_NODES = 2000
UNASSIGNED = "(unassigned)"


def inventory(m: Matrices, masses: np.ndarray) -> dict[str, dict[str, float]]:
    """Mass of each gas by origin (kg)."""
    out: dict[str, dict[str, float]] = {o: {} for o in ORIGINS}
    for (gas, origin), mass in zip(m.elementary, masses.tolist(), strict=True):
        out[origin][gas] = out[origin].get(gas, 0.0) + mass
    return out


def characterisation(m: Matrices, factors: np.ndarray) -> dict[str, dict[str, float]]:
    """The GWP100 applied to each gas of each origin (kg CO2e per kg), as used."""
    out: dict[str, dict[str, float]] = {}
    for (gas, origin), factor in zip(m.elementary, factors.tolist(), strict=True):
        out.setdefault(origin, {})[gas] = factor
    return out


def by_row(m: Matrices, scores: np.ndarray, part: int, seed: tuple[str, ...]) -> dict[str, float]:
    """Scores of the (gas, origin) rows summed by gas (``part`` 0) or origin (1)."""
    out: dict[str, float] = dict.fromkeys(seed, 0.0)
    for key, score in zip(m.elementary, scores.tolist(), strict=True):
        out[key[part]] = out.get(key[part], 0.0) + score
    return out


def by_stage(columns: Columns, per_column: np.ndarray) -> dict[str, float]:
    """Direct scores summed by life-cycle stage (unassigned only when it counts)."""
    sums = np.bincount(columns.stage_of, weights=per_column, minlength=len(columns.stages))
    out = {(stage or UNASSIGNED): 0.0 for stage in columns.stages}
    for stage, value in zip(columns.stages, sums.tolist(), strict=True):
        out[stage or UNASSIGNED] += value
    return {k: v for k, v in out.items() if v != 0 or k != UNASSIGNED}


def by_process(columns: Columns, per_column: np.ndarray) -> dict[str, float]:
    """Direct scores summed by process (the columns of an allocated process add up)."""
    sums = np.bincount(columns.process_of, weights=per_column, minlength=len(columns.processes))
    return dict(zip(columns.processes, sums.tolist(), strict=True))


def dqr(quality: Quality, weights: np.ndarray) -> float | None:
    """The data-quality rating, weighted by |contribution| over the rated emissions."""
    rated = ~np.isnan(quality.dqr)
    total = float(weights[rated].sum())
    return (
        float(np.einsum("i,i->", weights[rated], quality.dqr[rated])) / total if total > 0 else None
    )


def dqi(quality: Quality, weights: np.ndarray) -> dict[str, float] | None:
    """Each data-quality indicator averaged over the emissions scored on it."""
    out: dict[str, float] = {}
    w = weights[quality.dqi_entries]
    for j, name in enumerate(quality.dqi_names):
        scores = quality.dqi_scores[:, j]
        scored = ~np.isnan(scores)
        total = float(w[scored].sum())
        if total > 0:
            out[name] = float(np.einsum("i,i->", w[scored], scores[scored])) / total
    return out or None


def primary_share(quality: Quality, weights: np.ndarray) -> float:
    """Share (%) of the footprint from primary data (PACT's primaryDataShare)."""
    gross = float(weights.sum())
    return 100.0 * float(weights[quality.primary].sum()) / gross if gross > 0 else 0.0


class Tree:
    """The upstream contribution tree from the reference, cut at depth, share and size."""

    def __init__(
        self, m: Matrices, cb: np.ndarray, x: np.ndarray, lam: np.ndarray, total: float
    ) -> None:
        self.a: sp.csc_matrix = sp.csc_matrix(m.technosphere)
        self.diagonal = self.a.diagonal()
        self.keys, self.columns = m.columns.keys, m.columns
        self.cb, self.lam = cb, lam
        self.scale = max(abs(total), 1e-300)
        self.budget = TREE_MAX_NODES

    def node(self, col: int, activity: float, depth: int = 0) -> TreeNode:
        """The node of column ``col`` at ``activity``, with its children above the limits."""
        self.budget -= 1
        stage = self.columns.stages[int(self.columns.stage_of[col])]
        produced = self.diagonal[col] * activity
        node = TreeNode(
            self.keys[col],
            stage,
            float(produced * self.lam[col]),
            float(self.cb[col] * activity),
            [],
        )
        if depth >= TREE_DEPTH:
            return node
        start, end = self.a.indptr[col], self.a.indptr[col + 1]
        rows, values = self.a.indices[start:end], self.a.data[start:end]
        amounts = -values * activity  # input (> 0) or substituted co-product (< 0)
        shares = np.abs(amounts * self.lam[rows]) / self.scale
        for i in np.flatnonzero((shares >= TREE_MIN_SHARE) & (rows != col)).tolist():
            if self.budget <= 0:
                break
            row = int(rows[i])
            node.children.append(self.node(row, amounts[i] / self.diagonal[row], depth + 1))
        return node
