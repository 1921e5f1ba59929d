"""The footprint of a product system: one ``Lca``, strategies chosen per task and named.

``Lca(system, gwp)`` builds the matrices of a :class:`ProductSystem` (the object path: what
studies and raw systems make); :meth:`Lca.from_arrays` takes prepared matrices (the array
path: background databases, benchmarks). Both end in the same :class:`Matrices` and answer
every question the same way:

=========================  ==========================================================
question                   strategy
=========================  ==========================================================
one demand (``supply``)    BiCGSTAB-Jacobi, verified to a relative residual of 1e-9
every product's score      one adjoint solve Aᵀ λ = Bᵀ c, verified the same way
many demands               the adjoint per elementary flow: Aᵀ Y = Bᵀ, then Yᵀ F
Monte Carlo                stacked draws solved together (:mod:`.montecarlo`)
=========================  ==========================================================

An answer that fails its residual check is recomputed with the direct solver and never
returned unchecked; the ``solver`` of a result names the strategy that answered. Matrices
and GWPs are checked finite before anything is solved, and no answer that is not finite is
returned (:mod:`.guard`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from pcfrules.engine import breakdown, guard, montecarlo
from pcfrules.engine.build import build
from pcfrules.engine.characterise import GwpSet, gwp_vector
from pcfrules.engine.model import ORIGINS, ProductSystem
from pcfrules.engine.results import Footprint, TreeNode, Uncertainty
from pcfrules.engine.sample import Sampler
from pcfrules.engine.solve import ITERATIVE, Solver
from pcfrules.engine.tables import Matrices, Triplets, from_arrays
from pcfrules.errors import Location, SingularSystemError

NEGATIVE_SUPPLY_TOLERANCE = 1e-9


class Lca:
    """One product system, its matrices and characterisation, and how it is solved."""

    def __init__(self, system: ProductSystem, gwp: GwpSet) -> None:
        self._prepare(build(system), gwp, own_products=True)

    @classmethod
    def from_arrays(
        cls,
        technosphere: Triplets,
        intervention: Triplets,
        elementary: Sequence[tuple[str, str]],
        gwp: GwpSet,
        demand: np.ndarray,
        *,
        flows: Sequence[str] | None = None,
        processes: Sequence[str] | None = None,
    ) -> Lca:
        """An ``Lca`` of prepared matrices given as (rows, cols, values) triplets.

        ``technosphere`` is A (flow *i* made by column *i*; outputs positive, inputs
        negative), ``intervention`` is B with one row per ``elementary`` (gas, origin) pair;
        duplicates add up. ``demand`` is the reference demand vector.
        """
        lca = cls.__new__(cls)
        lca._prepare(
            from_arrays(technosphere, intervention, elementary, demand, flows, processes), gwp
        )
        return lca

    def _prepare(self, m: Matrices, gwp: GwpSet, own_products: bool = False) -> None:
        """Check and keep the matrices; ``own_products``: each column's net output is > 0.

        That holds of every system built from processes; prepared arrays may hold waste
        treatments, whose reference amount is negative by convention, so they are not held to it.
        """
        guard.finite_entries(m.a, m.label)
        guard.finite_entries(m.b, m.label)
        guard.finite_answer(m.demand, m.flows, ("需求", "the demand"))
        if own_products:
            guard.positive_net_outputs(m.technosphere.diagonal(), m.columns.keys, m.flows)
        self.m = m
        self.gwp = gwp
        self.processes = m.columns.keys
        self.c = gwp_vector(m.elementary, gwp)
        guard.finite_characterisation(self.c, m.elementary, gwp.name)
        self.cb = np.asarray(m.intervention.T @ self.c)  # direct score per unit activity
        guard.finite_answer(
            self.cb, self.processes, ("单位活动的排放", "the emissions per unit of")
        )
        self._solver = Solver(m.technosphere, m.flows, self.processes)
        self._adjoint: np.ndarray | None = None
        self._adjoint_by = ITERATIVE
        self.solver = ITERATIVE  # the strategy of the latest answer
        self.fallbacks = 0  # answers (and Monte Carlo draws) that needed the direct solver

    def supply(self, demand: np.ndarray | None = None) -> np.ndarray:
        """Activity of every column needed for ``demand`` (default: the reference flow)."""
        rhs = self.m.demand if demand is None else np.asarray(demand, dtype=float)
        x, self.solver = self._solve(rhs)
        guard.finite_answer(x, self.processes, ("过程的活动量", "the activity of"))
        self._check_productive(x)
        return x

    def adjoint(self) -> np.ndarray:
        """Footprint per unit of each flow (kg CO2e), from one transposed solve."""
        if self._adjoint is None:
            self._adjoint, self._adjoint_by = self._solve(self.cb, transpose=True)
        self.solver = self._adjoint_by
        return self._adjoint

    def scores_of_all(self) -> dict[str, float]:
        """Footprint per unit of every product of the system, by flow."""
        return dict(zip(self.m.flows, self.adjoint().tolist(), strict=True))

    def inventories(self, demands: sp.spmatrix | np.ndarray) -> np.ndarray:
        """Inventory (elementary flows × demands) of every column of ``demands`` (flows × k).

        One adjoint solve per elementary flow (a handful of gases) instead of one solve per
        demand.
        """
        b = self.m.intervention
        solved = [self._solve(b[[g]].toarray().ravel(), transpose=True) for g in range(b.shape[0])]
        self.solver = ITERATIVE if all(s == ITERATIVE for _, s in solved) else solved[-1][1]
        per_flow = np.column_stack([y for y, _ in solved])
        return np.asarray((sp.csr_matrix(demands).T @ per_flow).T)

    def footprint(self, demand: np.ndarray | None = None) -> Footprint:
        """Everything GB/T 24067 asks of a result, for ``demand`` (default: the reference)."""
        m = self.m
        x = self.supply(demand)
        supplied_by = self.solver
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused just below
            per_column = self.cb * x
        guard.finite_answer(per_column, self.processes, ("过程的碳足迹", "the footprint of"))
        tree = self.tree(x, float(np.einsum("i,i->", self.cb, x)))  # solves the adjoint
        solver = supplied_by if supplied_by != ITERATIVE else self.solver
        masses = m.intervention @ x
        scores = self.c * masses
        total = float(scores.sum())
        guard.finite_answer(np.array([total]), ["total"], ("碳足迹合计", "the total footprint"))
        weights = np.abs(self.c[m.b.rows] * m.b.values * x[m.b.cols])
        return Footprint(
            gwp_set=self.gwp.name,
            solver=solver,
            reference=dict(m.reference),
            total=total,
            inventory=breakdown.inventory(m, masses),
            by_origin=breakdown.by_row(m, scores, 1, ORIGINS),
            by_gas=breakdown.by_row(m, scores, 0, ()),
            characterisation=breakdown.characterisation(m, self.c),
            by_stage=breakdown.by_stage(m.columns, per_column),
            by_process=breakdown.by_process(m.columns, per_column),
            dqr=breakdown.dqr(m.quality, weights),
            dqi=breakdown.dqi(m.quality, weights),
            primary_data_share=breakdown.primary_share(m.quality, weights),
            allocation=m.allocation,
            tree=tree,
            biogenic_carbon=self._carbon(demand, "biogenic"),
            fossil_carbon=self._carbon(demand, "fossil"),
        )

    def tree(self, x: np.ndarray, total: float) -> TreeNode:
        """Upstream contribution tree from the reference, cut at depth, share and size."""
        root = int(np.argmax(self.m.demand != 0))
        return breakdown.Tree(self.m, self.cb, x, self.adjoint(), total).node(root, x[root])

    def check_uncertainties(self) -> None:
        """Refuse a distribution whose parameters describe none, without drawing anything.

        Monte Carlo checks them too; a caller that reads uncertainties from a file calls
        this so a meaningless sigma is refused even when no draws are asked for.
        """
        sources = self.m.sources
        Sampler(
            sources.amounts,
            sources.uncertainties,
            sources.drawn,
            0,
            lambda i: self.m.label(int(sources.exchange[i])),
        )

    def monte_carlo(
        self,
        samples: int,
        seed: int,
        sink: Callable[[np.ndarray], object] | None = None,
        advance: Callable[[int], object] | None = None,
    ) -> Uncertainty:
        """``samples`` draws of the reference total: statistics, rank correlation, elasticities.

        Every draw's total goes to ``sink`` (in order) when one is given; ``advance`` hears
        how many draws each wave did. Memory stays bounded however many draws are asked.
        """
        result = montecarlo.monte_carlo(self, samples, seed, sink, advance)
        stats = np.array([result.mean, result.sd, result.p2_5, result.p50, result.p97_5])
        names = [f"uncertainty.{n}" for n in ("mean", "sd", "p2_5", "p50", "p97_5")]
        guard.finite_answer(stats, names, ("蒙特卡洛统计量", "the Monte Carlo statistic"))
        return result

    def _solve(self, rhs: np.ndarray, transpose: bool = False) -> tuple[np.ndarray, str]:
        x, name = self._solver.solve(rhs, transpose)
        if name != ITERATIVE:
            self.fallbacks += 1
        return x, name

    def _carbon(self, demand: np.ndarray | None, kind: str) -> float:
        """Carbon in the product delivered (kg C), for the reference demand."""
        if demand is not None:
            return 0.0
        row = int(np.argmax(self.m.demand != 0))
        return float(self.m.demand[row] * self.m.carbon_per_unit.get(kind, 0.0))

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
