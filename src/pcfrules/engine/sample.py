"""Drawing Monte Carlo samples of exchange amounts: one sampler, vectorised, seeded.

A system can have a hundred thousand uncertain exchanges, so a Python call per exchange
and block of draws would cost more than solving the draws. :class:`Sampler` checks every
distribution's parameters once, groups the exchanges by distribution and draws a whole
block (exchanges × draws) in a few numpy calls. Pre-drawn values (a study's formulas
propagate their own input uncertainty that way) are part of the same sampler: draw *k* is
their *k*-th value. :func:`draw` is the same code for a single amount, and
:func:`check_uncertainty` checks one without drawing.

Parameters must describe a distribution: finite; a lognormal ``sigma`` above 0 and at most
``MAX_LOGNORMAL_SIGMA``; a normal ``sd`` above 0; ``low`` below ``high`` (uniform), and
``low`` ≤ amount ≤ ``high`` (triangular). A sigma or sd of 0 is no uncertainty (leave the
distribution out); beyond sigma 3 the mean is exp(4.5) ≈ 90 times the median and the
central 95 % spans a factor of exp(2 × 1.96 × 3) ≈ 1.3 × 10⁵, so a footprint's statistics
would rest on a handful of draws. Both are refused rather than drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from pcfrules.engine.model import Distribution, Uncertainty
from pcfrules.errors import Location, ProductSystemError

_KINDS: tuple[Distribution, ...] = ("lognormal", "normal", "triangular", "uniform")
MAX_LOGNORMAL_SIGMA = 3.0


@dataclass
class _Group:
    """The sources of one distribution: their rows in a block and their parameters."""

    rows: np.ndarray
    amount: np.ndarray
    first: np.ndarray  # sigma (lognormal), sd (normal) or low (triangular, uniform)
    second: np.ndarray  # high (triangular, uniform), unused otherwise


class Sampler:
    """Draws blocks of values for many sources at once; parameters checked up front."""

    def __init__(
        self,
        amounts: np.ndarray,
        uncertainties: Sequence[Uncertainty | None],
        drawn: Sequence[np.ndarray | None],
        samples: int,
        where: Callable[[int], str],
    ) -> None:
        """Source *i* is ``amounts[i]`` with ``uncertainties[i]``, or its values ``drawn[i]``.

        ``where(i)`` names source *i* in errors (computed only when there is one).
        """
        self.size = len(amounts)
        given = [i for i, u in enumerate(uncertainties) if u is not None and drawn[i] is None]
        chosen = [u for u in (uncertainties[i] for i in given) if u is not None]
        table = _parameter_table(chosen)
        code = {name: k for k, name in enumerate(_KINDS)}
        kind = np.array([code[u.distribution] for u in chosen], dtype=np.int64)
        rows = np.array(given, dtype=np.int64)
        self.groups = {
            name: _group(rows[kind == k], table[kind == k], amounts, name, where)
            for k, name in enumerate(_KINDS)
        }
        pre_drawn = [i for i, values in enumerate(drawn) if values is not None]
        self.drawn_rows = np.array(pre_drawn, dtype=np.int64)
        self.drawn = np.array(
            [np.resize(np.asarray(drawn[i], dtype=float), samples) for i in pre_drawn]
        ).reshape(len(pre_drawn), samples)

    def block(self, rng: np.random.Generator, start: int, stop: int) -> np.ndarray:
        """Draws ``start:stop`` of every source, as (sources × draws) float64."""
        out = np.empty((self.size, stop - start))
        for kind, group in self.groups.items():
            if group.rows.size:
                out[group.rows] = _DRAW[kind](group, rng, stop - start)
        out[self.drawn_rows] = self.drawn[:, start:stop]
        return out

    def relative_spread(self) -> np.ndarray:
        """Each source's standard deviation over the magnitude of its mean (analytic)."""
        out = np.zeros(self.size)
        for kind, group in self.groups.items():
            if group.rows.size:
                out[group.rows] = _sd(group, kind) / np.maximum(np.abs(_mean(group, kind)), 1e-300)
        if self.drawn_rows.size:
            mean = np.abs(self.drawn.mean(axis=1))
            out[self.drawn_rows] = self.drawn.std(axis=1) / np.maximum(mean, 1e-300)
        return out


def draw(
    amount: float, uncertainty: Uncertainty, size: int, rng: np.random.Generator, where: str
) -> np.ndarray:
    """``size`` draws around ``amount``; parameters are checked, errors name ``where``."""
    sampler = Sampler(np.array([float(amount)]), [uncertainty], [None], size, lambda _: where)
    return np.asarray(sampler.block(rng, 0, size)[0])


def check_uncertainty(amount: float, uncertainty: Uncertainty, where: str) -> None:
    """Refuse ``uncertainty`` around ``amount`` if its parameters describe no distribution."""
    Sampler(np.array([float(amount)]), [uncertainty], [None], 0, lambda _: where)


