"""Thirty real TianGong processes chosen for their faults (tests/data/tiangong-subset, MIT).

``expected.json`` and ``README.md`` beside the files say, process by process, which fault each
carries and how it was found in the XML; the chain's footprint there is worked by hand
(beef from maize and wheat, 6.731523092 kg CO2e per kg) and checked with an independent numpy
solve. Here pcfrules must meet every fault with its code and the chain with that number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pcfrules.background import compute, ilcd, link, readiness
from pcfrules.background.model import Database

SUBSET = Path(__file__).resolve().parents[1] / "data" / "tiangong-subset"
EXPECTED = json.loads((SUBSET / "expected.json").read_text("utf-8"))
CASES = EXPECTED["cases"]


@pytest.fixture(scope="module")
def db() -> Database:
    return link.link(ilcd.read(ilcd.listing(SUBSET), "tiangong-subset", "", str(SUBSET)))


def _codes(db: Database, code: str) -> list[tuple[str, ...]]:
    return [p.datasets for p in db.problems if p.code == code]


def test_every_dataset_is_read_with_its_units(db: Database) -> None:
    counts = EXPECTED["counts"]
    assert len(db.processes) == counts["processes"] == 30
    assert len(db.flows) == counts["flows"] == 284
    assert len(db.methods) == counts["lcia_methods"] == 4
    cut_when_read = {"BG-REF-TEXT", "BG-AMOUNT-EMPTY", "BG-FLOW-MISSING", "BG-REFFLOW-MISSING"}
    cut = sum(1 for p in db.problems if p.code in cut_when_read)
    assert sum(len(p.exchanges) for p in db.processes.values()) + cut == counts["exchanges_total"]
    assert ilcd.licence_file(SUBSET) == "MIT License"  # the LICENSE file beside the datasets
    assert db.processes["0aa8c769-a04a-4e76-897a-2b1051cb9344"].location == "CN"
    electricity = CASES["4_several_providers"]["flow"]
    assert db.flows[electricity].unit == "MJ"


def test_each_fault_has_its_code(db: Database) -> None:
    counts = readiness.counts(db.problems)
    assert (
        counts["BG-REF-TEXT"] == EXPECTED["subset_totals"]["exchanges_with_non_uuid_flow_reference"]
    )
    assert ("c1df6f93-53d0-4609-b019-4aa4d6cec00b",) in _codes(db, "BG-NO-REFERENCE")
    assert _codes(db, "BG-REFFLOW-MISSING")[0][0] == "8a55c29a-91af-42f0-9f43-60d729ea377e"
    assert (
        counts["BG-AMOUNT-NEGATIVE"] == EXPECTED["subset_totals"]["exchanges_with_negative_amount"]
    )
    unproductive = {d[0] for d in _codes(db, "BG-SELF-USE-UNPRODUCTIVE")}
    assert {u["process"] for u in CASES["5_self_consumption"]["unproductive"]} <= unproductive
    assert set(CASES["5_self_consumption"]["unproductive_io_sectors"]) <= unproductive
    productive = CASES["5_self_consumption"]["productive"][0]["process"]
    assert [(productive,)] == _codes(db, "BG-SELF-USE")
    assert {d[0] for d in _codes(db, "BG-CURRENCY-BLOCK")} == set(
        CASES["7_currency_io_block"]["processes"]
    )
    assert {d[0] for d in _codes(db, "BG-COPRODUCT")} == {
        c["process"] for c in CASES["9_two_reference_flows"]
    }
    untreated = CASES["8_waste"]["untreated"]
    assert _codes(db, "BG-WASTE-UNTREATED") == [
        (untreated["emitter"]["process"], untreated["flow"])
    ]
    assert [d[0] for d in _codes(db, "BG-UNIT-UNKNOWN")] == ["309b272a-6773-4abe-9a8a-6fb539944d1b"]
    assert counts == {
        "BG-FLOW-MISSING": 2,
        "BG-REF-TEXT": 11,
        "BG-AMOUNT-EMPTY": 24,
        "BG-AMOUNT-NEGATIVE": 1,
        "BG-NO-REFERENCE": 1,
        "BG-REFFLOW-MISSING": 1,
        "BG-UNIT-UNKNOWN": 1,
        "BG-PROVIDERS-MANY": 1,
        "BG-NO-PROVIDER": 28,
        "BG-WASTE-UNTREATED": 1,
        "BG-SELF-USE": 1,
        "BG-SELF-USE-UNPRODUCTIVE": 5,
        "BG-COPRODUCT": 2,
        "BG-BYPRODUCT": 8,
        "BG-CURRENCY-BLOCK": 3,
    }


def test_providers_wastes_and_residues_are_linked_as_the_cases_say(db: Database) -> None:
    chosen = {(lk.consumer, lk.flow): (lk.provider, lk.rule) for lk in db.links}
    case = CASES["4_several_providers"]
    consumer = case["consumer"]["process"]
    assert chosen[(consumer, case["flow"])] == (
        case["expected_provider_for_consumer"],
        "same-location",
    )
    treated = CASES["8_waste"]["treated"]
    assert (
        chosen[(treated["emitter"]["process"], treated["flow"])][0]
        == treated["treatment"]["process"]
    )
    residue = CASES["8_waste"]["treated_product_typed"]  # a sludge typed as a product, treated
    assert (
        chosen[(residue["emitter"]["process"], residue["flow"])][0]
        == residue["treatment"]["process"]
    )


def test_the_chain_is_the_hand_calculation(db: Database) -> None:
    chain = CASES["12_chain"]
    scores = {s.process: s for s in compute.scores(db).scores}
    for uuid, step in chain["processes"].items():
        assert scores[uuid].kg_co2e == pytest.approx(step["cumulative_kg_co2e_per_unit"], rel=1e-9)
        assert scores[uuid].method_kg_co2e == pytest.approx(
            step["cumulative_kg_co2e_per_unit"], rel=1e-9
        )
    assert scores[chain["final_product"]["process"]].kg_co2e == pytest.approx(6.731523092, rel=1e-9)


def test_a_process_written_with_its_product_twice_is_scored_once(db: Database) -> None:
    twice = "de3a8c6e-5fb5-4095-b550-e3f12a7d1d2b"
    assert sum(1 for s in compute.scores(db).scores if s.process == twice) == 1
