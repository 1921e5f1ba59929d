"""Fast paths on prepared matrices against dense solves and direct sparse solves."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from benchmarks.synthetic import Synthetic, generate

from pcfrules.engine import matrix as matrix_module
from pcfrules.engine.matrix import MatrixLca

GWP = np.array([1.0, 27.9, 273.0])  # CO2, CH4, N2O: AR6 GWP100 as shipped in data/gwp


@pytest.fixture(scope="module")
def system() -> tuple[MatrixLca, np.ndarray, np.ndarray, Synthetic]:
    s = generate(300, seed=5, further_demands=40)
    tech = (
        np.concatenate([np.arange(s.n), s.tech_rows]),
        np.concatenate([np.arange(s.n), s.tech_cols]),
        np.concatenate([np.ones(s.n), -s.tech_vals]),
    )
    lca, a_pos, b_pos = MatrixLca.from_arrays(
        s.n, tech, 3, (s.bio_rows, s.bio_cols, s.bio_vals), GWP
    )
    return lca, a_pos, b_pos, s


def test_from_arrays_positions(system: tuple) -> None:
    lca, a_pos, b_pos, s = system
    assert np.allclose(lca.a.data[a_pos[s.n :]], -s.tech_vals)
    assert np.allclose(lca.b.data[b_pos], s.bio_vals)


def test_score_inventories_and_all_scores_match_dense(system: tuple) -> None:
    lca, _, _, s = system
    dense_a, dense_b = lca.a.toarray(), lca.b.toarray()
    demand = np.zeros(s.n)
    demand[7] = 2.0
    expected = GWP @ dense_b @ np.linalg.solve(dense_a, demand)
    assert lca.score(demand) == pytest.approx(expected, rel=1e-9)
    demands = sp.csc_matrix(
        (np.ones(s.demands.size), (s.demands, np.arange(s.demands.size))),
        shape=(s.n, s.demands.size),
    )
    expected_inventories = dense_b @ np.linalg.solve(dense_a, demands.toarray())
    assert np.allclose(lca.inventories(demands), expected_inventories, rtol=1e-9)
    assert np.allclose(lca.all_scores(), np.linalg.solve(dense_a.T, dense_b.T @ GWP), rtol=1e-9)


def test_monte_carlo_draws_equal_direct_solves(
    system: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    lca, a_pos, b_pos, s = system
    demand = np.zeros(s.n)
    demand[11] = 1.0
    tech_unc = np.flatnonzero(s.tech_sigma > 0)
    bio_unc = np.flatnonzero(s.bio_sigma > 0)
    args = (
        demand,
        a_pos[s.n + tech_unc],
        s.tech_sigma[tech_unc],
        b_pos[bio_unc],
        s.bio_sigma[bio_unc],
    )
    totals = lca.monte_carlo(*args, draws=30, seed=9)
    (rng,) = matrix_module.block_generators(9, 1)  # the same draws, solved one by one
    tech = lca.a.data[args[1], None] * matrix_module._lognormal_factors(rng, args[2], 30)
    bio = lca.b.data[args[3], None] * matrix_module._lognormal_factors(rng, args[4], 30)
    for k in range(30):
        a = lca.a.copy()
        a.data[args[1]] = tech[:, k]
        b = lca.b.copy()
        b.data[args[3]] = bio[:, k]
        x = spla.spsolve(a.tocsc(), demand)
        # solved to a residual of 1e-9; the score inherits that times the condition number
        assert totals[k] == pytest.approx(GWP @ (b @ x), rel=1e-7)
    solved = lca._sweep(demand, lca.solve(demand), args[1], tech)
    for k in range(30):
        a = lca.a.copy()
        a.data[args[1]] = tech[:, k]
        assert np.linalg.norm(a @ solved[:, k] - demand) <= 1e-9 * np.linalg.norm(demand)
    monkeypatch.setattr(matrix_module, "MAX_SWEEPS", 0)  # no iterations: every draw falls back
    fresh = MatrixLca(lca.a, lca.b, GWP)
    assert np.allclose(fresh.monte_carlo(*args, draws=30, seed=9), totals, rtol=1e-7)
    assert fresh.fallbacks == 30
