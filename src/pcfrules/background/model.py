"""What a background database is once read: flows, processes, exchanges, methods, problems.

These plain records are what the ILCD reader (:mod:`.ilcd`) makes, what the store
(:mod:`.store`) saves and loads, what the linker (:mod:`.link`) turns into a technosphere and
what the readiness report (:mod:`.readiness`) lists. Every amount is in the reference unit of
its flow's reference flow property (ILCD's own convention), the unit named on the flow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FlowKind = Literal["product", "waste", "elementary"]
Direction = Literal["input", "output"]


@dataclass(frozen=True, slots=True)
class Flow:
    """A flow dataset: what it is, its unit, and for a GHG the pcfrules gas it maps to.

    ``gas``/``origin`` are set for an elementary flow mapped to a pcfrules gas (see
    :mod:`.gases`); ``quantity`` names the reference flow property (mass, energy, market value …).
    """

    uuid: str
    kind: FlowKind
    name_en: str
    name_zh: str
    unit: str
    quantity: str
    cas: str = ""
    category: str = ""
    gas: str = ""
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Exchange:
    """One line of a process's inventory, per the process's own reference amount."""

    flow: str  # the flow's UUID
    direction: Direction
    amount: float
    reference: bool = False


@dataclass(frozen=True, slots=True)
class Process:
    """A process dataset: its identity, where and when it applies, and its exchanges.

    ``reference`` is the UUID of the reference flow the process supplies (empty when the
    dataset names none that can be used); ``reference_amount`` its amount as written.
    """

    uuid: str
    version: str
    name_en: str
    name_zh: str
    location: str
    classification: str
    kind: str
    year: int | None
    reference: str
    reference_amount: float
    exchanges: tuple[Exchange, ...]
    licence: str = ""


@dataclass(frozen=True, slots=True)
class Method:
    """An LCIA method of the database: characterisation factors per elementary flow UUID.

    A factor applies to the signed amount (outputs positive, inputs negative): a factor the
    method states for an input (CO2 taken from the air) is kept with its sign turned, so that
    one product of signed amount and factor gives the score either way.
    """

    uuid: str
    name: str
    unit: str
    factors: dict[str, float] = field(default_factory=dict)


Severity = Literal["excluded", "cut-off", "flagged", "chosen"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One fault met while reading or linking, with the stable code of its kind.

    ``datasets`` are the UUIDs concerned (process first); ``action`` is what was done about it
    (``excluded``: left out of the computable system; ``cut-off``: one exchange left out;
    ``flagged``: kept as written and listed; ``chosen``: a provider chosen by the stated rule).
    """

    code: str
    datasets: tuple[str, ...]
    detail: str
    action: Severity


@dataclass(frozen=True, slots=True)
class Link:
    """Which process supplies one product input of one process, and by which rule."""

    consumer: str
    flow: str
    provider: str
    rule: str  # only · same-location · country · default · override


@dataclass
class Database:
    """A named release of a background database, everything in it, and what it is under.

    ``digest`` is the SHA-256 of the files read (in name order), so that importing the same
    release twice is seen as the same and changes nothing.
    """

    name: str
    release: str
    source: str
    licence: str
    digest: str
    flows: dict[str, Flow] = field(default_factory=dict)
    processes: dict[str, Process] = field(default_factory=dict)
    methods: dict[str, Method] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class DatasetFootprint:
    """The cradle-to-gate footprint of one unit of a background dataset's reference flow.

    What a study records of a background input: the database and its release, the dataset's
    id, name, location, licence and source, the unit, and the kg CO2e per unit under the GWP
    set it was characterised with.
    """

    database: str
    release: str
    uuid: str
    name_en: str
    name_zh: str
    location: str
    licence: str
    source: str
    unit: str
    kg_co2e: float
    gwp_set: str
    year: int | None
