"""Background databases kept in the project's one database, beside the registry.

A release is saved whole or not at all: one transaction writes its flows, processes,
exchanges, methods and factors, problems and links, so a failed import never leaves half a
database that a later computation would take for a whole one. Importing the same files
again (same name, release and digest) changes nothing; a release whose files changed is
replaced inside the same transaction, so readers see the old one or the new one.

The tables are SQLAlchemy Core on this module's own :data:`metadata` (prefix ``bg_``): a
database of 72,000 exchanges is written with ``executemany`` in chunks, which the ORM's unit
of work would make many times slower. The schema itself is made only by the registry's
Alembic history (``0008_background``), which cannot import this room; a test compares the
migrated schema with :data:`metadata` so the two cannot drift. Every function here expects
that schema (the CLI checks the database is at the newest migration before calling).

Columns mirror the records of :mod:`.model` field for field. Exchanges, problems and links
keep their position so that a database loads back equal to the one saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from itertools import groupby, islice
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Row,
    RowMapping,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from pcfrules.background.model import Database, Exchange, Flow, Link, Method, Problem, Process
from pcfrules.errors import BackgroundError

CHUNK = 5_000  # rows per executemany: large enough to be fast, small enough to report progress
KEY = 100  # length of an identifier column (ILCD UUIDs have 36 characters)

metadata = MetaData()
AnyRow = Row[*tuple[Any, ...]]  # a row of any select


def _database_id(table: str) -> Column[int]:
    return Column(
        "database_id",
        Integer,
        ForeignKey("bg_databases.id", name=f"fk_{table}_database"),
        nullable=False,
    )


databases = Table(
    "bg_databases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("release", String(100), nullable=False),
    Column("source", Text, nullable=False),
    Column("licence", Text, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("counts", JSON, nullable=False),
    UniqueConstraint("name", "release", name="uq_bg_databases_name_release"),
)
flows = Table(
    "bg_flows",
    metadata,
    _database_id("bg_flows"),
    Column("uuid", String(KEY), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("name_en", Text, nullable=False),
    Column("name_zh", Text, nullable=False),
    Column("unit", String(KEY), nullable=False),
    Column("quantity", Text, nullable=False),
    Column("cas", String(KEY), nullable=False),
    Column("category", Text, nullable=False),
    Column("gas", String(KEY), nullable=False),
    Column("origin", String(KEY), nullable=False),
    PrimaryKeyConstraint("database_id", "uuid", name="pk_bg_flows"),
)
processes = Table(
    "bg_processes",
    metadata,
    _database_id("bg_processes"),
    Column("uuid", String(KEY), nullable=False),
    Column("version", String(KEY), nullable=False),
    Column("name_en", Text, nullable=False),
    Column("name_zh", Text, nullable=False),
    Column("location", String(KEY), nullable=False),
    Column("classification", Text, nullable=False),
    Column("kind", String(KEY), nullable=False),
    Column("year", Integer, nullable=True),
    Column("reference", String(KEY), nullable=False),
    Column("reference_amount", Float, nullable=False),
    Column("licence", Text, nullable=False),
    PrimaryKeyConstraint("database_id", "uuid", name="pk_bg_processes"),
    Index("ix_bg_processes_name_en", "database_id", "name_en"),
    Index("ix_bg_processes_name_zh", "database_id", "name_zh"),
    Index("ix_bg_processes_location", "database_id", "location"),
)
exchanges = Table(
    "bg_exchanges",
    metadata,
    Column("database_id", Integer, nullable=False),
    Column("process", String(KEY), nullable=False),
    Column("position", Integer, nullable=False),
    Column("flow", String(KEY), nullable=False),
    Column("direction", String(10), nullable=False),
    Column("amount", Float, nullable=False),
    Column("reference", Boolean, nullable=False),
    PrimaryKeyConstraint("database_id", "process", "position", name="pk_bg_exchanges"),
    ForeignKeyConstraint(
        ["database_id", "process"],
        ["bg_processes.database_id", "bg_processes.uuid"],
        name="fk_bg_exchanges_process",
    ),
    Index("ix_bg_exchanges_flow", "database_id", "flow"),
)
methods = Table(
    "bg_methods",
    metadata,
    _database_id("bg_methods"),
    Column("uuid", String(KEY), nullable=False),
    Column("name", Text, nullable=False),
    Column("unit", String(KEY), nullable=False),
    PrimaryKeyConstraint("database_id", "uuid", name="pk_bg_methods"),
)
factors = Table(
    "bg_factors",
    metadata,
    Column("database_id", Integer, nullable=False),
    Column("method", String(KEY), nullable=False),
    Column("flow", String(KEY), nullable=False),
    Column("value", Float, nullable=False),
    PrimaryKeyConstraint("database_id", "method", "flow", name="pk_bg_factors"),
    ForeignKeyConstraint(
        ["database_id", "method"],
        ["bg_methods.database_id", "bg_methods.uuid"],
        name="fk_bg_factors_method",
    ),
)
problems = Table(
    "bg_problems",
    metadata,
    _database_id("bg_problems"),
    Column("position", Integer, nullable=False),
    Column("code", String(KEY), nullable=False),
    Column("subject", String(KEY), nullable=False),  # the first dataset named, "" for none
    Column("datasets", JSON, nullable=False),
    Column("detail", Text, nullable=False),
    Column("action", String(20), nullable=False),
    PrimaryKeyConstraint("database_id", "position", name="pk_bg_problems"),
    Index("ix_bg_problems_subject", "database_id", "subject"),
    Index("ix_bg_problems_code", "database_id", "code"),
)
links = Table(
    "bg_links",
    metadata,
    _database_id("bg_links"),
    Column("position", Integer, nullable=False),
    Column("consumer", String(KEY), nullable=False),
    Column("flow", String(KEY), nullable=False),
    Column("provider", String(KEY), nullable=False),
    Column("rule", String(40), nullable=False),
    PrimaryKeyConstraint("database_id", "position", name="pk_bg_links"),
    Index("ix_bg_links_consumer", "database_id", "consumer"),
)
# Children before the tables they point to: the order rows are deleted in (inserts: reversed).
CHILDREN = (links, problems, factors, methods, exchanges, processes, flows)

FLOW_FIELDS = tuple(f.name for f in fields(Flow))
PROCESS_FIELDS = tuple(f.name for f in fields(Process) if f.name != "exchanges")
EXCHANGE_FIELDS = tuple(f.name for f in fields(Exchange))
LINK_FIELDS = tuple(f.name for f in fields(Link))


@dataclass(frozen=True)
class SaveOutcome:
    """What :func:`save` did: created a release, replaced one, or found it already there.

    ``created`` is False when the same release with the same digest was there (nothing was
    changed); ``replaced`` is True when the same release with another digest was replaced.
    """

    name: str
    release: str
    created: bool
    replaced: bool
    counts: dict[str, int]

    @property
    def zh(self) -> str:
        """What happened, in Chinese (for the import command to say)."""
        if not self.created:
            return f"背景数据库 {self.name} {self.release} 已导入且文件未变，未作任何更改"
        verb = "已替换（文件已改变）" if self.replaced else "已导入"
        return f"{verb}背景数据库 {self.name} {self.release}：{_counts_zh(self.counts)}"

    @property
    def en(self) -> str:
        """What happened, in English (for the import command to say)."""
        if not self.created:
            return (
                f"background database {self.name} {self.release} is already imported from "
                "the same files: nothing changed"
            )
        verb = "replaced (its files changed)" if self.replaced else "imported"
        return f"{verb} background database {self.name} {self.release}: {_counts_en(self.counts)}"


@dataclass(frozen=True)
class DatabaseSummary:
    """One imported release as listed: who made it, under what licence, when, how large.

    ``imported_at`` is in UTC; ``counts`` has the number of flows, processes, exchanges,
    methods, factors, problems and links saved.
    """

    name: str
    release: str
    source: str
    licence: str
    digest: str
    imported_at: datetime
    counts: dict[str, int]


@dataclass(frozen=True)
class ReleaseSummary:
    """A release and how many problems of each code its readiness report holds."""

    database: DatabaseSummary
    problems: dict[str, int]  # by problem code, in code order


@dataclass(frozen=True)
class ProcessHit:
    """A process found by :func:`search`: enough to recognise it and ask for it by UUID."""

    database: str
    release: str
    uuid: str
    name_en: str
    name_zh: str
    location: str
    classification: str
    year: int | None
    unit: str  # the unit of its reference flow ("" when the flow is not in the database)


@dataclass(frozen=True)
class ProcessDetail:
    """One dataset with what ``data show`` prints about it.

    ``flows`` are the flows its exchanges name (those the database holds); ``links`` the
    provider chosen for each of its product inputs and by which rule; ``providers`` those
    providers by UUID; ``problems`` the problems about it (those naming it first, the
    readiness report's convention for the dataset concerned).
    """

    database: DatabaseSummary
    process: Process
    flows: dict[str, Flow]
    links: list[Link]
    providers: dict[str, ProcessHit]
    problems: list[Problem]


def counts_of(db: Database) -> dict[str, int]:
    """How many records of each kind ``db`` holds: what the listing shows of a release."""
    return {
        "flows": len(db.flows),
        "processes": len(db.processes),
        "exchanges": sum(len(p.exchanges) for p in db.processes.values()),
        "methods": len(db.methods),
        "factors": sum(len(m.factors) for m in db.methods.values()),
        "problems": len(db.problems),
        "links": len(db.links),
    }


# --- saving ------------------------------------------------------------------------------


def save(
    engine: Engine, db: Database, advance: Callable[[int], object] | None = None
) -> SaveOutcome:
    """Save a release in one transaction; the same files again change nothing.

    Same name and release with the same digest: nothing is written (``created`` False).
    Same name and release with another digest: the old release is deleted and the new one
    written in the same transaction (``replaced`` True). ``advance`` hears how many rows each
    chunk wrote, so a long import can show its progress. Should anything fail, the
    transaction is rolled back and the database is as it was.
    """
    counts = counts_of(db)
    with engine.begin() as connection:
        _claim(connection, db)
        old = connection.execute(
            select(databases.c.id, databases.c.digest).where(_named(db.name, db.release))
        ).first()
        if old is not None and old.digest == db.digest:
            return SaveOutcome(db.name, db.release, created=False, replaced=False, counts=counts)
        if old is not None:
            _delete(connection, old.id)
        database_id = _insert_database(connection, db, counts)
        _insert_records(connection, database_id, db, advance or (lambda _rows: None))
    return SaveOutcome(db.name, db.release, created=True, replaced=old is not None, counts=counts)


def _claim(connection: Connection, db: Database) -> None:
    """Take the write lock first, so two imports of one release queue instead of failing.

    A write that changes nothing: SQLite takes its write lock (waiting for another writer,
    rather than failing later when a reader tries to become one); PostgreSQL locks the
    release's row when it is there, so a replacement waits for the one before it.
    """
    connection.execute(
        update(databases).where(_named(db.name, db.release)).values(digest=databases.c.digest)
    )


def _named(name: str, release: str) -> ColumnElement[bool]:
    return and_(databases.c.name == name, databases.c.release == release)


def _delete(connection: Connection, database_id: int) -> None:
    for table in CHILDREN:
        connection.execute(delete(table).where(table.c.database_id == database_id))
    connection.execute(delete(databases).where(databases.c.id == database_id))


def _insert_database(connection: Connection, db: Database, counts: dict[str, int]) -> int:
    row = {
        "name": db.name,
        "release": db.release,
        "source": db.source,
        "licence": db.licence,
        "digest": db.digest,
        "imported_at": datetime.now(UTC).replace(tzinfo=None),
        "counts": counts,
    }
    created = connection.execute(insert(databases).values(row).returning(databases.c.id))
    return int(created.scalar_one())


def _insert_records(
    connection: Connection, database_id: int, db: Database, advance: Callable[[int], object]
) -> None:
    """Every table's rows, parents first (the foreign keys hold at every statement)."""
    for table, rows in _rows(database_id, db):
        for chunk in _chunks(rows):
            connection.execute(insert(table), chunk)
            advance(len(chunk))


def _rows(database_id: int, db: Database) -> Iterator[tuple[Table, Iterable[dict[str, Any]]]]:
    """The rows of each table for ``db``, generated as they are written (no second copy)."""
    base = {"database_id": database_id}
    yield flows, ({**base, **_values(f, FLOW_FIELDS)} for f in db.flows.values())
    yield processes, ({**base, **_values(p, PROCESS_FIELDS)} for p in db.processes.values())
    yield (
        exchanges,
        (
            {**base, "process": p.uuid, "position": n, **_values(e, EXCHANGE_FIELDS)}
            for p in db.processes.values()
            for n, e in enumerate(p.exchanges)
        ),
    )
    yield (
        methods,
        ({**base, "uuid": m.uuid, "name": m.name, "unit": m.unit} for m in db.methods.values()),
    )
    yield (
        factors,
        (
            {**base, "method": m.uuid, "flow": flow, "value": value}
            for m in db.methods.values()
            for flow, value in m.factors.items()
        ),
    )
    yield (
        problems,
        (
            {
                **base,
                "position": n,
                "code": p.code,
                "subject": p.datasets[0] if p.datasets else "",
                "datasets": list(p.datasets),
                "detail": p.detail,
                "action": p.action,
            }
            for n, p in enumerate(db.problems)
        ),
    )
    yield (
        links,
        ({**base, "position": n, **_values(link, LINK_FIELDS)} for n, link in enumerate(db.links)),
    )


def _values(record: object, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


# --- reading -----------------------------------------------------------------------------


def releases(engine: Engine) -> list[DatabaseSummary]:
    """Every imported release, by name and then release (oldest first)."""
    with engine.connect() as connection:
        rows = connection.execute(select(databases)).all()
    found = [_summary(row) for row in rows]
    return sorted(found, key=lambda s: (s.name, _release_order(s.release), s.imported_at))


def summary(engine: Engine, name: str, release: str | None = None) -> ReleaseSummary:
    """A release (the newest when ``release`` is None) and its problem counts by code."""
    with engine.connect() as connection:
        row = _database_row(connection, name, release)
        by_code = connection.execute(
            select(problems.c.code, func.count())
            .where(problems.c.database_id == row.id)
            .group_by(problems.c.code)
            .order_by(problems.c.code)
        ).all()
    return ReleaseSummary(_summary(row), {code: int(n) for code, n in by_code})


def load(engine: Engine, name: str, release: str | None = None) -> Database:
    """A release as the records it was saved from (the newest when ``release`` is None).

    A name or release that is not there is a :class:`BackgroundError` naming what is.
    """
    with engine.connect() as connection:
        row = _database_row(connection, name, release)
        database_id = row.id
        return Database(
            name=row.name,
            release=row.release,
            source=row.source,
            licence=row.licence,
            digest=row.digest,
            flows=_flows(connection, flows.c.database_id == database_id),
            processes=_processes(connection, database_id),
            methods=_methods(connection, database_id),
            problems=_problems(connection, problems.c.database_id == database_id),
            links=_links(connection, links.c.database_id == database_id),
        )


def process(engine: Engine, name: str, uuid: str, release: str | None = None) -> ProcessDetail:
    """One dataset of a release, its flows, the providers chosen for it and its problems.

    A UUID is found whatever the letter case it is written in (the reader keeps them in
    lower case, as ILCD tools write them). A dataset the release does not hold is a
    :class:`BackgroundError` naming the release.
    """
    asked = uuid.strip()
    with engine.connect() as connection:
        row = _database_row(connection, name, release)
        found = _processes(connection, row.id, processes.c.uuid.in_({asked, asked.lower()}))
        uuid = asked if asked in found else asked.lower()
        if uuid not in found:
            raise _no_dataset(row.name, row.release, asked)
        chosen = _links(connection, and_(links.c.database_id == row.id, links.c.consumer == uuid))
        used = {e.flow for e in found[uuid].exchanges} | {found[uuid].reference}
        return ProcessDetail(
            database=_summary(row),
            process=found[uuid],
            flows=_flows(
                connection, and_(flows.c.database_id == row.id, flows.c.uuid.in_(sorted(used)))
            ),
            links=chosen,
            providers=_hits(connection, row, {link.provider for link in chosen}),
            problems=_problems(
                connection, and_(problems.c.database_id == row.id, problems.c.subject == uuid)
            ),
        )


def search(
    engine: Engine,
    text: str = "",
    location: str = "",
    classification: str = "",
    database: str | None = None,
    limit: int = 50,
) -> list[ProcessHit]:
    """Processes of the newest release of each database (or of ``database``) that match.

    ``text``: every word of it (split at spaces) appears in the English or the Chinese name,
    letter case ignored, so ``hard coal`` finds "coal, hard" and ``水泥`` finds 硅酸盐水泥熟料.
    ``location``: the location exactly (letter case ignored), or with a final ``*`` every
    location it begins (``CN*`` finds CN and CN-SD). ``classification``: a part of the
    classification path. Empty criteria match everything; at most ``limit`` hits, by name.
    A ``database`` that is not imported is a :class:`BackgroundError` naming those that are.
    """
    with engine.connect() as connection:
        newest = _newest(connection, database)
        query = _hit_query().where(processes.c.database_id.in_(list(newest)))
        for condition in _criteria(text, location, classification):
            query = query.where(condition)
        order = (databases.c.name, processes.c.name_en, processes.c.name_zh, processes.c.uuid)
        rows = connection.execute(query.order_by(*order).limit(max(limit, 0))).all()
    return [_hit(row) for row in rows]


def _criteria(text: str, location: str, classification: str) -> Iterator[ColumnElement[bool]]:
    for word in text.split():
        yield or_(
            processes.c.name_en.icontains(word, autoescape=True),
            processes.c.name_zh.icontains(word, autoescape=True),
        )
    place = location.strip()
    if place.endswith("*"):
        yield processes.c.location.istartswith(place[:-1], autoescape=True)
    elif place:
        yield func.lower(processes.c.location) == place.lower()
    if classification.strip():
        yield processes.c.classification.icontains(classification.strip(), autoescape=True)


def _hit_query() -> Select[*tuple[Any, ...]]:
    """Processes with their release and the unit of their reference flow."""
    reference = and_(
        flows.c.database_id == processes.c.database_id, flows.c.uuid == processes.c.reference
    )
    return (
        select(
            databases.c.name.label("database"),
            databases.c.release,
            processes.c.uuid,
            processes.c.name_en,
            processes.c.name_zh,
            processes.c.location,
            processes.c.classification,
            processes.c.year,
            func.coalesce(flows.c.unit, "").label("unit"),
        )
        .select_from(processes)
        .join(databases, databases.c.id == processes.c.database_id)
        .outerjoin(flows, reference)
    )


def _hit(row: AnyRow) -> ProcessHit:
    return ProcessHit(**{f.name: row._mapping[f.name] for f in fields(ProcessHit)})


def _hits(connection: Connection, row: AnyRow, uuids: set[str]) -> dict[str, ProcessHit]:
    query = _hit_query().where(
        processes.c.database_id == row.id, processes.c.uuid.in_(sorted(uuids))
    )
    return {hit.uuid: hit for hit in map(_hit, connection.execute(query).all())}


def _newest(connection: Connection, name: str | None) -> dict[int, str]:
    """The id of the newest release of each database (or of ``name``, refused if absent)."""
    if name is not None:
        row = _database_row(connection, name, None)
        return {row.id: row.name}
    rows = connection.execute(
        select(databases.c.id, databases.c.name, databases.c.release, databases.c.imported_at)
    ).all()
    newest: dict[str, AnyRow] = {}
    for row in sorted(rows, key=_newness):
        newest[row.name] = row
    return {row.id: row.name for row in newest.values()}


def _database_row(connection: Connection, name: str, release: str | None) -> AnyRow:
    """The release's row (the newest of ``name`` when None), or the error naming what is."""
    rows = connection.execute(select(databases).where(databases.c.name == name)).all()
    chosen = [r for r in rows if release is None or r.release == release]
    if not chosen:
        raise _no_release(connection, name, release, [r.release for r in rows])
    return max(chosen, key=_newness)


def _newness(row: AnyRow) -> tuple[Any, ...]:
    """Newer release last; the same release text imported later last (then by row id)."""
    return (_release_order(row.release), row.imported_at, row.id)


def _release_order(release: str) -> tuple[tuple[int, int, str], ...]:
    """Releases in the order people mean: ``2.10`` after ``2.9``, ``v10`` after ``v9``.

    The digits of a release compare as numbers and the rest as text (letter case ignored).
    """
    return tuple(
        (0, int(part), "") if part.isdecimal() else (1, 0, part.lower())
        for part in re.findall(r"\d+|\D+", release)
    )


def _summary(row: AnyRow) -> DatabaseSummary:
    return DatabaseSummary(
        name=row.name,
        release=row.release,
        source=row.source,
        licence=row.licence,
        digest=row.digest,
        imported_at=row.imported_at.replace(tzinfo=UTC),
        counts={str(k): int(v) for k, v in dict(row.counts).items()},
    )


def _flows(connection: Connection, where: ColumnElement[bool]) -> dict[str, Flow]:
    rows = connection.execute(select(flows).where(where).order_by(flows.c.uuid))
    return {row.uuid: Flow(**_record(row._mapping, FLOW_FIELDS)) for row in rows}


def _processes(
    connection: Connection, database_id: int, where: ColumnElement[bool] | None = None
) -> dict[str, Process]:
    """Processes with their exchanges: two ordered reads, joined here."""
    own = processes.c.database_id == database_id
    chosen = own if where is None else and_(own, where)
    rows = connection.execute(select(processes).where(chosen).order_by(processes.c.uuid)).all()
    by_process = _exchanges(connection, database_id, None if where is None else rows)
    return {
        row.uuid: Process(
            **_record(row._mapping, PROCESS_FIELDS), exchanges=by_process.get(row.uuid, ())
        )
        for row in rows
    }


def _exchanges(
    connection: Connection, database_id: int, only: Sequence[AnyRow] | None
) -> dict[str, tuple[Exchange, ...]]:
    """Exchanges by process in their saved order (of the ``only`` processes if given)."""
    query = select(exchanges).where(exchanges.c.database_id == database_id)
    if only is not None:
        query = query.where(exchanges.c.process.in_([row.uuid for row in only]))
    rows = connection.execute(query.order_by(exchanges.c.process, exchanges.c.position))
    return {
        uuid: tuple(Exchange(**_record(r._mapping, EXCHANGE_FIELDS)) for r in group)
        for uuid, group in groupby(rows, key=lambda r: str(r.process))
    }


def _methods(connection: Connection, database_id: int) -> dict[str, Method]:
    factor_rows = connection.execute(
        select(factors)
        .where(factors.c.database_id == database_id)
        .order_by(factors.c.method, factors.c.flow)
    )
    by_method = {
        uuid: {str(r.flow): float(r.value) for r in group}
        for uuid, group in groupby(factor_rows, key=lambda r: str(r.method))
    }
    rows = connection.execute(
        select(methods).where(methods.c.database_id == database_id).order_by(methods.c.uuid)
    )
    return {
        row.uuid: Method(row.uuid, row.name, row.unit, by_method.get(row.uuid, {})) for row in rows
    }


def _problems(connection: Connection, where: ColumnElement[bool]) -> list[Problem]:
    rows = connection.execute(select(problems).where(where).order_by(problems.c.position))
    return [Problem(r.code, tuple(r.datasets), r.detail, r.action) for r in rows]


def _links(connection: Connection, where: ColumnElement[bool]) -> list[Link]:
    rows = connection.execute(select(links).where(where).order_by(links.c.position))
    return [Link(**_record(r._mapping, LINK_FIELDS)) for r in rows]


def _record(row: RowMapping, names: Sequence[str]) -> dict[str, Any]:
    return {name: row[name] for name in names}


# --- what is said ------------------------------------------------------------------------


def _no_release(
    connection: Connection, name: str, release: str | None, there: list[str]
) -> BackgroundError:
    """A missing database or release, naming the releases (or databases) there are."""
    if there:
        shown = sorted(there, key=_release_order)
        return BackgroundError(
            zh=f"背景数据库 {name} 没有版本 {release}（已有版本：{'、'.join(shown)}）",
            en=f"background database {name} has no release {release} "
            f"(its releases: {', '.join(shown)})",
        )
    rows = connection.execute(select(databases.c.name, databases.c.release)).all()
    others = sorted(f"{r.name} {r.release}" for r in rows)
    if not others:
        return BackgroundError(
            zh=f"没有背景数据库 {name}：尚未导入任何背景数据库",
            en=f"there is no background database {name}: none has been imported",
        )
    return BackgroundError(
        zh=f"没有背景数据库 {name}（已导入：{'、'.join(others)}）",
        en=f"there is no background database {name} (imported: {', '.join(others)})",
    )


def _no_dataset(name: str, release: str, uuid: str) -> BackgroundError:
    return BackgroundError(
        zh=f"背景数据库 {name} {release} 中没有数据集 {uuid}",
        en=f"background database {name} {release} has no dataset {uuid}",
    )


COUNT_NAMES = {  # how the counts of a release are said (zh, en)
    "flows": ("流", "flows"),
    "processes": ("过程", "processes"),
    "exchanges": ("交换", "exchanges"),
    "methods": ("评价方法", "methods"),
    "factors": ("特征化因子", "factors"),
    "problems": ("问题", "problems"),
    "links": ("连接", "links"),
}


def _counts_zh(counts: Mapping[str, int]) -> str:
    return "，".join(f"{COUNT_NAMES[k][0]} {v}" for k, v in counts.items() if k in COUNT_NAMES)


def _counts_en(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{v} {COUNT_NAMES[k][1]}" for k, v in counts.items() if k in COUNT_NAMES)
