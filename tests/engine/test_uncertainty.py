"""Monte Carlo against analytic distributions and against direct solves; elasticities."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from pcfrules.engine import (
    Emission,
    Exchange,
    GwpSet,
    Lca,
    Process,
    ProductSystem,
    Uncertainty,
    montecarlo,
    solve,
    stacked,
)
from pcfrules.engine.sensitivity import elasticities
from pcfrules.engine.tables import positions
from pcfrules.errors import ProductSystemError
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
    result = Lca(_chain(Uncertainty("lognormal", sigma=sigma), on_input), ar6).monte_carlo(
        20000, seed=7
    )
    median = 6.0
    assert result.p50 == pytest.approx(median, rel=0.01)
    assert result.p2_5 == pytest.approx(median * np.exp(-1.96 * sigma), rel=0.02)
    assert result.p97_5 == pytest.approx(median * np.exp(1.96 * sigma), rel=0.02)
    expected_mean = median * np.exp(sigma**2 / 2)
    standard_error = expected_mean * np.sqrt(np.exp(sigma**2) - 1) / np.sqrt(20000)
    assert abs(result.mean - expected_mean) < 4 * standard_error
    assert next(iter(result.rank_correlation.values())) == pytest.approx(1.0)


TRIANGLE_TAIL = np.sqrt(2 * 0.025)  # triangle (1, 2, 3): P(X < 1 + t) = t² / 2


@pytest.mark.parametrize(
    ("uncertainty", "mean", "sd", "p2_5", "p97_5"),
    [
        (Uncertainty("normal", sd=0.5), 2.0, 0.5, 2 - 1.96 * 0.5, 2 + 1.96 * 0.5),
        (Uncertainty("uniform", low=1.0, high=3.0), 2.0, 2 / np.sqrt(12), 1.05, 2.95),
        (
            Uncertainty("triangular", low=1.0, high=3.0),
            2.0,
            np.sqrt(4 / 24),
            1 + TRIANGLE_TAIL,
            3 - TRIANGLE_TAIL,
        ),
    ],
)
@pytest.mark.parametrize("on_input", [True, False])
def test_other_distributions(
    ar6: GwpSet,
    uncertainty: Uncertainty,
    mean: float,
    sd: float,
    p2_5: float,
    p97_5: float,
    on_input: bool,
) -> None:
    """Input y (2 kg, drawn as given) × 3 kg CO2/kg; or the emission (drawn) × 2."""
    scale = 3.0 if on_input else 2.0
    system = _chain(uncertainty, on_input)
    if not on_input:
        system.processes[1].emissions[0].amount = 2.0
    result = Lca(system, ar6).monte_carlo(20000, seed=3)
    assert result.mean == pytest.approx(scale * mean, rel=0.01)
    assert result.sd == pytest.approx(scale * sd, rel=0.03)
    assert result.p2_5 == pytest.approx(scale * p2_5, rel=0.02)
    assert result.p97_5 == pytest.approx(scale * p97_5, rel=0.02)


def test_invalid_parameters_name_the_exchange(ar6: GwpSet) -> None:
    system = _chain(Uncertainty("triangular", low=3.0, high=4.0), True)  # mode 2 < low
    with pytest.raises(ProductSystemError, match=r"px\.inputs\.y.*low ≤ amount ≤ high"):
        Lca(system, ar6).monte_carlo(10, seed=0)


def test_seed_reproduces(ar6: GwpSet) -> None:
    lca = Lca(_chain(Uncertainty("lognormal", sigma=0.3), True), ar6)
    assert lca.monte_carlo(100, 5).totals == lca.monte_carlo(100, 5).totals
    assert lca.monte_carlo(100, 5).totals != lca.monte_carlo(100, 6).totals


def _perturbed(lca: Lca, draws: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the inputs in A's data and lognormal draws of their values."""
    inputs = np.flatnonzero(lca.m.a.values < 0)
    at = positions(lca.m.technosphere, lca.m.a.rows[inputs], lca.m.a.cols[inputs])
    rng = np.random.default_rng(0)
    values = lca.m.technosphere.data[at, None] * rng.lognormal(0, 0.2, (at.size, draws))
    return at, values


