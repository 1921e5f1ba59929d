"""The generic product system: flows, unit processes, exchanges, elementary GHG flows.

Nothing here knows of rules or files. Amounts carry their unit as text; the builder
converts every exchange to its flow's unit (the unit its producer states) with pint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Origin = Literal["fossil", "biogenic", "dluc", "aircraft"]
ORIGINS: tuple[Origin, ...] = ("fossil", "biogenic", "dluc", "aircraft")
Distribution = Literal["lognormal", "normal", "triangular", "uniform"]
AllocationMethod = Literal["physical", "economic", "explicit", "substitution"]
CHARACTERISED = "CO2e"


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """A distribution around an exchange's amount.

    ``lognormal``: median = amount, ``sigma`` = standard deviation of ln(amount);
    ``normal``: mean = amount, ``sd``; ``triangular``: ``low``, mode = amount, ``high``;
    ``uniform``: ``low`` to ``high``.
    """

    distribution: Distribution
    sigma: float | None = None
    sd: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(slots=True)
class Exchange:
    """An amount of a technosphere flow produced or consumed by a process."""

    flow: str
    amount: float
    unit: str
    uncertainty: Uncertainty | None = None


@dataclass(slots=True)
class Emission:
    """An elementary GHG flow: a mass of one gas of one origin.

    ``samples`` are pre-drawn values (one per Monte Carlo draw) for amounts computed from
    uncertain inputs elsewhere (a study's formulas); ``primary`` and ``dqr`` describe the data.
    """

    gas: str
    amount: float
    unit: str = "kg"
    origin: Origin = "fossil"
    uncertainty: Uncertainty | None = None
    primary: bool = False
    dqr: float | None = None
    label: str = ""
    dqi: dict[str, float] | None = None  # scores per data-quality indicator (1 best)
    samples: np.ndarray | None = None


@dataclass(slots=True)
class Allocation:
    """How a multi-output process shares its burdens between its outputs.

    ``physical``: in proportion to ``properties[flow]`` × amount (e.g. MJ per unit), or to
    mass when ``properties`` is empty; ``economic``: ``properties`` are prices per unit;
    ``explicit``: ``factors`` given; ``substitution``: co-products are credited with the
    burden of the product they displace (their flows need another producer).
    """

    method: AllocationMethod
    properties: dict[str, float] = field(default_factory=dict)
    factors: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Process:
    """A unit process; its first output is its reference product."""

    id: str
    outputs: list[Exchange]
    inputs: list[Exchange] = field(default_factory=list)
    emissions: list[Emission] = field(default_factory=list)
    stage: str | None = None
    allocation: Allocation | None = None


@dataclass(slots=True)
class Dataset:
    """A background dataset: the cradle-to-gate GHG profile of one unit of a flow."""

    flow: str
    unit: str
    emissions: list[Emission]
    source: str
    stage: str | None = None
    dqr: float | None = None


@dataclass(slots=True)
class ProductSystem:
    """What is computed: the reference flow and the processes and datasets that supply it."""

    reference: Exchange
    processes: list[Process]
    datasets: list[Dataset] = field(default_factory=list)
    biogenic_carbon_per_unit: float = 0.0  # kg C in one unit (the flow's unit) of the product
    fossil_carbon_per_unit: float = 0.0
