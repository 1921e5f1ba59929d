"""Footprints from a linked background database: every product at once, and one explained.

:func:`scores` answers "what is the cradle-to-gate footprint of one unit of every product
in the database" with the engine's one adjoint solve (Aᵀ λ = Bᵀ c), characterised with a
pcfrules GWP set and, beside it, with the database's own climate-change method when it has
one. :func:`contributions` explains one product: which processes of its supply chain emit
how much. :func:`footprint` is what a study takes from a dataset.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

from pcfrules.background.link import Column, Technosphere, climate_method, technosphere
from pcfrules.background.model import Database, DatasetFootprint
from pcfrules.datasets import DEFAULT_GWP_SET, gwp_origin_values, gwp_values
from pcfrules.engine import GwpSet, Lca
from pcfrules.errors import BackgroundError, Location


@dataclass(frozen=True)
class Score:
    """One product's footprint per unit of its reference flow, both ways characterised."""

    process: str
    flow: str
    name_en: str
    name_zh: str
    location: str
    unit: str
    kg_co2e: float
    method_kg_co2e: float | None


@dataclass(frozen=True)
class Contribution:
    """One process's direct emissions in the supply chain of one unit of a product."""

    process: str
    name_en: str
    name_zh: str
    location: str
    activity: float
    kg_co2e: float


@dataclass
class Scores:
    """Every product's score, the solver that answered, and the GWP set used."""

    gwp_set: str
    method: str
    solver: str
    scores: list[Score]


def gwp_set(name: str = DEFAULT_GWP_SET) -> GwpSet:
    """A pcfrules GWP set as the engine takes it."""
    return GwpSet(name, gwp_values(name), gwp_origin_values(name))


def _lca(
    tech: Technosphere,
    b: tuple[np.ndarray, np.ndarray, np.ndarray],
    rows: list[tuple[str, str]],
    gwp: GwpSet,
) -> Lca:
    demand = np.zeros(len(tech.columns))
    if len(tech.columns):
        demand[0] = 1.0
    return Lca.from_arrays(tech.a, b, rows, gwp, demand)


def scores(db: Database, gwp_name: str = DEFAULT_GWP_SET) -> Scores:
    """Every product's cradle-to-gate footprint: one adjoint solve per characterisation."""
    tech = technosphere(db)
    if not tech.columns:
        return Scores(gwp_name, "", "", [])
    lca = _lca(tech, tech.b, tech.elementary, gwp_set(gwp_name))
    ours = lca.adjoint()
    solver = lca.solver
    theirs: np.ndarray | None = None
    found = climate_method(db)
    method = found.name if found is not None else ""
    if method:
        mine = _lca(tech, tech.method_b, tech.method_rows, GwpSet(method, {}))
        theirs = mine.adjoint()
    out = [
        _score(
            db,
            col,
            float(ours[j]),
            None if theirs is None else float(theirs[j]),
        )
        for j, col in enumerate(tech.columns)
    ]
    return Scores(gwp_name, method, solver, out)


def _score(db: Database, col: Column, ours: float, theirs: float | None) -> Score:
    process = db.processes[col.process]
    flow = db.flows[col.flow]
    return Score(
        process.uuid,
        flow.uuid,
        process.name_en,
        process.name_zh,
        process.location,
        flow.unit,
        ours,
        theirs,
    )


def _column_of(db: Database, tech: Technosphere, dataset: str) -> int:
    """The column of a process (its first supplied reference flow), or a bilingual refusal."""
    for j, col in enumerate(tech.columns):
        if col.process == dataset:
            return j
    known = dataset in db.processes
    why_zh = "已被排除（见就绪报告）" if known else "不在该数据库中"
    why_en = "was excluded (see the readiness report)" if known else "is not in the database"
    raise BackgroundError(
        zh=f"数据集 {dataset} {why_zh}：{db.name} {db.release}",
        en=f"the dataset {dataset} {why_en}: {db.name} {db.release}",
        location=Location(path=dataset),
    )


def contributions(
    db: Database, dataset: str, gwp_name: str = DEFAULT_GWP_SET, top: int = 20
) -> tuple[Score, list[Contribution]]:
    """One product's score and the ``top`` processes of its supply chain by direct emission."""
    tech = technosphere(db)
    j = _column_of(db, tech, dataset)
    lca = _lca(tech, tech.b, tech.elementary, gwp_set(gwp_name))
    demand = np.zeros(len(tech.columns))
    demand[j] = 1.0
    x = lca.supply(demand)
    direct = lca.cb * x
    total = float(direct.sum())
    order = np.argsort(-np.abs(direct))[:top]
    parts = [
        Contribution(
            tech.columns[i].process,
            db.processes[tech.columns[i].process].name_en,
            db.processes[tech.columns[i].process].name_zh,
            db.processes[tech.columns[i].process].location,
            float(x[i]),
            float(direct[i]),
        )
        for i in order
        if direct[i] != 0
    ]
    return _score(db, tech.columns[j], total, None), parts


def footprint(db: Database, dataset: str, gwp_name: str = DEFAULT_GWP_SET) -> DatasetFootprint:
    """What a study records of a background input: the dataset and its kg CO2e per unit."""
    score, _ = contributions(db, dataset, gwp_name, top=0)
    process = db.processes[dataset]
    return DatasetFootprint(
        database=db.name,
        release=db.release,
        uuid=dataset,
        name_en=process.name_en,
        name_zh=process.name_zh,
        location=process.location,
        licence=db.licence,
        source=db.source,
        unit=score.unit,
        kg_co2e=score.kg_co2e,
        gwp_set=gwp_name,
        year=process.year,
    )


SCORE_COLUMNS = ("process_uuid", "flow_uuid", "name_en", "name_zh", "location", "unit")


def scores_csv(result: Scores) -> bytes:
    """Every score as CSV (UTF-8 with BOM, so that a spreadsheet reads the Chinese names).

    The two score columns are named by what characterised them: the pcfrules GWP set, and
    the database's own climate-change method (empty where the database has none).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    method = result.method or "no method in the database"
    writer.writerow(
        [*SCORE_COLUMNS, f"kg CO2e per unit ({result.gwp_set})", f"kg CO2e per unit ({method})"]
    )
    for s in result.scores:
        theirs = "" if s.method_kg_co2e is None else repr(s.method_kg_co2e)
        writer.writerow(
            [s.process, s.flow, s.name_en, s.name_zh, s.location, s.unit, repr(s.kg_co2e), theirs]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
