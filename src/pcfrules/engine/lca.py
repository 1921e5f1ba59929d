"""The footprint of a product system: build once, factorise once, answer many questions.

``Lca(system, gwp)`` builds the matrices and factorises the technosphere; ``footprint()``
gives the full :class:`Footprint` for the reference flow (or any demand), ``scores_of_all``
the footprint per unit of every product by one adjoint solve.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from pcfrules.engine import solve
from pcfrules.engine.build import Column, Entry, Matrices, build
from pcfrules.engine.characterise import GwpSet, gwp_vector
from pcfrules.engine.model import ORIGINS, ProductSystem
from pcfrules.engine.results import Footprint, TreeNode
from pcfrules.errors import Location, SingularSystemError

NEGATIVE_SUPPLY_TOLERANCE = 1e-9
TREE_DEPTH = 6
TREE_MIN_SHARE = 0.001
UNASSIGNED = "(unassigned)"


class Lca:
    """One product system, its matrices, its factorisation and its characterisation."""

    def __init__(self, system: ProductSystem, gwp: GwpSet) -> None:
        self.system = system
        self.gwp = gwp
        self.m: Matrices = build(system)
        self.processes = [c.key for c in self.m.columns]
        self.factors = solve.factorise(self.m.technosphere, self.m.flows, self.processes)
        self.c = gwp_vector(self.m.elementary, gwp)
        self.cb = self.m.intervention.T @ self.c  # direct score per unit activity of a column
        self._adjoint: np.ndarray | None = None

    @property
    def solver(self) -> str:
        """The backend that factorised the technosphere."""
        return solve.backend_name()

    def supply(self, demand: np.ndarray | None = None) -> np.ndarray:
        """Activity of every column needed for ``demand`` (default: the reference flow)."""
        rhs = self.m.demand if demand is None else demand
        x = solve.solve_checked(self.factors, self.m.technosphere, rhs, self.m.flows)
        self._check_productive(x)
        return x

    def adjoint(self) -> np.ndarray:
        """Footprint per unit of each flow (kg CO2e), from one transposed solve."""
        if self._adjoint is None:
            self._adjoint = self.factors.solve_transposed(np.asarray(self.cb, dtype=float))
        return self._adjoint

    def scores_of_all(self) -> dict[str, float]:
        """Footprint per unit of every product of the system, by flow."""
        return dict(zip(self.m.flows, self.adjoint().tolist(), strict=True))

    def footprint(self, demand: np.ndarray | None = None) -> Footprint:
        """Everything GB/T 24067 asks of a result, for ``demand`` (default: the reference)."""
        x = self.supply(demand)
        inventory = self.m.intervention @ x
        scores = self.c * inventory
        total = float(scores.sum())
        per_column = self.cb * x
        contributions = self._b_contributions(x)
        return Footprint(
            gwp_set=self.gwp.name,
            solver=self.solver,
            reference={
                "flow": self.system.reference.flow,
                "amount": self.system.reference.amount,
                "unit": self.system.reference.unit,
            },
            total=total,
            inventory=self._inventory(inventory),
            by_origin=self._group_rows(scores, lambda gas, origin: origin, ORIGINS),
            by_gas=self._group_rows(scores, lambda gas, origin: gas, ()),
            by_stage=self._group_columns(per_column, lambda c: c.stage or UNASSIGNED),
            by_process=self._group_columns(per_column, lambda c: c.process),
            dqr=_weighted(
                [(abs(s), {"dqr": e.dqr}) for s, e in contributions if e.dqr is not None]
            ).get("dqr"),
            dqi=_weighted([(abs(s), e.dqi) for s, e in contributions if e.dqi]) or None,
            primary_data_share=_primary_share(contributions),
            allocation=self.m.allocation,
            tree=self.tree(x, total),
            biogenic_carbon=self._carbon(demand, self.system.biogenic_carbon_per_unit),
            fossil_carbon=self._carbon(demand, self.system.fossil_carbon_per_unit),
        )

    def _carbon(self, demand: np.ndarray | None, per_unit: float) -> float:
        """Carbon in the product delivered (kg C), for the reference demand."""
        if demand is not None:
            return 0.0
        row = self.m.flows.index(self.system.reference.flow)
        return float(self.m.demand[row] * per_unit)

    def _inventory(self, inventory: np.ndarray) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {o: {} for o in ORIGINS}
        for (gas, origin), mass in zip(self.m.elementary, inventory.tolist(), strict=True):
            out[origin][gas] = out[origin].get(gas, 0.0) + mass
        return out

    def _group_rows(
        self, scores: np.ndarray, key: Callable[[str, str], str], seed: tuple[str, ...]
    ) -> dict[str, float]:
        out: dict[str, float] = dict.fromkeys(seed, 0.0)
        for (gas, origin), score in zip(self.m.elementary, scores.tolist(), strict=True):
            name = key(gas, origin)
            out[name] = out.get(name, 0.0) + score
        return out

    def _group_columns(
        self, per_column: np.ndarray, key: Callable[[Column], str | None]
    ) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for column, score in zip(self.m.columns, per_column.tolist(), strict=True):
            out[key(column)] += score
        return {k: v for k, v in out.items() if v != 0 or k != UNASSIGNED}

    def _b_contributions(self, x: np.ndarray) -> list[tuple[float, Entry]]:
        """Score of each intervention entry at activity ``x``, with the entry."""
        return [(self.c[e.row] * e.amount * x[e.col], e) for e in self.m.entries if e.matrix == "B"]

    def _check_productive(self, x: np.ndarray) -> None:
        substituting = any(a.get("method") == "substitution" for a in self.m.allocation.values())
        if substituting:
            return
        negative = np.flatnonzero(x < -NEGATIVE_SUPPLY_TOLERANCE * max(1.0, np.abs(x).max()))
        if negative.size:
            names = ", ".join(self.processes[i] for i in negative[:12])
            raise SingularSystemError(
                zh=f"系统不能自给：以下过程的活动量为负（循环中消耗多于产出）：{names}",
                en=f"the system is unproductive: negative activity of {names} "
                "(a loop consumes more than it makes)",
                location=Location(path="processes"),
            )

    def tree(self, x: np.ndarray, total: float) -> TreeNode:
        """Upstream contribution tree from the reference, cut at depth and share limits."""
        lam = self.adjoint()
        a = self.m.technosphere
        root = int(np.argmax(self.m.demand != 0))
        return self._node(root, x[root], lam, a, total, 0)

    def _node(
        self,
        col: int,
        activity: float,
        lam: np.ndarray,
        a: sp.csc_matrix,
        total: float,
        depth: int,
    ) -> TreeNode:
        column = self.m.columns[col]
        produced = a[col, col] * activity
        node = TreeNode(
            column.key, column.stage, float(produced * lam[col]), float(self.cb[col] * activity), []
        )
        if depth >= TREE_DEPTH:
            return node
        start, end = a.indptr[col], a.indptr[col + 1]
        for row, value in zip(a.indices[start:end], a.data[start:end], strict=True):
            if row == col:
                continue
            amount = -value * activity  # input (>0) or substituted co-product (<0)
            share = abs(amount * lam[row]) / max(abs(total), 1e-300)
            if share >= TREE_MIN_SHARE:
                node.children.append(
                    self._node(int(row), amount / a[row, row], lam, a, total, depth + 1)
                )
        return node


def _weighted(pairs: list[tuple[float, dict[str, float]]]) -> dict[str, float]:
    """Each named score averaged over the pairs that carry it, weighted by the first item."""
    names = sorted({name for _, scores in pairs for name in scores})
    out = {}
    for name in names:
        weights = [(w, scores[name]) for w, scores in pairs if name in scores]
        total = sum(w for w, _ in weights)
        if total > 0:
            out[name] = sum(w * v for w, v in weights) / total
    return out


def _primary_share(contributions: list[tuple[float, Entry]]) -> float:
    """Share (%) of the footprint from primary data (PACT's primaryDataShare)."""
    gross = sum(abs(s) for s, _ in contributions)
    primary = sum(abs(s) for s, e in contributions if e.primary)
    return 100.0 * primary / gross if gross > 0 else 0.0
