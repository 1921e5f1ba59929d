"""The background store: a release saved whole or not at all, loaded back equal, searched.

On SQLite and on PostgreSQL (the server `make test` starts); the migrated schema is compared
with the store's own metadata so that migration 0008 and the store cannot drift.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, MetaData, func, select
from sqlalchemy.exc import IntegrityError

from pcfrules.background import store
from pcfrules.background.model import (
    Database,
    Exchange,
    Flow,
    Link,
    Method,
    Problem,
    Process,
)
from pcfrules.errors import BackgroundError
from pcfrules.registry import make_engine, migrate
from tests.registry.conftest import POSTGRES, postgres_url  # noqa: F401 (the fixture, by name)

CLINKER = "a0000000-0000-0000-0000-000000000001"
POWER = "a0000000-0000-0000-0000-000000000002"
CO2 = "a0000000-0000-0000-0000-000000000003"
KILN = "b0000000-0000-0000-0000-000000000001"
GRID_CN = "b0000000-0000-0000-0000-000000000002"
GRID_SD = "b0000000-0000-0000-0000-000000000003"
GWP = "c0000000-0000-0000-0000-000000000001"


def sample_database(release: str = "2024", digest: str = "d" * 64) -> Database:
    """Three flows, three processes, a method, two problems and a link: a small TianGong."""
    flows = {
        CLINKER: Flow(CLINKER, "product", "Cement clinker", "水泥熟料", "kg", "Mass"),
        POWER: Flow(POWER, "product", "Electricity, medium voltage", "中压电力", "kWh", "Energy"),
        CO2: Flow(
            CO2, "elementary", "carbon dioxide, fossil", "二氧化碳（化石）", "kg", "Mass",
            cas="124-38-9", category="Emissions to air", gas="CO2", origin="fossil",
        ),
    }  # fmt: skip
    kiln = Process(
        KILN, "01.00.000", "Cement clinker production", "水泥熟料生产", "CN-SD",
        "Materials production/Cement", "Unit process, black box", 2020, CLINKER, 1.0,
        (
            Exchange(CLINKER, "output", 1.0, reference=True),
            Exchange(POWER, "input", 0.065),
            Exchange(CO2, "output", 0.8612345678901234),
        ),
        licence="TianGong licence",
    )  # fmt: skip
    grid_cn = Process(
        GRID_CN, "01.00.000", "Electricity grid mix, China", "全国电网平均电力", "CN",
        "Energy carriers/Electricity", "LCI result", None, POWER, 1.0,
        (Exchange(POWER, "output", 1.0, reference=True), Exchange(CO2, "output", 0.5703)),
    )  # fmt: skip
    grid_sd = Process(
        GRID_SD, "01.00.001", "Electricity grid mix, Shandong", "山东电网电力", "CN-SD",
        "Energy carriers/Electricity", "LCI result", 2021, POWER, 1.0,
        (Exchange(POWER, "output", 1.0, reference=True), Exchange(CO2, "output", 0.7)),
    )  # fmt: skip
    return Database(
        name="TianGong",
        release=release,
        source="https://www.tiangong.earth",
        licence="CC BY-NC 4.0",
        digest=digest,
        flows=flows,
        processes={p.uuid: p for p in (kiln, grid_cn, grid_sd)},
        methods={GWP: Method(GWP, "IPCC 2021 GWP100", "kg CO2-eq", {CO2: 1.0})},
        problems=[
            Problem("BG-PROVIDER-SEVERAL", (KILN, GRID_CN, GRID_SD), "two grids", "chosen"),
            Problem("BG-AMOUNT-OUTLIER", (GRID_SD,), "0.7 kg per kWh", "flagged"),
        ],
        links=[Link(KILN, POWER, GRID_SD, "same-location")],
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at the newest migration, empty, on each server (``postgres_url``'s)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'background.db'}")
    else:
        if not POSTGRES:
            pytest.skip("no PostgreSQL server (PCFRULES_TEST_POSTGRES_URL unset)")
        engine = make_engine(request.getfixturevalue("postgres_url"))
        with engine.begin() as connection:
            existing = MetaData()
            existing.reflect(connection)
            existing.drop_all(connection)
    migrate(engine)
    yield engine
    engine.dispose()


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in store.metadata.sorted_tables
        }


def schema_drift(engine: Engine, metadata: MetaData) -> list[object]:
    """What autogenerate would change to make the ``bg_`` tables match ``metadata``."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _parents: (
                    kind != "table" or str(name).startswith("bg_")
                ),
            },
        )
        return list(compare_metadata(context, metadata))


