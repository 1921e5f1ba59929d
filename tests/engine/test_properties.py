"""Property test: the sparse factorised solve equals a dense solve on random productive systems."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pcfrules.engine import Dataset, Emission, Exchange, GwpSet, Lca, Process, ProductSystem


@st.composite
def productive_systems(draw: st.DrawFn) -> tuple[ProductSystem, np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 12))
    density = draw(st.floats(0.05, 0.6))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    inputs = rng.uniform(0.0, 1.0, (n, n)) * (rng.uniform(size=(n, n)) < density)
    np.fill_diagonal(inputs, 0.0)
    column_sums = inputs.sum(axis=0)
    scale = np.where(column_sums > 0, rng.uniform(0.1, 0.9) / np.maximum(column_sums, 1e-12), 1)
    inputs = inputs * scale  # each column needs < 1 unit of inputs per unit made: productive
    co2 = rng.uniform(0, 10, n)
    ch4 = rng.uniform(0, 0.1, n) * (rng.uniform(size=n) < 0.5)
    processes = [
        Process(
            f"p{j}",
            [Exchange(f"f{j}", 1.0, "kg")],
            [Exchange(f"f{i}", float(inputs[i, j]), "kg") for i in range(n) if inputs[i, j]],
            [Emission("CO2", float(co2[j])), Emission("CH4", float(ch4[j]))],
        )
        for j in range(n)
    ]
    dense = np.eye(n) - inputs
    return ProductSystem(Exchange("f0", 1.0, "kg"), processes, []), dense, co2 + 27.9 * ch4


@settings(max_examples=60, deadline=None)
@given(productive_systems())
def test_sparse_equals_dense(case: tuple[ProductSystem, np.ndarray, np.ndarray]) -> None:
    system, dense, unit_scores = case
    demand = np.zeros(dense.shape[0])
    demand[0] = 1.0
    expected = unit_scores @ np.linalg.solve(dense, demand)
    lca = Lca(system, GwpSet("AR6-GWP100", {"CO2": 1.0, "CH4": 27.9}))
    assert lca.footprint().total == pytest.approx(expected, rel=1e-9, abs=1e-12)
    scores = lca.scores_of_all()
    dense_all = np.linalg.solve(dense.T, unit_scores)
    assert np.allclose([scores[f"f{i}"] for i in range(len(dense))], dense_all, rtol=1e-9)


def test_dataset_columns_are_background(ar6: GwpSet) -> None:
    system = ProductSystem(
        Exchange("x", 1, "kg"),
        [Process("p", [Exchange("x", 1, "kg")], [Exchange("y", 2, "kg")], [])],
        [Dataset("y", "kg", [Emission("CO2", 3)], "src")],
    )
    assert Lca(system, ar6).footprint().total == pytest.approx(6.0)
