"""The synthetic systems as ``ProductSystem`` objects: the input studies hand the engine.

pcfrules side only (bw2calc's venv has no pcfrules); building these objects is input
preparation, so the benchmark does not time it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from synthetic import GASES, Synthetic

from pcfrules.engine import Emission, Exchange, Process, ProductSystem, Uncertainty


def product_system(s: Synthetic) -> ProductSystem:
    """The same system as objects, the way studies build them: processes, kg, three gases.

    CH4 and N2O are written in grams, so the build converts units as it does for studies;
    every uncertain value carries its lognormal ``Uncertainty``. The exchanges are made
    process by process (the triplets taken in column order), as a study writes each process
    with its own exchanges; made in the arrays' row order instead, one process's objects would
    lie scattered in memory, which no study does.
    """
    s = _in_column_order(s)
    flows = [f"product {i}" for i in range(s.n)]
    sigma_of = {0.0: None}
    inputs: list[list[Exchange]] = [[] for _ in range(s.n)]
    for row, col, value, sigma in zip(
        s.tech_rows.tolist(),
        s.tech_cols.tolist(),
        s.tech_vals.tolist(),
        s.tech_sigma.tolist(),
        strict=True,
    ):
        inputs[col].append(Exchange(flows[row], value, "kg", _lognormal(sigma, sigma_of)))
    emissions: list[list[Emission]] = [[] for _ in range(s.n)]
    for row, col, value, sigma in zip(
        s.bio_rows.tolist(),
        s.bio_cols.tolist(),
        s.bio_vals.tolist(),
        s.bio_sigma.tolist(),
        strict=True,
    ):
        unit, scale = ("kg", 1.0) if row == 0 else ("g", 1000.0)
        emissions[col].append(
            Emission(GASES[row], value * scale, unit, uncertainty=_lognormal(sigma, sigma_of))
        )
    processes = [
        Process(f"process {i}", [Exchange(flows[i], 1.0, "kg")], inputs[i], emissions[i])
        for i in range(s.n)
    ]
    return ProductSystem(Exchange(flows[s.n // 2], 1.0, "kg"), processes)


def _in_column_order(s: Synthetic) -> Synthetic:
    """The same system with its technosphere and intervention triplets sorted by column."""
    tech = np.argsort(s.tech_cols, kind="stable")
    bio = np.argsort(s.bio_cols, kind="stable")
    return replace(
        s,
        tech_rows=s.tech_rows[tech],
        tech_cols=s.tech_cols[tech],
        tech_vals=s.tech_vals[tech],
        tech_sigma=s.tech_sigma[tech],
        bio_rows=s.bio_rows[bio],
        bio_cols=s.bio_cols[bio],
        bio_vals=s.bio_vals[bio],
        bio_sigma=s.bio_sigma[bio],
    )


def _lognormal(sigma: float, known: dict[float, Uncertainty | None]) -> Uncertainty | None:
    if sigma not in known:
        known[sigma] = Uncertainty("lognormal", sigma=sigma)
    return known[sigma]