def test_the_migrated_schema_is_the_stores(engine: Engine) -> None:
    assert schema_drift(engine, store.metadata) == []


def test_the_schema_comparison_sees_a_difference(engine: Engine) -> None:
    changed = MetaData()
    for table in store.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["bg_links"].append_column(Column("weight", Integer, nullable=True))
    for index in list(changed.tables["bg_processes"].indexes):
        if index.name == "ix_bg_processes_location":
            changed.tables["bg_processes"].indexes.remove(index)
    kinds = {entry[0] for entry in schema_drift(engine, changed) if isinstance(entry, tuple)}
    assert {"add_column", "remove_index"} <= kinds


def test_every_field_of_the_records_has_its_column() -> None:
    for record, table in [
        (Flow, store.flows),
        (Process, store.processes),
        (Exchange, store.exchanges),
        (Link, store.links),
        (Problem, store.problems),
    ]:
        names = {f.name for f in dataclasses.fields(record)} - {"exchanges"}
        assert names <= set(table.columns.keys()), (record, names - set(table.columns.keys()))
    assert {f.name for f in dataclasses.fields(Method)} - {"factors"} <= set(store.methods.c.keys())


def test_load_gives_back_the_records_saved(engine: Engine) -> None:
    saved = sample_database()
    outcome = store.save(engine, saved)
    assert outcome.created and not outcome.replaced
    assert outcome.counts == {
        "flows": 3,
        "processes": 3,
        "exchanges": 7,
        "methods": 1,
        "factors": 1,
        "problems": 2,
        "links": 1,
    }
    assert store.load(engine, "TianGong") == saved
    assert store.load(engine, "TianGong", "2024") == saved
    assert "已导入" in outcome.zh and "imported" in outcome.en


def test_saving_the_same_files_again_changes_nothing(engine: Engine) -> None:
    store.save(engine, sample_database())
    before, listed = row_counts(engine), store.releases(engine)
    again = store.save(engine, sample_database())
    assert not again.created and not again.replaced
    assert row_counts(engine) == before and store.releases(engine) == listed
    assert "未作任何更改" in again.zh and "nothing changed" in again.en


def test_other_files_replace_the_release(engine: Engine) -> None:
    store.save(engine, sample_database())
    newer = sample_database(digest="e" * 64)
    del newer.processes[GRID_CN]
    newer.problems.pop()
    outcome = store.save(engine, newer)
    assert outcome.created and outcome.replaced and "已替换" in outcome.zh
    assert store.load(engine, "TianGong") == newer
    counts = row_counts(engine)
    assert counts["bg_databases"] == 1 and counts["bg_processes"] == 2
    assert counts["bg_exchanges"] == 5 and counts["bg_problems"] == 1


def test_a_failed_save_leaves_nothing(engine: Engine) -> None:
    broken = sample_database()
    twin = broken.processes[GRID_SD]
    broken.processes["twin"] = twin  # the same UUID twice: the second insert fails
    with pytest.raises(IntegrityError):
        store.save(engine, broken)
    assert set(row_counts(engine).values()) == {0}


def test_a_failed_replacement_keeps_the_release_there_was(engine: Engine) -> None:
    first = sample_database()
    store.save(engine, first)
    broken = sample_database(digest="f" * 64)
    broken.methods["twin"] = broken.methods[GWP]
    with pytest.raises(IntegrityError):
        store.save(engine, broken)
    assert store.load(engine, "TianGong") == first


def test_progress_hears_every_row(engine: Engine) -> None:
    heard: list[int] = []
    store.save(engine, sample_database(), heard.append)
    assert sum(heard) == 3 + 3 + 7 + 1 + 1 + 2 + 1


def test_releases_and_the_newest(engine: Engine) -> None:
    for release in ("2.9", "2.10", "2.1"):
        store.save(engine, sample_database(release, digest=release.ljust(64, "0")))
    listed = store.releases(engine)
    assert [s.release for s in listed] == ["2.1", "2.9", "2.10"]
    assert listed[0].counts["exchanges"] == 7 and listed[0].licence == "CC BY-NC 4.0"
    assert listed[0].imported_at.tzinfo is not None
    assert store.load(engine, "TianGong").release == "2.10"
    hits = store.search(engine, "grid")
    assert {h.release for h in hits} == {"2.10"} and len(hits) == 2