def _direct(lca: Lca, at: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    matrix = lca.m.technosphere.copy()
    matrix.data[at] = values[:, k]
    return np.asarray(spla.spsolve(sp.csc_matrix(matrix), lca.m.demand))


def test_stacked_draws_equal_direct_solves(ar6: GwpSet) -> None:
    lca = Lca(steel_power_loop(), ar6)
    at, values = _perturbed(lca, 50)
    solver = stacked.StackedSolver(lca.m.technosphere, at)
    x = solver.solve(lca.m.demand, lca.supply(), values)
    assert solver.fallbacks == 0
    for k in range(values.shape[1]):
        assert np.allclose(x[:, k], _direct(lca, at, values, k), rtol=1e-10)


def test_stacked_draws_that_do_not_converge_are_solved_directly(
    ar6: GwpSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solve, "MAX_ITERATIONS", 0)  # no iteration: every draw fails its check
    lca = Lca(steel_power_loop(), ar6)
    at, values = _perturbed(lca, 7)
    solver = stacked.StackedSolver(lca.m.technosphere, at)
    x = solver.solve(lca.m.demand, lca.supply(), values)
    assert solver.fallbacks == 7
    for k in range(values.shape[1]):
        assert np.allclose(x[:, k], _direct(lca, at, values, k), rtol=1e-12)


def test_monte_carlo_totals_equal_direct_solves_of_the_same_draws(ar6: GwpSet) -> None:
    """Both loop inputs uncertain: each draw's total against its own direct solve."""
    system = steel_power_loop()
    system.processes[0].inputs[0].uncertainty = Uncertainty("lognormal", sigma=0.3)
    system.processes[1].inputs[1].uncertainty = Uncertainty("uniform", low=0.5, high=1.5)
    system.processes[1].emissions[0].uncertainty = Uncertainty("normal", sd=50.0)
    lca = Lca(system, ar6)
    result = lca.monte_carlo(40, seed=11)
    (rng,) = [np.random.default_rng(s) for s in np.random.SeedSequence(11).spawn(1)]
    electricity = 500 * np.exp(rng.standard_normal(40, dtype=np.float32) * np.float32(0.3)).astype(
        float
    )
    co2 = 900 + 50 * rng.standard_normal(40)  # drawn by distribution, in this order
    steel = 0.5 + rng.random(40)  # kg of steel per MWh
    for k in range(40):
        system.processes[0].inputs[0].amount = float(electricity[k])
        system.processes[1].inputs[1].amount = float(steel[k])
        system.processes[1].emissions[0].amount = float(co2[k])
        assert result.totals[k] == pytest.approx(Lca(system, ar6).footprint().total, rel=1e-9)


def test_rank_correlation_keeps_the_inputs_that_matter(
    ar6: GwpSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(montecarlo, "RANKED_INPUTS", 2)
    system = steel_power_loop()
    system.processes[0].emissions[0].uncertainty = Uncertainty("lognormal", sigma=0.5)
    system.processes[1].inputs[0].uncertainty = Uncertainty("lognormal", sigma=0.3)
    system.processes[1].emissions[1].uncertainty = Uncertainty("lognormal", sigma=0.3)
    result = Lca(system, ar6).monte_carlo(2000, seed=2)
    # same spread, but power's CH4 is ~0.7 % of the total and its coal ~1.9 %: CH4 is dropped
    assert list(result.rank_correlation) == ["steelmaking.emissions[0] CO2", "power.inputs.coal"]
    assert result.rank_correlation["steelmaking.emissions[0] CO2"] > 0.9


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
    result = Lca(system, ar6).monte_carlo(11, 0)
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
    result = Lca(system, ar6).monte_carlo(20000, seed=1)
    assert result.mean == pytest.approx(2000.0, rel=0.005)
    assert result.sd == pytest.approx(100.0, rel=0.03)
