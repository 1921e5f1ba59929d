"""GWP100 characterisation of the elementary flows (gas, origin) of a system.

The engine does not read data files: the caller hands it a :class:`GwpSet` (name and
values per gas), which ``pcfrules.datasets`` provides from the shipped IPCC tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from pcfrules.engine.model import CHARACTERISED
from pcfrules.errors import Location, ProductSystemError


@dataclass(frozen=True)
class GwpSet:
    """A named set of GWP100 values per gas (``AR6-GWP100`` …)."""

    name: str
    values: Mapping[str, float]


def gwp_vector(elementary: list[tuple[str, str]], gwp: GwpSet) -> np.ndarray:
    """The GWP100 of each (gas, origin) row; ``CO2e`` is already characterised (1)."""
    out = np.empty(len(elementary))
    for i, (gas, _origin) in enumerate(elementary):
        if gas == CHARACTERISED:
            out[i] = 1.0
        elif gas in gwp.values:
            out[i] = gwp.values[gas]
        else:
            raise ProductSystemError(
                zh=f"气体“{gas}”在 GWP 集 {gwp.name} 中没有数值",
                en=f"gas '{gas}' has no value in GWP set {gwp.name}",
                location=Location(path=f"emissions.{gas}"),
            )
    return out
