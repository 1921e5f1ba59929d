"""The generic LCA engine: product systems, sparse matrices, solving, characterisation.

Owns the arithmetic of footprints. It knows nothing of rules, studies or files: a caller
builds a :class:`ProductSystem` and hands it a :class:`GwpSet`.
"""

from __future__ import annotations

from pcfrules.engine.characterise import GwpSet
from pcfrules.engine.lca import Lca
from pcfrules.engine.model import (
    Allocation,
    Dataset,
    Emission,
    Exchange,
    Process,
    ProductSystem,
    Uncertainty,
)
from pcfrules.engine.results import Footprint, TreeNode

__all__ = [
    "Allocation",
    "Dataset",
    "Emission",
    "Exchange",
    "Footprint",
    "GwpSet",
    "Lca",
    "Process",
    "ProductSystem",
    "TreeNode",
    "Uncertainty",
]
