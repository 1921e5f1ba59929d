"""Linking a background database into a technosphere, by stated rules, each case counted.

An ILCD database is a set of processes, not yet a system: an input names a flow, not who
makes it. :func:`link` chooses, for every product input and every waste output, the process
that supplies it, and records each choice (:class:`~pcfrules.background.model.Link`) and each
fault met (:class:`~pcfrules.background.model.Problem`). :func:`technosphere` builds the
matrices from those links. The rules, in order:

1. **Providers.** An input is supplied by a process whose reference flow it is, made as an
   output; an output (a waste, or a residue typed as a product) by a process whose reference
   flow it is, taken as an input (a treatment). A process excluded when read is no provider.
2. **Several providers.** An override the user gave for the flow; else the one in the same
   location as the consumer; else one in the same country (``SD-CN`` is in ``CN``); else the
   default: one in the database's most common location, else the first by UUID. Ties fall to
   the first by UUID. Each choice is recorded with the rule that made it.
3. **No provider.** The input (or the untreated waste) is cut off and counted.
4. **Own product used.** Counted by net output when less than the output; a process that
   uses as much as it makes or more is excluded.
5. **Co-products.** Several reference flows all measured in mass are allocated by mass;
   otherwise the whole burden goes to the first. A product output that is no reference flow
   and that no process treats (a by-product) earns no credit and takes no share.
6. **Blocks that cannot be normalised.** Each strongly connected block of the system (a loop
   of processes supplying one another, an input-output table per currency unit) must be
   solvable with no negative activity; a block that is not is excluded, and the inputs other
   processes took from it are cut off.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import splu

from pcfrules.background.model import (
    Database,
    Direction,
    Exchange,
    Link,
    Method,
    Problem,
    Process,
)
from pcfrules.engine.tables import Triplets

MASS = {"kg"}
CURRENCIES = {"eur", "usd", "cny", "rmb", "yuan", "元", "jpy", "gbp"}
NEGATIVE_ACTIVITY = 1e-9


@dataclass(frozen=True)
class Column:
    """One column of the technosphere: a process making one of its reference flows."""

    process: str
    flow: str
    sign: float  # +1: the reference is an output (a product); -1: an input (a treatment)
    share: float  # the co-product's allocation share (1 for a single reference flow)
    amount: float  # the reference amount as written (summed when written twice)


@dataclass
class Technosphere:
    """The linked system as triplets, its columns, and its rows of elementary flows."""

    columns: list[Column]
    a: Triplets
    b: Triplets
    elementary: list[tuple[str, str]]
    method_b: Triplets  # the database's own climate method, one row per origin (CO2e)
    method_rows: list[tuple[str, str]]


def excluded(db: Database) -> set[str]:
    """The processes a problem excluded."""
    return {p.datasets[0] for p in db.problems if p.action == "excluded"}


def link(db: Database, overrides: Mapping[str, str] | None = None) -> Database:
    """The database with its links chosen and its linking problems added (in place).

    ``overrides`` maps a flow UUID to the process UUID that supplies it wherever it is used.
    """
    overrides = dict(overrides or {})
    db.links.clear()
    db.problems[:] = [p for p in db.problems if p.code not in LINK_CODES]
    _currency(db)
    _self_use(db)
    _coproducts(db)
    providers = _providers(db)
    home = _home(db)
    many: Counter[str] = Counter()
    for process in _usable(db):
        for ex in process.exchanges:
            _link_one(db, process, ex, providers, overrides, home, many)
    for flow, n in sorted(many.items()):
        count = len(providers[flow])
        db.problems.append(
            Problem("BG-PROVIDERS-MANY", (flow,), f"{count} providers, {n} uses", "chosen")
        )
    _exclude_unsolvable(db)
    return db


LINK_CODES = {
    "BG-PROVIDERS-MANY",
    "BG-NO-PROVIDER",
    "BG-WASTE-UNTREATED",
    "BG-SELF-USE",
    "BG-SELF-USE-UNPRODUCTIVE",
    "BG-COPRODUCT",
    "BG-BYPRODUCT",
    "BG-CURRENCY-BLOCK",
    "BG-SINGULAR",
    "BG-UPSTREAM-EXCLUDED",
}


def _usable(db: Database) -> list[Process]:
    out = excluded(db)
    return [p for uuid, p in sorted(db.processes.items()) if uuid not in out]


def _references(process: Process) -> list[Exchange]:
    """The reference exchanges, one per flow and direction.

    A flow written twice as reference counts once with its amounts added: a dataset that
    lists its product twice makes it once.
    """
    merged: dict[tuple[str, Direction], float] = {}
    for ex in process.exchanges:
        if ex.reference:
            key = (ex.flow, ex.direction)
            merged[key] = merged.get(key, 0.0) + ex.amount
    return [Exchange(flow, direction, amount, True) for (flow, direction), amount in merged.items()]


def _self_use(db: Database) -> None:
    """Rule 4: a process using its own reference product, by its net output."""
    for process in _usable(db):
        made = sum(ex.amount for ex in _references(process) if ex.direction == "output")
        used = sum(
            ex.amount
            for ex in process.exchanges
            if not ex.reference and ex.flow == process.reference and ex.direction == "input"
        )
        if used == 0 or made == 0:
            continue
        detail = f"uses {used:g} of {made:g} made"
        if used >= made:
            db.problems.append(
                Problem("BG-SELF-USE-UNPRODUCTIVE", (process.uuid,), detail, "excluded")
            )
        else:
            db.problems.append(Problem("BG-SELF-USE", (process.uuid,), detail, "flagged"))


def _coproducts(db: Database) -> None:
    """Rule 5: several reference flows, how they share (recorded, applied in columns)."""
    for process in _usable(db):
        refs = _references(process)
        written = sum(1 for ex in process.exchanges if ex.reference)
        if len(refs) > 1:
            how = "by mass" if _all_mass(db, refs) else "all to the first reference flow"
            detail = f"{len(refs)} reference flows, allocated {how}"
            db.problems.append(Problem("BG-COPRODUCT", (process.uuid,), detail, "flagged"))
        elif written > 1:
            detail = f"one reference flow written {written} times: counted once, amounts added"
            db.problems.append(Problem("BG-COPRODUCT", (process.uuid,), detail, "flagged"))


def _all_mass(db: Database, refs: list[Exchange]) -> bool:
    return all(db.flows[ex.flow].unit in MASS for ex in refs)


def _providers(db: Database) -> dict[str, list[Process]]:
    """Rule 1: flow → the processes making it (outputs) or treating it (inputs), by UUID."""
    found: dict[str, list[Process]] = defaultdict(list)
    for process in _usable(db):
        for ex in _supplied(db, process):
            found[ex.flow].append(process)
    return found


def _supplied(db: Database, process: Process) -> list[Exchange]:
    """The reference flows a process supplies: all when allocated by mass, else the first."""
    refs = _references(process)
    return refs if _all_mass(db, refs) else refs[:1]


def _home(db: Database) -> str:
    """The database's most common location, the default provider's."""
    places = Counter(p.location for p in db.processes.values() if p.location)
    return places.most_common(1)[0][0] if places else ""


def _country(location: str) -> str:
    """``SD-CN`` → ``CN``; ``SZ-JS-CN`` → ``CN``; ``CN`` → ``CN``."""
    return location.rsplit("-", 1)[-1] if location else ""


def _link_one(
    db: Database,
    process: Process,
    ex: Exchange,
    providers: dict[str, list[Process]],
    overrides: dict[str, str],
    home: str,
    many: Counter[str],
) -> None:
    """Rules 1–3 for one exchange of one process."""
    flow = db.flows[ex.flow]
    if ex.reference or flow.kind == "elementary" or ex.flow == process.reference:
        return
    wanted = "input" if ex.direction == "output" else "output"  # a treatment, or a maker
    candidates = [p for p in providers.get(ex.flow, []) if _direction_of(p, ex.flow) == wanted]
    if not candidates and flow.kind == "product" and ex.direction == "output":
        db.problems.append(
            Problem("BG-BYPRODUCT", (process.uuid, ex.flow), flow.name_en, "cut-off")
        )
        return
    if not candidates:
        code = "BG-WASTE-UNTREATED" if flow.kind == "waste" else "BG-NO-PROVIDER"
        db.problems.append(Problem(code, (process.uuid, ex.flow), flow.name_en, "cut-off"))
        return
    chosen, rule = _choose(process, ex.flow, candidates, overrides, home)
    if len(candidates) > 1:
        many[ex.flow] += 1
    db.links.append(Link(process.uuid, ex.flow, chosen.uuid, rule))


def _direction_of(provider: Process, flow: str) -> str:
    return next(ex.direction for ex in provider.exchanges if ex.reference and ex.flow == flow)


def _choose(
    consumer: Process,
    flow: str,
    candidates: list[Process],
    overrides: dict[str, str],
    home: str,
) -> tuple[Process, str]:
    """Rule 2: the provider of ``flow`` for ``consumer`` and the rule that chose it."""
    if len(candidates) == 1:
        return candidates[0], "only"
    by_uuid = {p.uuid: p for p in candidates}
    if overrides.get(flow) in by_uuid:
        return by_uuid[overrides[flow]], "override"
    steps = (
        ("same-location", lambda p: p.location == consumer.location),
        ("country", lambda p: _country(p.location) == _country(consumer.location)),
        ("default", lambda p: p.location == home),
    )
    for rule, fits in steps:
        fitting = [p for p in candidates if fits(p)]
        if fitting:
            return fitting[0], rule
    return candidates[0], "default"


def _currency(db: Database) -> None:
    """Count the processes whose reference flow is measured in money (rule 6 applies)."""
    for process in _usable(db):
        flow = db.flows.get(process.reference)
        if flow is not None and flow.unit.lower() in CURRENCIES:
            detail = f"{flow.name_en}: per {flow.unit}"
            db.problems.append(Problem("BG-CURRENCY-BLOCK", (process.uuid,), detail, "flagged"))


def columns(db: Database) -> list[Column]:
    """Every column of the system: each usable process's supplied reference flows."""
    out = []
    for process in _usable(db):
        refs = _supplied(db, process)
        total = sum(abs(ex.amount) for ex in refs)
        for ex in refs:
            share = abs(ex.amount) / total if len(refs) > 1 and total else 1.0
            sign = 1.0 if ex.direction == "output" else -1.0
            out.append(Column(process.uuid, ex.flow, sign, share, ex.amount))
    return out


