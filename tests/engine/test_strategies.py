"""One Lca, every strategy: iterative against direct and dense, fallback, both ways in."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from benchmarks.bench_pcfrules import ELEMENTARY, triplets
from benchmarks.objects import product_system
from benchmarks.synthetic import Synthetic, generate

from pcfrules.engine import (
    Emission,
    Exchange,
    GwpSet,
    Lca,
    Process,
    ProductSystem,
    TreeNode,
    breakdown,
    build,
    solve,
)
from pcfrules.errors import ProductSystemError, SingularSystemError
from pcfrules.units import conversion_factor

GWP = GwpSet("AR6-GWP100", {"CO2": 1.0, "CH4": 27.9, "N2O": 273.0})


@pytest.fixture(scope="module")
def synthetic() -> Synthetic:
    return generate(300, seed=5, further_demands=40)


@pytest.fixture(scope="module")
def dense(synthetic: Synthetic) -> tuple[np.ndarray, np.ndarray]:
    """A and B of the synthetic system as dense arrays, built independently of pcfrules."""
    tech, bio = triplets(synthetic)
    a = np.zeros((synthetic.n, synthetic.n))
    np.add.at(a, (tech[0], tech[1]), tech[2])
    b = np.zeros((3, synthetic.n))
    np.add.at(b, (bio[0], bio[1]), bio[2])
    return a, b


def _gwp() -> np.ndarray:
    return np.array([GWP.values[g] for g, _ in ELEMENTARY])


def test_object_path_matches_dense_solves(synthetic: Synthetic, dense: tuple) -> None:
    a, b = dense
    lca = Lca(product_system(synthetic), GWP)
    demand = np.zeros(synthetic.n)
    demand[synthetic.n // 2] = 1.0
    expected = _gwp() @ b @ np.linalg.solve(a, demand)
    result = lca.footprint()
    assert result.total == pytest.approx(expected, rel=1e-9)
    assert result.solver == solve.ITERATIVE
    all_scores = np.linalg.solve(a.T, b.T @ _gwp())
    assert np.allclose(list(lca.scores_of_all().values()), all_scores, rtol=1e-9)
    demands = sp.csc_matrix(
        (np.ones(synthetic.demands.size), (synthetic.demands, np.arange(synthetic.demands.size))),
        shape=(synthetic.n, synthetic.demands.size),
    )
    expected_inventories = b @ np.linalg.solve(a, demands.toarray())
    assert np.allclose(lca.inventories(demands), expected_inventories, rtol=1e-9)


def test_iterative_equals_direct(synthetic: Synthetic) -> None:
    lca = Lca(product_system(synthetic), GWP)
    iterative = lca.supply()
    assert lca.solver == solve.ITERATIVE
    direct = lca._solver.direct(lca.m.demand)
    assert np.linalg.norm(iterative - direct) <= 1e-9 * np.linalg.norm(direct)
    assert lca.cb @ iterative == pytest.approx(lca.cb @ direct, rel=1e-9)
    adjoint = lca._solver.direct(lca.cb, transpose=True)
    assert np.linalg.norm(lca.adjoint() - adjoint) <= 1e-9 * np.linalg.norm(adjoint)


def test_array_path_equals_object_path(synthetic: Synthetic) -> None:
    tech, bio = triplets(synthetic)
    by_objects = Lca(product_system(synthetic), GWP)
    by_arrays = Lca.from_arrays(tech, bio, ELEMENTARY, GWP, by_objects.m.demand)
    one, other = by_objects.footprint(), by_arrays.footprint()
    assert other.total == pytest.approx(one.total, rel=1e-12)
    assert other.by_gas == pytest.approx(one.by_gas, rel=1e-12)
    assert other.inventory["fossil"] == pytest.approx(one.inventory["fossil"], rel=1e-12)
    assert other.by_process == pytest.approx(one.by_process, rel=1e-12)  # "process i" both
    nodes, expected_nodes = _flat_tree(other.tree), _flat_tree(one.tree)
    assert [n for n, _, _ in nodes] == [n for n, _, _ in expected_nodes]
    values = [v for _, up, direct in nodes for v in (up, direct)]
    assert values == pytest.approx([v for _, u, d in expected_nodes for v in (u, d)], rel=1e-12)
    assert np.allclose(by_arrays.adjoint(), by_objects.adjoint(), rtol=1e-12)


def _flat_tree(node: TreeNode) -> list[tuple[str, float, float]]:
    out = [(node.process, node.upstream, node.direct)]
    for child in node.children:
        out += _flat_tree(child)
    return out


def _chain(n: int) -> ProductSystem:
    """Each process needs one unit of the next one's product and emits 1 kg CO2: total n.

    A = I − N with N nilpotent: no Krylov method gets the exact answer in fewer than n
    matrix products, so BiCGSTAB (at most 2 × 400) fails its check for n = 1000.
    """
    processes = [
        Process(
            f"p{i}",
            [Exchange(f"f{i}", 1, "kg")],
            [Exchange(f"f{i + 1}", 1, "kg")] if i + 1 < n else [],
            [Emission("CO2", 1.0)],
        )
        for i in range(n)
    ]
    return ProductSystem(Exchange("f0", 1, "kg"), processes)


def test_failed_check_is_recomputed_directly() -> None:
    lca = Lca(_chain(1000), GWP)
    result = lca.footprint()
    assert result.total == pytest.approx(1000.0, rel=1e-12)
    assert result.solver == solve.direct_name()
    assert result.solver.endswith("(direct fallback)")
    assert lca.fallbacks == 2  # the supply and the adjoint
    assert lca.scores_of_all()["f999"] == pytest.approx(1.0)


def test_chain_that_converges_stays_iterative() -> None:
    system = _chain(1000)
    for process in system.processes[:-1]:
        process.inputs[0].amount = 0.5  # x_i = 0.5^i: the Neumann series converges fast
    result = Lca(system, GWP).footprint()
    assert result.total == pytest.approx(2 * (1 - 0.5**1000), rel=1e-9)
    assert result.solver == solve.ITERATIVE


def test_singular_system_names_the_loop() -> None:
    system = ProductSystem(
        Exchange("x", 1, "kg"),
        [
            Process("px", [Exchange("x", 1, "kg")], [Exchange("y", 1, "kg")], [Emission("CO2", 1)]),
            Process("py", [Exchange("y", 1, "kg")], [Exchange("x", 1, "kg")], []),
        ],
    )
    with pytest.raises(SingularSystemError, match=r"flows in the loop: x, y"):
        Lca(system, GWP).footprint()


def test_emission_unit_error_names_the_emission() -> None:
    system = _chain(3)
    system.processes[1].emissions[0] = Emission("CO2", 1.0, "kWh")
    with pytest.raises(
        ProductSystemError, match=r"p1\.emissions\[0\]: 'kWh' \(energy\) does not convert"
    ):
        Lca(system, GWP)


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        _CountingList.walks += 1
        return super().__iter__()


def _walks_and_conversions(n: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[tuple]]:
    system = product_system(generate(n, seed=1, further_demands=1))
    system.processes = _CountingList(system.processes)
    conversions: list[tuple] = []

    def counted(written: str, wanted: str) -> float:
        conversions.append((written, wanted))
        return conversion_factor(written, wanted)

    monkeypatch.setattr(build, "conversion_factor", counted)
    _CountingList.walks = 0
    build.build(system)
    return _CountingList.walks, conversions


def test_build_walks_the_system_a_fixed_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """No per-column search: doubling the processes does not add walks; each unit pair once."""
    small_walks, small_conversions = _walks_and_conversions(200, monkeypatch)
    large_walks, large_conversions = _walks_and_conversions(400, monkeypatch)
    assert small_walks == large_walks <= 10
    assert sorted(small_conversions) == sorted(large_conversions)
    assert sorted(set(small_conversions)) == [("g", "kg"), ("kg", "kg")]
    assert len(small_conversions) == 3  # the two pairs of the exchanges, and the reference


def test_contribution_tree_is_bounded(
    synthetic: Synthetic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(breakdown, "TREE_MIN_SHARE", 0.0)  # every edge would count: 10⁶ nodes

    tree = Lca(product_system(synthetic), GWP).footprint().tree
    assert len(_flat_tree(tree)) == breakdown.TREE_MAX_NODES


def test_monte_carlo_without_uncertainty_repeats_the_total(synthetic: Synthetic) -> None:
    tech, bio = triplets(synthetic)
    demand = np.zeros(synthetic.n)
    demand[3] = 2.0
    lca = Lca.from_arrays(tech, bio, ELEMENTARY, GWP, demand)
    result = lca.monte_carlo(5, seed=0)
    assert result.totals == pytest.approx([lca.footprint().total] * 5, rel=1e-12)
    assert result.rank_correlation == {}
    assert result.sd == pytest.approx(0.0, abs=1e-12)


def test_a_small_row_answered_wrong_goes_to_the_direct_solver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One row a million million times the others hides any error in them from the norm.

    An adjoint's every row is a product's score, so it is held row by row; a supply's rows
    far below the largest are let through (activities too small to matter).
    """
    transposed = np.array([[1e12, 0.0], [-0.5, 1.0]])  # Aᵀ: the adjoint solves Aᵀ λ = c
    rhs = np.array([1e12, 1.0])  # λ = (1, 1.5)
    close = np.array([1.0, 1.5015])  # a 1e-3 error the normwise check cannot see
    matrix = sp.csr_matrix(transposed.T)
    assert solve._verified(matrix.T, close, rhs)
    assert not solve._row_by_row(matrix.T, close, rhs, every_row=True)
    assert solve._row_by_row(matrix.T, close, rhs, every_row=False)
    solver = solve.Solver(matrix, ["a", "b"], ["pa", "pb"])
    monkeypatch.setattr(solver, "_iterate", lambda m, r: close)
    y, name = solver.solve(rhs, transpose=True)
    assert name == solve.direct_name()
    assert y == pytest.approx([1.0, 1.5], rel=1e-12)
