"""GWP100 characterisation of the elementary flows (gas, origin) of a system.

The engine does not read data files: the caller hands it a :class:`GwpSet` (name, values
per gas and, where the IPCC gives one, a value per gas and origin, e.g. fossil and
non-fossil methane), which ``pcfrules.datasets`` provides from the shipped IPCC tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from pcfrules.engine.model import CHARACTERISED
from pcfrules.errors import Location, ProductSystemError


@dataclass(frozen=True)
class GwpSet:
    """A named set of GWP100 values per gas (``AR6-GWP100`` …).

    ``by_origin`` holds the values that depend on the emission's origin, keyed by
    (gas, origin); they take precedence over ``values`` for that origin.
    """

    name: str
    values: Mapping[str, float]
    by_origin: Mapping[tuple[str, str], float] = field(default_factory=dict)

    def factor(self, gas: str, origin: str) -> float | None:
        """The GWP100 applied to ``gas`` of ``origin``; None when the set has none."""
        if gas == CHARACTERISED:
            return 1.0
        if (gas, origin) in self.by_origin:
            return self.by_origin[(gas, origin)]
        return self.values.get(gas)


def gwp_vector(elementary: list[tuple[str, str]], gwp: GwpSet) -> np.ndarray:
    """The GWP100 of each (gas, origin) row; ``CO2e`` is already characterised (1)."""
    out = np.empty(len(elementary))
    for i, (gas, origin) in enumerate(elementary):
        value = gwp.factor(gas, origin)
        if value is not None:
            out[i] = value
        else:
            raise ProductSystemError(
                zh=f"气体“{gas}”在 GWP 集 {gwp.name} 中没有数值",
                en=f"gas '{gas}' has no value in GWP set {gwp.name}",
                location=Location(path=f"emissions.{gas}"),
            )
    return out
