"""What a footprint computation returns, and its JSON form (documented in docs/schema)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class TreeNode:
    """A node of the upstream contribution tree (kg CO2e per functional unit)."""

    process: str
    stage: str | None
    upstream: float
    direct: float
    children: list[TreeNode] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of the node and its children."""
        return {
            "process": self.process,
            "stage": self.stage,
            "upstream": self.upstream,
            "direct": self.direct,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Uncertainty:
    """Monte Carlo statistics of the total and rank-correlation sensitivity."""

    samples: int
    seed: int
    mean: float
    sd: float
    p2_5: float
    p50: float
    p97_5: float
    rank_correlation: dict[str, float]
    elasticities: dict[str, float]
    totals: list[float] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape, with the totals of every draw (for histograms and exports)."""
        return {
            "samples": self.samples,
            "seed": self.seed,
            "mean": self.mean,
            "sd": self.sd,
            "percentiles": {"2.5": self.p2_5, "50": self.p50, "97.5": self.p97_5},
            "sensitivity": {
                "rank_correlation": self.rank_correlation,
                "elasticities": self.elasticities,
            },
            "draws": self.totals,
        }


@dataclass
class Footprint:
    """The footprint of one demand, broken down every way GB/T 24067 and PACT ask."""

    gwp_set: str
    solver: str
    reference: dict[str, Any]
    total: float
    inventory: dict[str, dict[str, float]]
    by_origin: dict[str, float]
    by_gas: dict[str, float]
    characterisation: dict[str, dict[str, float]]
    by_stage: dict[str, float]
    by_process: dict[str, float]
    dqr: float | None
    dqi: dict[str, float] | None
    primary_data_share: float
    allocation: dict[str, dict[str, Any]]
    tree: TreeNode
    biogenic_carbon: float = 0.0
    fossil_carbon: float = 0.0
    uncertainty: Uncertainty | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``pcfrules.result/1`` JSON body (the caller adds rule and study)."""
        data: dict[str, Any] = {
            "gwp_set": self.gwp_set,
            "solver": self.solver,
            "functional_unit": self.reference,
            "total": {"value": self.total, "unit": "kg CO2e"},
            "inventory": self.inventory,
            "by_origin": self.by_origin,
            "by_gas": self.by_gas,
            "characterisation": self.characterisation,
            "by_stage": self.by_stage,
            "by_process": self.by_process,
            "dqr": self.dqr,
            "dqi": self.dqi,
            "primary_data_share": self.primary_data_share,
            "allocation": self.allocation,
            "contribution_tree": self.tree.to_dict(),
            "biogenic_carbon_content": {"value": self.biogenic_carbon, "unit": "kg C"},
            "fossil_carbon_content": {"value": self.fossil_carbon, "unit": "kg C"},
        }
        if self.uncertainty is not None:
            data["uncertainty"] = self.uncertainty.to_dict()
        return data