def technosphere(db: Database) -> Technosphere:
    """The matrices of the linked database: A (columns × columns) and B (gases × columns).

    Each column is one unit of its reference flow (a product made, a waste treated): every
    exchange is divided by the reference amount and multiplied by the co-product's share.
    A treatment's row counts the service of treating: a unit treated is +1 on its diagonal
    and a process's waste output is an input of that service (its sign turned), so every
    diagonal is positive as the engine's solver requires. Only linked inputs enter A.
    """
    cols = columns(db)
    index = {(c.process, c.flow): i for i, c in enumerate(cols)}
    providers = {(lk.consumer, lk.flow): index.get((lk.provider, lk.flow)) for lk in db.links}
    a_rows, a_cols, a_vals = [], [], []
    b_keys: dict[tuple[str, str], int] = {}
    b_rows, b_cols, b_vals = [], [], []
    m_keys: dict[tuple[str, str], int] = {}
    m_rows, m_cols, m_vals = [], [], []
    found = climate_method(db)
    method = found.factors if found is not None else {}
    for j, col in enumerate(cols):
        process = db.processes[col.process]
        scale = col.share / abs(col.amount)
        a_rows.append(j)
        a_cols.append(j)
        a_vals.append(1.0)
        for ex in process.exchanges:
            if ex.reference:
                continue
            signed = (ex.amount if ex.direction == "output" else -ex.amount) * scale
            flow = db.flows[ex.flow]
            if ex.flow == col.flow and ex.direction == "input" and col.sign > 0:
                a_rows.append(j)  # own product used: the diagonal is the net output
                a_cols.append(j)
                a_vals.append(signed)
            elif flow.kind == "elementary":
                if flow.gas:
                    key = (flow.gas, flow.origin)
                    b_rows.append(b_keys.setdefault(key, len(b_keys)))
                    b_cols.append(j)
                    b_vals.append(signed)
                if ex.flow in method:
                    key = ("CO2e", flow.origin or "fossil")
                    m_rows.append(m_keys.setdefault(key, len(m_keys)))
                    m_cols.append(j)
                    m_vals.append(signed * method[ex.flow])
            else:
                row = providers.get((col.process, ex.flow))
                if row is not None:
                    a_rows.append(row)
                    a_cols.append(j)
                    a_vals.append(signed * cols[row].sign)
    return Technosphere(
        cols,
        _triplets(a_rows, a_cols, a_vals),
        _triplets(b_rows, b_cols, b_vals),
        list(b_keys),
        _triplets(m_rows, m_cols, m_vals),
        list(m_keys),
    )


