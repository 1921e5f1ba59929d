"""Drawing Monte Carlo samples of exchange amounts (vectorised, seeded)."""

from __future__ import annotations

import numpy as np

from pcfrules.engine.model import Uncertainty
from pcfrules.errors import Location, ProductSystemError


def draw(
    amount: float, uncertainty: Uncertainty, size: int, rng: np.random.Generator, where: str
) -> np.ndarray:
    """``size`` draws around ``amount``; parameters are checked, errors name ``where``."""
    kind = uncertainty.distribution
    if kind == "lognormal":
        sigma = _need(uncertainty.sigma, "sigma", where)
        return amount * np.exp(rng.normal(0.0, sigma, size))
    if kind == "normal":
        return amount + rng.normal(0.0, _need(uncertainty.sd, "sd", where), size)
    low, high = _need(uncertainty.low, "low", where), _need(uncertainty.high, "high", where)
    if kind == "uniform":
        _order(low, high, high, where)
        return rng.uniform(low, high, size)
    _order(low, amount, high, where)
    return rng.triangular(low, amount, high, size) if high > low else np.full(size, amount)


def _need(value: float | None, name: str, where: str) -> float:
    if value is None or not np.isfinite(value) or (value < 0 and name in {"sigma", "sd"}):
        raise ProductSystemError(
            zh=f"{where}：不确定性缺少有效的参数 {name}",
            en=f"{where}: uncertainty needs a valid '{name}'",
            location=Location(path=f"{where}.uncertainty.{name}"),
        )
    return float(value)


def _order(low: float, mid: float, high: float, where: str) -> None:
    if not low <= mid <= high:
        raise ProductSystemError(
            zh=f"{where}：不确定性应满足 low ≤ 数值 ≤ high",
            en=f"{where}: uncertainty needs low ≤ amount ≤ high",
            location=Location(path=f"{where}.uncertainty"),
        )