def _parameter_table(chosen: Sequence[Uncertainty]) -> np.ndarray:
    """sigma, sd, low and high of each distribution (NaN where not given), read in C."""
    fields = attrgetter("sigma", "sd", "low", "high")
    table = np.array(list(map(fields, chosen)), dtype=float)
    return table.reshape(len(chosen), 4)


def _group(
    rows: np.ndarray,
    table: np.ndarray,
    amounts: np.ndarray,
    kind: Distribution,
    where: Callable[[int], str],
) -> _Group:
    """The sources of one distribution with their parameters, checked all at once."""
    amount = amounts[rows].astype(float)
    if kind in ("lognormal", "normal"):
        name = "sigma" if kind == "lognormal" else "sd"
        first = table[:, 0 if kind == "lognormal" else 1]
        top = MAX_LOGNORMAL_SIGMA if kind == "lognormal" else np.inf
        _check(rows, ~((first > 0) & (first <= top)) | ~np.isfinite(first), name, where)
        return _Group(rows, amount, first, np.zeros(rows.size))
    low, high = table[:, 2], table[:, 3]
    _check(rows, ~np.isfinite(low), "low", where)
    _check(rows, ~np.isfinite(high), "high", where)
    middle = amount if kind == "triangular" else low
    _check(rows, ~((low <= middle) & (middle <= high) & (low < high)), None, where)
    return _Group(rows, amount, low, high)


def _check(
    rows: np.ndarray, invalid: np.ndarray, name: str | None, where: Callable[[int], str]
) -> None:
    """Raise for the first source whose parameter ``name`` (None: the order) is invalid."""
    if invalid.any():
        raise _InvalidParameterError(name).error(where(int(rows[np.argmax(invalid)])))


def _lognormal(g: _Group, rng: np.random.Generator, k: int) -> np.ndarray:
    """Median = amount; drawn in float32 (half the time), returned as float64."""
    z = rng.standard_normal((g.rows.size, k), dtype=np.float32)
    z *= g.first[:, None].astype(np.float32)
    return g.amount[:, None] * np.exp(z, out=z)


def _normal(g: _Group, rng: np.random.Generator, k: int) -> np.ndarray:
    return g.amount[:, None] + g.first[:, None] * rng.standard_normal((g.rows.size, k))


def _uniform(g: _Group, rng: np.random.Generator, k: int) -> np.ndarray:
    return np.asarray(
        g.first[:, None] + (g.second - g.first)[:, None] * rng.random((g.rows.size, k))
    )


def _triangular(g: _Group, rng: np.random.Generator, k: int) -> np.ndarray:
    """Inverse distribution function of the triangle (low, mode = amount, high)."""
    low, mode, high = g.first[:, None], g.amount[:, None], g.second[:, None]
    width = np.maximum(high - low, 1e-300)
    u = rng.random((g.rows.size, k))
    cut = (mode - low) / width
    rising = low + np.sqrt(u * width * (mode - low))
    falling = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(high > low, np.where(u < cut, rising, falling), mode)


def _mean(g: _Group, kind: Distribution) -> np.ndarray:
    if kind == "lognormal":
        return g.amount * np.exp(g.first**2 / 2)
    if kind == "normal":
        return g.amount
    if kind == "uniform":
        return np.asarray((g.first + g.second) / 2)
    return np.asarray((g.first + g.amount + g.second) / 3)


def _sd(g: _Group, kind: Distribution) -> np.ndarray:
    if kind == "lognormal":
        return np.asarray(_mean(g, kind) * np.sqrt(np.expm1(g.first**2)))
    if kind == "normal":
        return g.first
    if kind == "uniform":
        return np.asarray((g.second - g.first) / np.sqrt(12))
    low, mode, high = g.first, g.amount, g.second
    return np.asarray(
        np.sqrt((low**2 + mode**2 + high**2 - low * mode - low * high - mode * high) / 18)
    )


_DRAW: dict[Distribution, Callable[[_Group, np.random.Generator, int], np.ndarray]] = {
    "lognormal": _lognormal,
    "normal": _normal,
    "triangular": _triangular,
    "uniform": _uniform,
}


class _InvalidParameterError(Exception):
    """A parameter is missing or out of order; the caller names the exchange."""

    def __init__(self, name: str | None) -> None:
        super().__init__(name)
        self.name = name

    def error(self, where: str) -> ProductSystemError:
        if self.name is None:
            return ProductSystemError(
                zh=f"{where}：不确定性应满足 low < high，三角分布还须 low ≤ 数值 ≤ high",
                en=f"{where}: uncertainty needs low < high, and low ≤ amount ≤ high (triangular)",
                location=Location(path=f"{where}.uncertainty"),
            )
        allowed = {
            "sigma": f"0 < sigma ≤ {MAX_LOGNORMAL_SIGMA:g}",
            "sd": "sd > 0",
        }.get(self.name, f"a finite {self.name}")
        return ProductSystemError(
            zh=f"{where}：不确定性缺少有效的参数 {self.name}（应为 {allowed}）",
            en=f"{where}: uncertainty needs a valid '{self.name}' ({allowed})",
            location=Location(path=f"{where}.uncertainty.{self.name}"),
        )
