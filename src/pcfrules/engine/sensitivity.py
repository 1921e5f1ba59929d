"""One-at-a-time elasticities of the total, exact, from one adjoint solve.

For h = cᵀ B A⁻¹ f with supply x and adjoint λ = A⁻ᵀ Bᵀ c: a technosphere entry a_ij moves
h by ∂h/∂a_ij = −λ_i x_j, an intervention entry b_gj by c_g x_j. The elasticity is
(a / h) ∂h/∂a: the % change of the total for a 1 % change of that exchange.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pcfrules.engine.lca import Lca

TOP = 20


def elasticities(lca: Lca, top: int = TOP) -> dict[str, float]:
    """The ``top`` largest elasticities (by magnitude) of the total, by exchange label."""
    x = lca.supply()
    lam = lca.adjoint()
    total = float(lca.c @ (lca.m.intervention @ x))
    if total == 0:
        return {}
    out: dict[str, float] = {}
    for entry in lca.m.entries:
        if entry.matrix == "A":
            derivative = -lam[entry.row] * x[entry.col]
        else:
            derivative = lca.c[entry.row] * x[entry.col]
        value = float(entry.amount * derivative / total)
        out[entry.label] = out.get(entry.label, 0.0) + value
    ranked = sorted(out.items(), key=lambda kv: -abs(kv[1]))
    return {k: v for k, v in ranked[:top] if abs(v) > 1e-12}
