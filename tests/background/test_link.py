"""Reading, linking and scoring a small ILCD database built so each rule meets its case.

Every expected footprint below is worked by hand in the comments (AR6: CH4 non-fossil 27.0,
N2O 273), so the engine's answer is checked against arithmetic, not against itself.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest

from pcfrules.background import compute, ilcd, link, readiness
from pcfrules.background.model import Database
from pcfrules.errors import BackgroundError

from .ilcd_files import ENERGY_PROPERTY, MONEY_PROPERTY, Ex, Flw, Proc, uid, write

CO2, CH4_BIO, N2O, HFC = 1, 2, 3, 20
ELEC, COAL, STEEL, SLAG, SLUDGE, SVC1, GAS, COA, COB, UNPROVIDED = (
    10,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
)
ALU, OXY, LOOP, SVC2, BAD1, BAD2, OUT = 21, 22, 23, 24, 25, 26, 27

FLOWS = [
    Flw(CO2, "carbon dioxide (fossil)", "Elementary flow", cas="124-38-9"),
    Flw(CH4_BIO, "methane (biogenic)", "Elementary flow", cas="74-82-8"),
    Flw(N2O, "nitrous oxide", "Elementary flow", cas="10024-97-2"),
    Flw(HFC, "HFC-9999 test gas", "Elementary flow"),
    Flw(ELEC, "electricity", prop=ENERGY_PROPERTY),
    Flw(COAL, "coal"),
    Flw(STEEL, "steel"),
    Flw(SLAG, "slag", "Waste flow"),
    Flw(SLUDGE, "sludge", "Waste flow"),
    Flw(SVC1, "service one", prop=MONEY_PROPERTY),
    Flw(SVC2, "service two", prop=MONEY_PROPERTY),
    Flw(BAD1, "sector one", prop=MONEY_PROPERTY),
    Flw(BAD2, "sector two", prop=MONEY_PROPERTY),
    Flw(GAS, "by-product gas"),
    Flw(COA, "co-product A"),
    Flw(COB, "co-product B"),
    Flw(UNPROVIDED, "input nobody makes"),
    Flw(ALU, "aluminium"),
    Flw(OXY, "oxygen"),
    Flw(LOOP, "loop gas"),
    Flw(OUT, "downstream product"),
]


def _processes() -> list[Proc]:
    out, inp = "Output", "Input"
    return [
        Proc(
            100,
            "CN",
            "coal mining",
            [
                Ex(COAL, out, "1000", True),
                Ex(ELEC, inp, "50"),
                Ex(CO2, out, "20"),
                Ex(CH4_BIO, out, "2"),
            ],
        ),
        Proc(
            101,
            "CN",
            "electricity CN",
            [Ex(ELEC, out, "1", True), Ex(COAL, inp, "0.1"), Ex(CO2, out, "0.25")],
        ),
        Proc(
            102,
            "SD-CN",
            "electricity SD",
            [Ex(ELEC, out, "1", True), Ex(COAL, inp, "0.12"), Ex(CO2, out, "0.3")],
        ),
        Proc(
            103,
            "US",
            "electricity US",
            [Ex(ELEC, out, "1", True), Ex(CO2, out, "0.4"), Ex(N2O, out, "0.001")],
        ),
        Proc(
            104,
            "SD-CN",
            "steel",
            [
                Ex(STEEL, out, "1", True),
                Ex(ELEC, inp, "2"),
                Ex(COAL, inp, "0.5"),
                Ex(SLAG, out, "0.1"),
                Ex(SLUDGE, out, "0.05"),
                Ex(GAS, out, "0.2"),
                Ex(UNPROVIDED, inp, "0.3"),
                Ex(CO2, out, "1.0"),
                Ex(HFC, out, "1"),
                Ex("caustic soda", inp, "0.2"),
                Ex(COAL, inp, ""),
                Ex(99, inp, "7"),
            ],
        ),
        Proc(
            105,
            "CN",
            "slag treatment",
            [Ex(SLAG, inp, "1", True), Ex(ELEC, inp, "0.1"), Ex(CO2, out, "0.01")],
        ),
        Proc(
            106,
            "JS-CN",
            "co-products",
            [
                Ex(COA, out, "1", True),
                Ex(COB, out, "4", True),
                Ex(ELEC, inp, "10"),
                Ex(CO2, out, "5"),
            ],
        ),
        Proc(
            107,
            "FR",
            "aluminium",
            [Ex(ALU, out, "1", True), Ex(ELEC, inp, "15"), Ex(CO2, out, "2")],
        ),
        Proc(
            108,
            "CN",
            "oxygen",
            [Ex(OXY, out, "10", True), Ex(OXY, inp, "2"), Ex(CO2, out, "4"), Ex(CO2, out, "-0.5")],
        ),
        Proc(
            109,
            "CN",
            "loop gas",
            [Ex(LOOP, out, "1", True), Ex(LOOP, inp, "1.5"), Ex(CO2, out, "1")],
        ),
        Proc(
            110,
            "CN",
            "sector A",
            [Ex(SVC1, out, "1", True), Ex(SVC2, inp, "0.7"), Ex(CO2, out, "0.1")],
        ),
        Proc(
            111,
            "CN",
            "sector B",
            [Ex(SVC2, out, "1", True), Ex(SVC1, inp, "0.9"), Ex(CO2, out, "0.2")],
        ),
        Proc(
            112,
            "CN",
            "bad sector A",
            [Ex(BAD1, out, "1", True), Ex(BAD2, inp, "1.2"), Ex(CO2, out, "0.1")],
        ),
        Proc(
            113,
            "CN",
            "bad sector B",
            [Ex(BAD2, out, "1", True), Ex(BAD1, inp, "0.9"), Ex(CO2, out, "0.1")],
        ),
        Proc(
            114,
            "CN",
            "downstream",
            [Ex(OUT, out, "1", True), Ex(BAD1, inp, "0.5"), Ex(CO2, out, "3")],
        ),
        Proc(115, "CN", "no reference", [Ex(OUT, out, "1")], no_reference=True),
        Proc(116, "CN", "reference missing", [Ex(98, out, "1", True), Ex(CO2, out, "1")]),
    ]


# Hand calculation (kg CO2e per unit, AR6):
#   coal c = 0.02 + 0.002·27.0 + 0.05·e101 ;  e101 = 0.25 + 0.1·c
#   ⇒ c = (0.074 + 0.0125) / (1 − 0.005) = 0.0865 / 0.995
COAL_KG = 0.0865 / 0.995
E101 = 0.25 + 0.1 * COAL_KG
E102 = 0.3 + 0.12 * COAL_KG
E103 = 0.4 + 0.001 * 273
SLAG_TREATED = 0.01 + 0.1 * E101
STEEL_KG = 1.0 + 2 * E102 + 0.5 * COAL_KG + 0.1 * SLAG_TREATED  # sludge, gas, unprovided cut
COPRODUCT = (5 + 10 * E101) * (1 / 5)  # mass shares 1/5 and 4/5: the same per kg for both
ALU_KG = 2 + 15 * E101  # FR: no same location or country; the default (CN, the home)
OXYGEN = (4 - 0.5) / 10 / (1 - 2 / 10)  # net output 0.8 per unit made
SECTOR_A = 0.24 / 0.37  # λ1 = 0.1 + 0.7·λ2, λ2 = 0.2 + 0.9·λ1 ⇒ λ1 = (0.1 + 0.14) / (1 − 0.63)
SECTOR_B = 0.2 + 0.9 * SECTOR_A
DOWNSTREAM = 3.0  # its input from the unproductive block is cut off


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(
        tmp_path_factory.mktemp("ilcd") / "db", FLOWS, _processes(), {CO2: 1.0, CH4_BIO: 25.0}
    )


@pytest.fixture(scope="module")
def linked(folder: Path) -> Database:
    db = ilcd.read(ilcd.listing(folder), "test", "", str(folder))
    return link.link(db)


def _by_process(db: Database) -> dict[str, compute.Score]:
    return {s.process: s for s in compute.scores(db).scores}


def test_read_counts_names_units_and_gases(linked: Database) -> None:
    assert len(linked.processes) == 17
    assert len(linked.flows) == 21
    assert linked.release == "2024-04-15"  # the newest revision date
    assert linked.licence == "Free of charge for all users and uses"
    assert linked.flows[uid(ELEC)].unit == "MJ"
    assert linked.flows[uid(SVC1)].unit == "EUR"
    assert linked.flows[uid(COAL)].unit == "kg"
    assert (linked.flows[uid(CO2)].gas, linked.flows[uid(CO2)].origin) == ("CO2", "fossil")
    assert (linked.flows[uid(CH4_BIO)].gas, linked.flows[uid(CH4_BIO)].origin) == (
        "CH4",
        "biogenic",
    )
    assert linked.flows[uid(N2O)].gas == "N2O"
    assert linked.processes[uid(100)].name_zh == "coal mining（中文）"
    assert linked.processes[uid(102)].location == "SD-CN"


def test_every_fault_is_counted_with_its_code(linked: Database) -> None:
    assert readiness.counts(linked.problems) == {
        "BG-FLOW-MISSING": 1,
        "BG-REF-TEXT": 1,
        "BG-AMOUNT-EMPTY": 1,
        "BG-AMOUNT-NEGATIVE": 1,
        "BG-NO-REFERENCE": 1,
        "BG-REFFLOW-MISSING": 1,
        "BG-GHG-UNMAPPED": 1,
        "BG-PROVIDERS-MANY": 1,
        "BG-NO-PROVIDER": 1,
        "BG-WASTE-UNTREATED": 1,
        "BG-SELF-USE": 1,
        "BG-SELF-USE-UNPRODUCTIVE": 1,
        "BG-COPRODUCT": 1,
        "BG-BYPRODUCT": 1,
        "BG-CURRENCY-BLOCK": 4,
        "BG-SINGULAR": 2,
        "BG-UPSTREAM-EXCLUDED": 1,
    }
    assert link.excluded(linked) == {uid(n) for n in (109, 112, 113, 115, 116)}
    assert all(code in readiness.CODES for code in readiness.counts(linked.problems))


def test_providers_are_chosen_by_the_stated_rule_and_recorded(linked: Database) -> None:
    chosen = {(lk.consumer, lk.flow): (lk.provider, lk.rule) for lk in linked.links}
    assert chosen[(uid(100), uid(ELEC))] == (uid(101), "same-location")
    assert chosen[(uid(104), uid(ELEC))] == (uid(102), "same-location")
    assert chosen[(uid(106), uid(ELEC))] == (uid(101), "country")  # JS-CN is in CN
    assert chosen[(uid(107), uid(ELEC))] == (uid(101), "default")  # FR: the home, CN
    assert chosen[(uid(104), uid(COAL))] == (uid(100), "only")
    assert chosen[(uid(104), uid(SLAG))] == (uid(105), "only")  # a treatment takes the waste
    assert (uid(114), uid(BAD1)) not in chosen  # its provider was excluded
    assert Counter(lk.rule for lk in linked.links)["same-location"] == 3


def test_scores_match_the_hand_calculation(linked: Database) -> None:
    scores = _by_process(linked)
    expected = {
        100: COAL_KG,
        101: E101,
        102: E102,
        103: E103,
        104: STEEL_KG,
        105: SLAG_TREATED,
        107: ALU_KG,
        108: OXYGEN,
        110: SECTOR_A,
        111: SECTOR_B,
        114: DOWNSTREAM,
    }
    for n, value in expected.items():
        assert scores[uid(n)].kg_co2e == pytest.approx(value, rel=1e-9), n
    both = [s for s in compute.scores(linked).scores if s.process == uid(106)]
    assert {s.flow for s in both} == {uid(COA), uid(COB)}
    assert all(s.kg_co2e == pytest.approx(COPRODUCT, rel=1e-9) for s in both)
    assert all(uid(n) not in scores for n in (109, 112, 113, 115, 116))


def test_the_databases_own_method_is_computed_beside(linked: Database) -> None:
    coal = 0.0825 / 0.995  # CH4 biogenic at the method's 25: 0.02 + 0.05 + 0.05·(0.25 + 0.1·c)
    scores = _by_process(linked)
    assert scores[uid(100)].method_kg_co2e == pytest.approx(coal, rel=1e-9)
    assert scores[uid(103)].method_kg_co2e == pytest.approx(0.4, rel=1e-9)  # no N2O factor


def test_an_override_chooses_the_provider_everywhere(folder: Path) -> None:
    db = link.link(ilcd.read(ilcd.listing(folder), "test", "", ""), {uid(ELEC): uid(103)})
    coal = 0.074 + 0.05 * E103
    steel = 1.0 + 2 * E103 + 0.5 * coal + 0.1 * (0.01 + 0.1 * E103)
    assert _by_process(db)[uid(104)].kg_co2e == pytest.approx(steel, rel=1e-9)
    assert {lk.rule for lk in db.links if lk.flow == uid(ELEC)} == {"override"}


def test_contributions_explain_one_product(linked: Database) -> None:
    score, parts = compute.contributions(linked, uid(104))
    assert score.kg_co2e == pytest.approx(STEEL_KG, rel=1e-9)
    assert sum(p.kg_co2e for p in parts) == pytest.approx(STEEL_KG, rel=1e-9)
    steel = next(p for p in parts if p.process == uid(104))
    assert steel.kg_co2e == pytest.approx(1.0) and steel.activity == pytest.approx(1.0)
    sd = next(p for p in parts if p.process == uid(102))
    assert sd.activity == pytest.approx(2.0)


def test_a_dataset_footprint_names_database_release_and_dataset(linked: Database) -> None:
    found = compute.footprint(linked, uid(101))
    assert (found.database, found.release, found.location, found.unit) == (
        "test",
        "2024-04-15",
        "CN",
        "MJ",
    )
    assert found.kg_co2e == pytest.approx(E101, rel=1e-9)
    assert found.name_en == "electricity CN"
    with pytest.raises(BackgroundError) as refused:
        compute.footprint(linked, uid(112))
    assert "excluded" in refused.value.en and "排除" in refused.value.zh
    with pytest.raises(BackgroundError, match="not in the database"):
        compute.footprint(linked, uid(555))


def test_a_zip_reads_as_the_folder_does(folder: Path, tmp_path: Path) -> None:
    archive = tmp_path / "db.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in folder.rglob("*.xml"):
            z.write(file, f"ILCD/{file.relative_to(folder)}")
    from_zip = ilcd.read(ilcd.listing(archive), "test", "", "")
    from_folder = ilcd.read(ilcd.listing(folder), "test", "", "")
    assert from_zip.digest == from_folder.digest
    assert from_zip.processes == from_folder.processes


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_what_is_no_ilcd_database_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    with pytest.raises(BackgroundError) as refused:
        ilcd.listing(path)
    assert str(path) in refused.value.en and "ILCD" in refused.value.zh


def test_a_folder_without_processes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "flows").mkdir()
    with pytest.raises(BackgroundError, match="no processes"):
        ilcd.listing(tmp_path)


def test_a_broken_file_is_a_problem_not_a_stop(folder: Path, tmp_path: Path) -> None:
    copy = write(tmp_path / "db", FLOWS, _processes())
    (copy / "processes" / "broken.xml").write_text("<processDataSet><unclosed>", "utf-8")
    db = ilcd.read(ilcd.listing(copy), "test", "", "")
    assert readiness.counts(db.problems)["BG-FILE-UNREADABLE"] == 1
    assert len(db.processes) == 17


def test_an_entity_is_not_expanded(tmp_path: Path) -> None:
    copy = write(tmp_path / "db", FLOWS, _processes())
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", "utf-8")
    text = (copy / "processes" / f"{uid(101)}.xml").read_text("utf-8")
    text = text.replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>',
    ).replace("electricity CN</baseName>", "&x;</baseName>")
    (copy / "processes" / f"{uid(101)}.xml").write_text(text, "utf-8")
    db = ilcd.read(ilcd.listing(copy), "test", "", "")
    assert "SECRET" not in db.processes[uid(101)].name_en


def test_an_amount_far_from_the_databases_median_is_flagged_and_kept(tmp_path: Path) -> None:
    water = 30
    flows = [
        Flw(CO2, "carbon dioxide (fossil)", "Elementary flow", cas="124-38-9"),
        Flw(water, "process water"),
    ] + [Flw(200 + i, f"product {i}") for i in range(8)]
    procs = [
        Proc(
            300 + i,
            "CN",
            f"maker {i}",
            [Ex(200 + i, "Output", "2", True), Ex(water, "Input", "3" if i else "30000000")],
        )
        for i in range(8)
    ]  # 1.5 per kg seven times, 15 000 000 per kg once
    db = ilcd.read(ilcd.listing(write(tmp_path / "db", flows, procs)), "t", "", "")
    (flagged,) = [p for p in db.problems if p.code == "BG-AMOUNT-OUTLIER"]
    assert flagged.datasets == (uid(300), uid(water)) and flagged.action == "flagged"
    assert "median 1.5 of 8" in flagged.detail
    kept = next(ex for ex in db.processes[uid(300)].exchanges if ex.flow == uid(water))
    assert kept.amount == 30000000  # listed, never silently changed
