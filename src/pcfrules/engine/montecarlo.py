"""Monte Carlo: the one implementation, stacked draws solved together, blocks on all cores.

Every uncertain exchange (a distribution, or values a study drew beforehand) is drawn by
the one :class:`~pcfrules.engine.sample.Sampler`, as written, and scaled like its amount
into each matrix entry it makes. Draws go in blocks sized to the matrix: the block's
technosphere draws are solved together by :class:`~pcfrules.engine.stacked.StackedSolver`
(verified per draw, direct fallback), and the totals follow from the intervention values
without forming B per draw. Blocks run on threads (sparse products and numpy release the
GIL), each with its own random stream spawned from the seed and a block size that depends
only on the matrix, so the same seed gives the same draws on any machine.

Rank correlation needs every draw of an input; holding that for a hundred thousand inputs
would cost more memory than the solve, so it is reported for the inputs that can matter
most — the largest |elasticity| × relative spread, up to ``RANKED_INPUTS`` (all of them in
any study of ordinary size). Elasticities are exact, from the adjoint.

Memory does not grow with the number of draws beyond a bound: blocks are solved in waves
of a few per worker, the mean and standard deviation are running sums over every draw
(Chan's pairwise update), and only the first :data:`~pcfrules.limits.HELD_DRAWS` draws
are held whole — for the percentiles, the rank correlations and the result's ``draws``.
Draws are independent, so those are a random sample of all of them; every draw in full
goes to ``sink`` (``calc --draws-out``), in order, only when one is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from pcfrules.engine import sensitivity
from pcfrules.engine.results import Uncertainty
from pcfrules.engine.sample import Sampler
from pcfrules.engine.stacked import StackedSolver
from pcfrules.engine.tables import Entries, positions
from pcfrules.limits import HELD_DRAWS

if TYPE_CHECKING:
    from pcfrules.engine.lca import Lca

BLOCK_FLOATS = 400_000  # non-zeros of one block of stacked draws: small enough to stay in cache
WORKERS = min(4, os.cpu_count() or 1)
RANKED_INPUTS = 100
WAVE = 4  # blocks per worker solved before their totals are summarised and passed on


class _Draws:
    """Which entries of A and B vary, and how a block of source draws becomes their values."""

    def __init__(self, lca: Lca, samples: int) -> None:
        m = lca.m
        sources = m.sources
        self.sampler = Sampler(
            sources.amounts,
            sources.uncertainties,
            sources.drawn,
            samples,
            lambda i: m.label(int(sources.exchange[i])),
        )
        size = int(max(m.a.exchange.max(initial=-1), m.b.exchange.max(initial=-1))) + 1
        self.source_of = np.full(size, -1, np.int64)
        self.source_of[sources.exchange] = np.arange(sources.exchange.size)
        self.a_entries = np.flatnonzero(self.source_of[m.a.exchange] >= 0)
        self.b_entries = np.flatnonzero(self.source_of[m.b.exchange] >= 0)
        at = positions(m.technosphere, m.a.rows[self.a_entries], m.a.cols[self.a_entries])
        self.a_positions, inverse = np.unique(at, return_inverse=True)
        self.add_up = sp.csr_matrix(
            (np.ones(at.size), (inverse, np.arange(at.size))),
            shape=(self.a_positions.size, at.size),
        )

    def values(self, entries: Entries, chosen: np.ndarray, drawn: np.ndarray) -> np.ndarray:
        """Drawn values of the chosen entries (entries × draws), as the matrix holds them."""
        source = self.source_of[entries.exchange[chosen]]
        return np.asarray(drawn[source] * entries.scale[chosen, None])


def monte_carlo(
    lca: Lca,
    samples: int,
    seed: int,
    sink: Callable[[np.ndarray], object] | None = None,
    advance: Callable[[int], object] | None = None,
) -> Uncertainty:
    """``samples`` draws of the total with the given seed; statistics and sensitivity.

    ``sink`` receives the totals of every block of draws, in draw order; ``advance`` the
    number of draws done after each wave (for a progress bar).
    """
    m = lca.m
    draws = _Draws(lca, samples)
    elasticity = sensitivity.by_exchange(lca)
    ranked = _ranked_sources(draws, elasticity, m.sources.exchange)
    solver = StackedSolver(m.technosphere, draws.a_positions)
    mean_x = lca.supply()
    block = max(1, min(samples, BLOCK_FLOATS // max(m.technosphere.nnz, 1)))
    held = min(samples, HELD_DRAWS.value)
    held_totals = np.empty(held)
    kept = np.empty((ranked.size, held))
    summary = _Summary()

    def run(start: int) -> np.ndarray:
        stop = min(samples, start + block)
        # The i-th child of SeedSequence(seed), made when its block is: the same streams
        # as ``spawn`` gives, without a list of generators as long as the blocks.
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(start // block,)))
        drawn = draws.sampler.block(rng, start, stop)
        if start < held:
            kept[:, start : min(stop, held)] = drawn[ranked, : min(stop, held) - start]
        x = _supply(lca, draws, solver, mean_x, drawn)
        return _totals(lca, draws, x, drawn)

    workers = max(1, min(WORKERS, -(-samples // block)))
    with ThreadPoolExecutor(workers) as pool:
        for wave in _waves(samples, block, workers * WAVE):
            for start, totals in zip(wave, pool.map(run, wave), strict=True):
                summary.add(totals)
                if start < held:
                    held_totals[start : start + totals.size] = totals[: held - start]
                if sink is not None:
                    sink(totals)
            if advance is not None:
                advance(min(samples, wave[-1] + block) - wave[0])
    lca.fallbacks += solver.fallbacks
    labels = [m.label(int(m.sources.exchange[i])) for i in ranked.tolist()]
    return Uncertainty(
        samples=samples,
        seed=seed,
        mean=summary.mean,
        sd=summary.sd(),
        p2_5=float(np.percentile(held_totals, 2.5)),
        p50=float(np.percentile(held_totals, 50)),
        p97_5=float(np.percentile(held_totals, 97.5)),
        rank_correlation=_rank_correlation(labels, kept, held_totals),
        elasticities=sensitivity.largest(lca, elasticity),
        totals=held_totals.tolist(),
    )


def _waves(samples: int, block: int, size: int) -> Iterator[list[int]]:
    """The starts of the blocks, a wave of ``size`` blocks at a time."""
    starts = range(0, samples, block)
    for first in range(0, len(starts), size):
        yield list(starts[first : first + size])


@dataclass
class _Summary:
    """Count, mean and sum of squared deviations of every draw seen, updated per block."""

    count: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, totals: np.ndarray) -> None:
        """Fold one block in (Chan, Golub & LeVeque 1979: pairwise update of mean and M2)."""
        n = totals.size
        block_mean = float(totals.mean())
        delta = block_mean - self.mean
        count = self.count + n
        self.m2 += float(((totals - block_mean) ** 2).sum()) + delta**2 * self.count * n / count
        self.mean += delta * n / count
        self.count = count

    def sd(self) -> float:
        """The sample standard deviation (0 for a single draw)."""
        return (self.m2 / (self.count - 1)) ** 0.5 if self.count > 1 else 0.0


def _ranked_sources(draws: _Draws, elasticity: np.ndarray, exchange: np.ndarray) -> np.ndarray:
    """The sources whose rank correlation is reported (all, up to ``RANKED_INPUTS``)."""
    if exchange.size <= RANKED_INPUTS:
        return np.arange(exchange.size)
    weight = np.abs(elasticity[exchange]) * draws.sampler.relative_spread()
    return np.sort(np.argsort(-weight, kind="stable")[:RANKED_INPUTS])


def _supply(
    lca: Lca, draws: _Draws, solver: StackedSolver, mean_x: np.ndarray, drawn: np.ndarray
) -> np.ndarray:
    """X (n × draws) of a block; the mean supply when no technosphere value varies."""
    k = drawn.shape[1]
    if draws.a_entries.size == 0:
        return np.repeat(mean_x[:, None], k, axis=1)
    a = lca.m.a
    delta = draws.values(a, draws.a_entries, drawn) - a.values[draws.a_entries, None]
    values = lca.m.technosphere.data[draws.a_positions, None] + draws.add_up @ delta
    return solver.solve(lca.m.demand, mean_x, np.asarray(values))


def _totals(lca: Lca, draws: _Draws, x: np.ndarray, drawn: np.ndarray) -> np.ndarray:
    """cᵀ B_k x_k per draw: the mean B, plus what the drawn intervention values change."""
    b, chosen = lca.m.b, draws.b_entries
    base = np.einsum("i,ik->k", lca.cb, x)
    if chosen.size == 0:
        return np.asarray(base)
    delta = draws.values(b, chosen, drawn) - b.values[chosen, None]
    change = delta * lca.c[b.rows[chosen], None] * x[b.cols[chosen], :]
    return np.asarray(base + change.sum(axis=0))


def _rank_correlation(labels: list[str], kept: np.ndarray, totals: np.ndarray) -> dict[str, float]:
    """Spearman correlation of each uncertain input with the total, largest first."""
    varies = np.ptp(kept, axis=1) > 0 if kept.size else np.zeros(len(labels), bool)
    if len(totals) < 3 or np.ptp(totals) == 0 or not varies.any():
        return {}
    ranks = _centred_ranks(kept[varies])
    ranked_total = _centred_ranks(totals[None, :])[0]
    correlation = np.einsum("ij,j->i", ranks, ranked_total) / np.sqrt(
        np.einsum("ij,ij->i", ranks, ranks) * np.einsum("j,j->", ranked_total, ranked_total)
    )
    chosen = [label for label, v in zip(labels, varies.tolist(), strict=True) if v]
    out = dict(zip(chosen, correlation.tolist(), strict=True))
    return dict(sorted(out.items(), key=lambda kv: -abs(kv[1])))


def _centred_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks along each row, ties sharing their average rank, minus the mean rank.

    Pre-drawn values repeat when fewer were given than draws, so ties are real.
    """
    order = np.argsort(values, axis=1, kind="stable")
    ordered = np.take_along_axis(values, order, axis=1)
    k = values.shape[1]
    starts = np.ones(ordered.shape, bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    ends = np.ones(ordered.shape, bool)
    ends[:, :-1] = starts[:, 1:]
    index = np.broadcast_to(np.arange(k), ordered.shape)
    first = np.maximum.accumulate(np.where(starts, index, 0), axis=1)
    last = np.minimum.accumulate(np.where(ends, index, k)[:, ::-1], axis=1)[:, ::-1]
    ranks = np.empty(ordered.shape)
    np.put_along_axis(ranks, order, (first + last) / 2 - (k - 1) / 2, axis=1)
    return ranks
