"""Monte Carlo against analytic distributions and against direct solves; elasticities."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from pcfrules.engine import Emission, Exchange, GwpSet, Lca, Process, ProductSystem, Uncertainty
from pcfrules.engine.montecarlo import _Layout, _solve_block, monte_carlo
from pcfrules.engine.sensitivity import elasticities
from tests.engine.test_lca import steel_power_loop


def _chain(uncertainty: Uncertainty, on_input: bool) -> ProductSystem:
    """Product needs 2 kg of y; y emits 3 kg CO2 per kg."""
    return ProductSystem(
        Exchange("x", 1, "kg"),
        [
            Process(
                "px",
                [Exchange("x", 1, "kg")],
                [Exchange("y", 2, "kg", uncertainty if on_input else None)],
                [],
            ),
            Process(
                "py",
                [Exchange("y", 1, "kg")],
                [],
                [Emission("CO2", 3, uncertainty=None if on_input else uncertainty)],
            ),
        ],
    )


@pytest.mark.parametrize("on_input", [True, False])
def test_lognormal_matches_analytic_quantiles(ar6: GwpSet, on_input: bool) -> None:
    sigma = 0.2
    result = monte_carlo(
        Lca(_chain(Uncertainty("lognormal", sigma=sigma), on_input), ar6), 20000, seed=7
    )
    median = 6.0
    assert result.p50 == pytest.approx(median, rel=0.01)
    assert result.p2_5 == pytest.approx(median * np.exp(-1.96 * sigma), rel=0.02)
    assert result.p97_5 == pytest.approx(median * np.exp(1.96 * sigma), rel=0.02)
    expected_mean = median * np.exp(sigma**2 / 2)
    standard_error = expected_mean * np.sqrt(np.exp(sigma**2) - 1) / np.sqrt(20000)
    assert abs(result.mean - expected_mean) < 4 * standard_error
    assert next(iter(result.rank_correlation.values())) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("uncertainty", "mean", "sd"),
    [
        (Uncertainty("normal", sd=0.5), 2.0, 0.5),
        (Uncertainty("uniform", low=1.0, high=3.0), 2.0, 2 / np.sqrt(12)),
        (Uncertainty("triangular", low=1.0, high=3.0), 2.0, np.sqrt(4 / 24)),
    ],
)
def test_other_distributions(ar6: GwpSet, uncertainty: Uncertainty, mean: float, sd: float) -> None:
    result = monte_carlo(Lca(_chain(uncertainty, True), ar6), 20000, seed=3)
    assert result.mean == pytest.approx(3 * mean, rel=0.01)
    assert result.sd == pytest.approx(3 * sd, rel=0.03)


def test_seed_reproduces(ar6: GwpSet) -> None:
    lca = Lca(_chain(Uncertainty("lognormal", sigma=0.3), True), ar6)
    assert monte_carlo(lca, 100, 5).totals == monte_carlo(lca, 100, 5).totals
    assert monte_carlo(lca, 100, 5).totals != monte_carlo(lca, 100, 6).totals


def test_block_solver_equals_direct_solves(ar6: GwpSet) -> None:
    lca = Lca(steel_power_loop(), ar6)
    layout = _Layout(lca.m.technosphere, [e for e in lca.m.entries if e.matrix == "A"])
    rng = np.random.default_rng(0)
    data = layout.matrix.data[:, None] * rng.lognormal(0, 0.2, (layout.matrix.nnz, 50))
    data[layout.matrix.indices == layout.cols] = layout.matrix.data[
        layout.matrix.indices == layout.cols
    ][:, None]  # keep outputs, perturb inputs
    x = _solve_block(lca, layout, data)
    for k in range(data.shape[1]):
        matrix = sp.csc_matrix(
            (data[:, k], layout.matrix.indices, layout.matrix.indptr), shape=layout.matrix.shape
        )
        assert np.allclose(x[:, k], spla.spsolve(matrix, lca.m.demand), rtol=1e-10)


def test_elasticities_match_finite_differences(ar6: GwpSet) -> None:
    base = Lca(steel_power_loop(), ar6)
    total = base.footprint().total
    exact = elasticities(base, top=50)
    system = steel_power_loop()
    system.processes[0].inputs[0].amount *= 1.0001  # steelmaking electricity +0.01 %
    bumped = Lca(system, ar6).footprint().total
    numeric = (bumped / total - 1) / 0.0001
    assert exact["steelmaking.inputs.electricity"] == pytest.approx(numeric, rel=1e-3)
    assert exact["steelmaking.outputs.steel"] == pytest.approx(-1.0005, rel=1e-3)


def test_presampled_emissions_are_used(ar6: GwpSet) -> None:
    samples = np.linspace(1.0, 2.0, 11)
    system = ProductSystem(
        Exchange("x", 1, "kg"),
        [Process("p", [Exchange("x", 1, "kg")], [], [Emission("CO2", 1.5, samples=samples)])],
    )
    result = monte_carlo(Lca(system, ar6), 11, 0)
    assert sorted(result.totals) == pytest.approx(samples.tolist())


def test_emission_uncertainty_is_in_the_units_written(ar6: GwpSet) -> None:
    """A normal sd of 0.1 t on an emission written in t is 100 kg, not 0.1 kg."""
    system = ProductSystem(
        Exchange("x", 1, "kg"),
        [
            Process(
                "p",
                [Exchange("x", 1, "kg")],
                [],
                [Emission("CO2", 2.0, "t", uncertainty=Uncertainty("normal", sd=0.1))],
            )
        ],
    )
    result = monte_carlo(Lca(system, ar6), 20000, seed=1)
    assert result.mean == pytest.approx(2000.0, rel=0.005)
    assert result.sd == pytest.approx(100.0, rel=0.03)