def test_a_missing_database_names_what_there_is(engine: Engine) -> None:
    with pytest.raises(BackgroundError) as none:
        store.load(engine, "ELCD")
    assert "none has been imported" in none.value.en and "尚未导入" in none.value.zh
    store.save(engine, sample_database())
    with pytest.raises(BackgroundError) as other:
        store.load(engine, "ELCD")
    assert "ELCD" in other.value.en and "TianGong 2024" in other.value.en
    assert "TianGong 2024" in other.value.zh
    with pytest.raises(BackgroundError) as release:
        store.load(engine, "TianGong", "2019")
    assert "no release 2019" in release.value.en and "2024" in release.value.en
    assert "没有版本 2019" in release.value.zh
    with pytest.raises(BackgroundError):
        store.search(engine, database="ELCD")


@pytest.mark.parametrize(
    ("criteria", "found"),
    [
        ({"text": "电网"}, {GRID_CN, GRID_SD}),
        ({"text": "熟料"}, {KILN}),
        ({"text": "ELECTRICITY grid"}, {GRID_CN, GRID_SD}),
        ({"text": "grid shandong"}, {GRID_SD}),
        ({"text": "100%"}, set()),
        ({"location": "CN"}, {GRID_CN}),
        ({"location": "cn-sd"}, {KILN, GRID_SD}),
        ({"location": "CN*"}, {KILN, GRID_CN, GRID_SD}),
        ({"classification": "electricity"}, {GRID_CN, GRID_SD}),
        ({"text": "grid", "location": "CN-SD"}, {GRID_SD}),
        ({"classification": "Cement", "database": "TianGong"}, {KILN}),
        ({}, {KILN, GRID_CN, GRID_SD}),
    ],
)
def test_search(engine: Engine, criteria: dict[str, str], found: set[str]) -> None:
    store.save(engine, sample_database())
    hits = store.search(engine, **criteria)
    assert {h.uuid for h in hits} == found
    assert all(h.database == "TianGong" and h.release == "2024" for h in hits)


def test_search_gives_the_unit_and_stops_at_the_limit(engine: Engine) -> None:
    store.save(engine, sample_database())
    (kiln,) = store.search(engine, "clinker")
    assert (kiln.unit, kiln.location, kiln.year, kiln.name_zh) == (
        "kg",
        "CN-SD",
        2020,
        "水泥熟料生产",
    )
    assert [h.name_en for h in store.search(engine, limit=2)] == [
        "Cement clinker production",
        "Electricity grid mix, China",
    ]


def test_one_dataset_with_its_providers_and_problems(engine: Engine) -> None:
    store.save(engine, sample_database())
    shown = store.process(engine, "TianGong", KILN)
    assert shown.process == sample_database().processes[KILN]
    assert set(shown.flows) == {CLINKER, POWER, CO2}
    assert shown.links == [Link(KILN, POWER, GRID_SD, "same-location")]
    assert shown.providers[GRID_SD].name_zh == "山东电网电力"
    assert [p.code for p in shown.problems] == ["BG-PROVIDER-SEVERAL"]
    assert shown.database.release == "2024"
    assert store.process(engine, "TianGong", f" {KILN.upper()} ").process.uuid == KILN
    grid = store.process(engine, "TianGong", GRID_CN)
    assert grid.links == [] and grid.providers == {} and grid.problems == []
    with pytest.raises(BackgroundError) as missing:
        store.process(engine, "TianGong", "no-such-uuid")
    assert "no-such-uuid" in missing.value.en and "没有数据集" in missing.value.zh


def test_a_release_with_its_problems_by_code(engine: Engine) -> None:
    store.save(engine, sample_database())
    summary = store.summary(engine, "TianGong")
    assert summary.problems == {"BG-AMOUNT-OUTLIER": 1, "BG-PROVIDER-SEVERAL": 1}
    assert summary.database.counts["processes"] == 3


def big_database(exchanges: int) -> Database:
    """``exchanges`` exchanges over a thousand processes: the size of TianGong's inventory."""
    db = sample_database(digest="b" * 64)
    per = exchanges // 1000
    for n in range(1000):
        uuid = f"p{n:07d}"
        rows = tuple(Exchange(CO2 if k else POWER, "output", 0.1 * k, k == 0) for k in range(per))
        db.processes[uuid] = dataclasses.replace(db.processes[GRID_CN], uuid=uuid, exchanges=rows)
    return db


def test_seventy_two_thousand_exchanges_save_in_seconds(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'big.db'}")
    migrate(engine)
    db = big_database(72_000)
    start = time.perf_counter()
    outcome = store.save(engine, db)
    seconds = time.perf_counter() - start
    assert outcome.counts["exchanges"] == 72_000 + 7
    assert seconds < 15, f"{seconds:.1f} s"
    assert store.load(engine, "TianGong") == db
