"""The whole TianGong database (4,133 processes), read, linked and scored.

The engine answers within its verified residual (1e-9), so hand values agree to 1e-7.

The database is not part of the checkout, so this test runs only where ``PCFRULES_TIANGONG``
names it (``make bench`` does, with the copy beside the checkout) and is skipped elsewhere;
the checkout's own copy of a part of it (``tests/data/tiangong-subset``) is always tested.

The products checked by hand, from their datasets (TianGong commit a55b302):

- ``21795ee4`` Hot rolled coil; steel production (CN), per kg: CO2 fossil 1.889 kg and N2O
  0.002429 kg, no product input linked ⇒ 1.889 + 0.002429 × 273 = 2.552117 kg CO2e.
- ``0bb40b0a`` Portland cement clinker 52.5 MPa (CN), per 1000 kg: CO2 842 kg, CH4 fossil
  1.61 kg, 149.76 MJ of the China electricity mix ⇒ 0.842 + 0.00161 × 29.8 + 0.14976 × e.
- ``1129701c`` Common Portland cement, China average, per 1000 kg: CO2 597.48 kg and
  187.272 + 153.36 MJ of the China electricity mix ⇒ 0.59748 + 0.340632 × e.
- ``0aa8c769`` Electricity mix, China, per 3.6 MJ: 2.5050788 MJ of thermal power
  (``aef876a0``), the other sources with no provider in the database ⇒ 2.5050788 / 3.6 × t.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pcfrules.background import compute, ilcd, link, readiness
from pcfrules.background.model import Database

TIANGONG = Path(os.environ.get("PCFRULES_TIANGONG", "")).expanduser()
pytestmark = pytest.mark.skipif(
    not (TIANGONG / "processes").is_dir(),
    reason="PCFRULES_TIANGONG does not name the TianGong database (make bench sets it)",
)


def _full(prefix: str, db: Database) -> str:
    return next(uuid for uuid in db.processes if uuid.startswith(prefix))


@pytest.fixture(scope="module")
def tiangong() -> Database:
    return link.link(ilcd.read(ilcd.listing(TIANGONG), "tiangong", "", str(TIANGONG)))


def test_everything_is_read(tiangong: Database) -> None:
    assert len(tiangong.processes) == 4133
    assert len(tiangong.flows) == 3021
    assert {m.name for m in tiangong.methods.values()} == {
        "Climate change",
        "Climate change-Fossil",
        "Climate change-Biogenic",
        "Climate change-Land use and land use change",
    }
    counts = readiness.counts(tiangong.problems)
    for code in (
        "BG-FLOW-MISSING",
        "BG-REF-TEXT",
        "BG-AMOUNT-EMPTY",
        "BG-REFFLOW-MISSING",
        "BG-PROVIDERS-MANY",
        "BG-SELF-USE-UNPRODUCTIVE",
        "BG-CURRENCY-BLOCK",
    ):
        assert counts.get(code, 0) > 0, code  # the faults the README names are all met
    assert counts["BG-REF-TEXT"] == 153


def test_well_known_products_match_their_datasets_by_hand(tiangong: Database) -> None:
    scores = {s.process: s.kg_co2e for s in compute.scores(tiangong).scores}
    thermal = scores[_full("aef876a0", tiangong)]
    mix = scores[_full("0aa8c769", tiangong)]
    assert mix == pytest.approx(2.505078828 / 3.6 * thermal, rel=1e-7)
    assert scores[_full("21795ee4", tiangong)] == pytest.approx(1.889 + 0.002429 * 273, rel=1e-7)
    clinker = 0.842 + 0.00161 * 29.8 + 0.14976 * mix
    assert scores[_full("0bb40b0a", tiangong)] == pytest.approx(clinker, rel=1e-7)
    assert scores[_full("1129701c", tiangong)] == pytest.approx(0.59748 + 0.340632 * mix, rel=1e-7)
    assert 0.5 < mix * 3.6 < 0.7  # kg CO2e per kWh: a coal-heavy grid


def test_the_databases_own_method_agrees_where_it_should(tiangong: Database) -> None:
    hot_rolled = next(
        s for s in compute.scores(tiangong).scores if s.process.startswith("21795ee4")
    )
    assert hot_rolled.method_kg_co2e == pytest.approx(hot_rolled.kg_co2e, rel=1e-3)


def test_every_score_is_under_a_second(tiangong: Database) -> None:
    started = time.perf_counter()
    result = compute.scores(tiangong)
    assert time.perf_counter() - started < 1.0
    assert len(result.scores) > 3000
