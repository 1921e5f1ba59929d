"""Where a study's background dataset comes from: an imported release, else the extract shipped.

The shipped TianGong extract (8 processes behind the China electricity mix) is checked against
its own datasets by hand: the mix ``0aa8c769`` delivers 3.6 MJ from 2.5050788 MJ of thermal
power ``aef876a0`` (its other sources have no provider in TianGong), and thermal power emits
0.834091067 kg fossil CO2 per 3.6 MJ directly, its fuels' supply adding the rest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pcfrules.background import compute, ilcd, link, sources, store
from pcfrules.background.model import Database
from pcfrules.errors import BackgroundError
from pcfrules.registry import make_engine, migrate

from .ilcd_files import ENERGY_PROPERTY, Ex, Flw, Proc, uid, write

MIX = "0aa8c769-a04a-4e76-897a-2b1051cb9344"
THERMAL = "aef876a0-dd1f-4e00-97c5-3e59a0cfb6ac"
MIX_NAME = "Electricity production ; Electricity mix ; China"


@pytest.fixture(scope="module")
def extract() -> Database:
    return sources.shipped("tiangong")


def test_the_shipped_extract_is_the_mix_and_its_supply_chain(extract: Database) -> None:
    assert len(extract.processes) == 8
    assert extract.licence.startswith("MIT")
    assert "a55b302" in extract.source
    scores = {s.process: s.kg_co2e for s in compute.scores(extract).scores}
    assert scores[MIX] == pytest.approx(2.505078828 / 3.6 * scores[THERMAL], rel=1e-7)
    direct = 0.834091067 / 3.6
    assert direct < scores[THERMAL] < direct * 1.05  # fuel supply adds a few per cent
    assert 0.5 < scores[MIX] * 3.6 < 0.7  # kg CO2e per kWh


def test_a_dataset_is_found_by_uuid_or_by_its_exact_name() -> None:
    found = sources.SHIPPED.footprint(f"tiangong:{MIX}", "AR6-GWP100")
    by_name = sources.SHIPPED.footprint(f"tiangong:{MIX_NAME}", "AR6-GWP100")
    assert by_name == found
    assert (found.uuid, found.unit, found.location, found.year) == (MIX, "MJ", "CN", 2019)
    assert found.licence.startswith("MIT") and found.name_zh


def test_a_name_matching_nothing_or_a_database_not_there_is_refused() -> None:
    with pytest.raises(BackgroundError, match="no datasets named 'steel'") as refused:
        sources.SHIPPED.footprint("tiangong:steel", "AR6-GWP100")
    assert "UUID" in refused.value.zh
    with pytest.raises(BackgroundError, match=r"there are: tiangong \(shipped\)"):
        sources.SHIPPED.footprint(f"ecoinvent:{MIX}", "AR6-GWP100")
    with pytest.raises(BackgroundError, match="is not <database>"):
        sources.SHIPPED.footprint("no spec", "AR6-GWP100")


def test_an_imported_release_answers_before_the_extract(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "db",
        [
            Flw(1, "carbon dioxide (fossil)", "Elementary flow", cas="124-38-9"),
            Flw(2, "electricity", prop=ENERGY_PROPERTY),
        ],
        [Proc(10, "CN", "grid", [Ex(2, "Output", "2", True), Ex(1, "Output", "1.5")])],
    )
    db = link.link(ilcd.read(ilcd.listing(folder), "tiangong", "2030-01-01", "test"))
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    store.save(engine, db)
    found = sources.Backgrounds(lambda: engine).footprint(f"tiangong:{uid(10)}", "AR6-GWP100")
    assert (found.release, found.kg_co2e, found.unit) == ("2030-01-01", 0.75, "MJ")
    with pytest.raises(BackgroundError, match="not in the database"):
        sources.Backgrounds(lambda: engine).footprint(f"tiangong:{MIX}", "AR6-GWP100")
