"""Monte Carlo memory is bounded whatever the number of draws: running statistics over
every draw, the first HELD_DRAWS held whole, every draw streamed to a sink only when one
is given, in order; and the number of draws is refused above the limit."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from pcfrules.engine import (
    Emission,
    Exchange,
    GwpSet,
    Lca,
    Process,
    ProductSystem,
    Uncertainty,
    montecarlo,
)
from pcfrules.limits import Limit


def _chain() -> ProductSystem:
    """x needs 2 kg of y (lognormal); y emits 3 kg CO2 per kg."""
    return ProductSystem(
        Exchange("x", 1, "kg"),
        [
            Process("px", [Exchange("x", 1, "kg")], [Exchange("y", 2, "kg", _LOGNORMAL)], []),
            Process(
                "py",
                [Exchange("y", 1, "kg")],
                [],
                [Emission("CO2", 3, uncertainty=Uncertainty("normal", sd=0.1))],
            ),
        ],
    )


_LOGNORMAL = Uncertainty("lognormal", sigma=0.2)


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few hundred draws and 1 000 draws held: many waves in a short test."""
    monkeypatch.setattr(montecarlo, "BLOCK_FLOATS", 2000)
    monkeypatch.setattr(montecarlo, "HELD_DRAWS", Limit("held_draws", 1000, "held", "保留"))


@pytest.mark.usefixtures("small_blocks")
def test_every_draw_reaches_the_sink_in_order_and_the_statistics_cover_them_all(
    ar6: GwpSet,
) -> None:
    lca = Lca(_chain(), ar6)
    streamed: list[np.ndarray] = []
    done: list[int] = []
    u = lca.monte_carlo(20_000, 7, streamed.append, done.append)
    every = np.concatenate(streamed)
    assert every.size == 20_000 and sum(done) == 20_000
    assert u.totals == every[:1000].tolist()  # the held draws are the first ones
    assert u.mean == pytest.approx(every.mean(), rel=1e-12)
    assert u.sd == pytest.approx(every.std(ddof=1), rel=1e-9)
    assert u.p50 == pytest.approx(float(np.percentile(every[:1000], 50)), rel=1e-12)
    again: list[np.ndarray] = []
    lca.monte_carlo(20_000, 7, again.append)
    assert np.array_equal(np.concatenate(again), every)  # the same seed, the same draws


def test_held_draws_give_the_exact_statistics_of_a_small_run(ar6: GwpSet) -> None:
    lca = Lca(_chain(), ar6)
    streamed: list[np.ndarray] = []
    u = lca.monte_carlo(500, 3, streamed.append)
    every = np.concatenate(streamed)
    assert u.totals == every.tolist()
    assert u.mean == pytest.approx(every.mean(), rel=1e-13)
    assert u.p97_5 == float(np.percentile(every, 97.5))


@pytest.mark.usefixtures("small_blocks")
def test_memory_does_not_grow_with_the_number_of_draws(ar6: GwpSet) -> None:
    lca = Lca(_chain(), ar6)

    def peak(samples: int) -> int:
        tracemalloc.start()
        try:
            lca.monte_carlo(samples, 1)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(2_000)  # warm caches
    small, large = peak(20_000), peak(200_000)
    # Held whole, 200 000 draws would need 1.6 MB for the totals alone, ten times 20 000's.
    assert large < small * 1.5 + 200_000, (small, large)
