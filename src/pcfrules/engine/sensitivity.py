"""One-at-a-time elasticities of the total, exact, from one adjoint solve, for every exchange.

For h = cᵀ B A⁻¹ f with supply x and adjoint λ = A⁻ᵀ Bᵀ c: a technosphere entry a_ij moves
h by ∂h/∂a_ij = −λ_i x_j, an intervention entry b_gj by c_g x_j. The elasticity is
(a / h) ∂h/∂a: the % change of the total for a 1 % change of that exchange. The entries of
one exchange (an input split by allocation) add up; all of it is two gathers and a count,
so it costs no more than the footprint, and only the largest get a label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from pcfrules.engine.lca import Lca

TOP = 20


def by_exchange(lca: Lca) -> np.ndarray:
    """The elasticity of the total to every exchange, indexed by exchange id."""
    x, lam, m = lca.supply(), lca.adjoint(), lca.m
    total = float(np.einsum("i,i->", lca.cb, x))
    a, b = m.a, m.b
    size = int(max(a.exchange.max(initial=-1), b.exchange.max(initial=-1))) + 1
    if total == 0:
        return np.zeros(size)
    weights = np.concatenate(
        [-lam[a.rows] * x[a.cols] * a.values, lca.c[b.rows] * x[b.cols] * b.values]
    )
    exchanges = np.concatenate([a.exchange, b.exchange])
    return np.bincount(exchanges, weights=weights, minlength=size) / total


def elasticities(lca: Lca, top: int = TOP) -> dict[str, float]:
    """The ``top`` largest elasticities (by magnitude) of the total, by exchange label."""
    return largest(lca, by_exchange(lca), top)


def largest(lca: Lca, values: np.ndarray, top: int = TOP) -> dict[str, float]:
    """The ``top`` largest of elasticities already computed by :func:`by_exchange`."""
    candidates = np.argsort(-np.abs(values), kind="stable")[: 4 * top]
    out: dict[str, float] = {}
    for i in candidates.tolist():  # exchanges written twice under one name add up
        label = lca.m.label(i)
        out[label] = out.get(label, 0.0) + float(values[i])
    ranked = sorted(out.items(), key=lambda kv: -abs(kv[1]))
    return {k: v for k, v in ranked[:top] if abs(v) > 1e-12}