def _triplets(rows: list[int], cols: list[int], vals: list[float]) -> Triplets:
    return (np.asarray(rows, np.int64), np.asarray(cols, np.int64), np.asarray(vals, float))


def climate_method(db: Database) -> Method | None:
    """The database's total climate-change method ('Climate change'), if it has one."""
    return next(
        (m for m in db.methods.values() if m.name.strip().lower() == "climate change"), None
    )


def matrix(tech: Technosphere) -> sp.csc_matrix:
    """A as a sparse matrix (duplicates added)."""
    n = len(tech.columns)
    rows, cols, vals = tech.a
    return sp.csc_matrix((vals, (rows, cols)), shape=(n, n))


def _exclude_unsolvable(db: Database) -> None:
    """Rule 6: every strongly connected block solvable with no negative activity, or out.

    A block is solved for one unit of each of its columns' references; a singular block,
    or one where some activity comes out negative (a loop that uses more than it makes, an
    input-output table that is not productive), is excluded with every process in it.
    """
    tech = technosphere(db)
    a = matrix(tech).tocsr()
    n_blocks, label = csgraph.connected_components(a, directed=True, connection="strong")
    sizes = np.bincount(label, minlength=n_blocks)
    bad: list[np.ndarray] = []
    for block in np.flatnonzero(sizes > 1):
        members = np.flatnonzero(label == block)
        if not _solvable(a[members][:, members].tocsc()):
            bad.append(members)
    for i in np.flatnonzero(sizes[label] == 1):
        if a[i, i] <= 0:  # a lone column whose own use cancels its output
            bad.append(np.array([i]))
    out = {tech.columns[i].process for members in bad for i in members}
    for members in bad:
        names = sorted({tech.columns[i].process for i in members})
        detail = f"{len(names)} processes in a block that cannot be solved"
        for uuid in names:
            if not any(p.datasets[0] == uuid and p.action == "excluded" for p in db.problems):
                db.problems.append(Problem("BG-SINGULAR", (uuid,), detail, "excluded"))
    if out:
        _cut_links_to(db, out)


def _solvable(block: sp.csc_matrix) -> bool:
    try:
        x = splu(block).solve(np.ones(block.shape[0]))
    except RuntimeError:  # exactly singular
        return False
    if not np.all(np.isfinite(x)):
        return False
    return bool(np.all(x >= -NEGATIVE_ACTIVITY * max(1.0, float(np.abs(x).max()))))


def _cut_links_to(db: Database, out: set[str]) -> None:
    """Inputs taken from excluded processes are cut off, each counted."""
    kept = []
    for lk in db.links:
        if lk.consumer in out:
            continue
        if lk.provider in out:
            db.problems.append(
                Problem("BG-UPSTREAM-EXCLUDED", (lk.consumer, lk.flow, lk.provider), "", "cut-off")
            )
        else:
            kept.append(lk)
    db.links[:] = kept
