"""标准目录: the catalogue's entries and its search, with what readers type taken as plain text."""

from __future__ import annotations

import pytest

from pcfrules.registry import Registry, listing
from pcfrules.registry.seed import DEMO_SECRETARIAT, seed
from pcfrules.rules import catalog
from tests.registry.conftest import Clock, stricter_cement


def _entry(entries: list[listing.Entry], rule_id: str) -> listing.Entry:
    return next(e for e in entries if e.rule_id == rule_id)


@pytest.fixture
def seeded(registry: Registry) -> list[listing.Entry]:
    seed(registry)
    return listing.entries(registry)


def test_every_standard_is_an_entry_named_from_its_text(
    registry: Registry, seeded: list[listing.Entry]
) -> None:
    assert [e.rule_id for e in seeded] == catalog.catalog_ids()
    cement = _entry(seeded, "cement")
    rule = registry.version_rule("cement")
    assert (cement.product_zh, cement.product_en) == (
        rule.identity.product.zh,
        rule.identity.product.en,
    )
    assert cement.association == "PCFR" and cement.association_zh
    assert cement.industry == ("C3011",) and cement.number.startswith("T/PCFR ")
    assert (cement.state, cement.newest_state) == ("published", "published")


def test_a_revision_under_way_is_named_beside_the_live_version(
    registry: Registry, clock: Clock, seeded: list[listing.Entry]
) -> None:
    revision = stricter_cement().model_copy(deep=True)
    revision.identity.version = "1.1.0"
    registry.acting_as(DEMO_SECRETARIAT).revise(revision)
    cement = _entry(listing.entries(registry), "cement")
    assert (cement.version, cement.state) == ("1.0.0", "published")
    assert cement.newest_state == "drafting"
    assert listing.search(listing.entries(registry), state="drafting") == [cement]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("", catalog.catalog_ids()),
        ("水泥", ["cement"]),
        ("CEMENT", ["cement"]),
        ("aluminium", ["electrolytic-aluminium"]),
        ("C3120", ["crude-steel-bf-bof", "crude-steel-eaf"]),
        ("钢铁", ["crude-steel-bf-bof", "crude-steel-eaf"]),
        ("高炉", ["crude-steel-bf-bof"]),
        (
            f"T/PCFR {catalog.catalog_ids().index('crude-steel-bf-bof') + 1}—2026",
            ["crude-steel-bf-bof"],
        ),
        ("' OR 1=1 --", []),
        ("%", []),
        ("_", []),
        ("水泥 钢铁", []),  # every word must match
    ],
)
def test_search_by_words(seeded: list[listing.Entry], q: str, expected: list[str]) -> None:
    assert [e.rule_id for e in listing.search(seeded, q)] == expected


def test_filters_by_sector_stage_and_code_prefix(seeded: list[listing.Entry]) -> None:
    assert listing.sectors(seeded) == sorted({e.sector for e in seeded})
    assert len(seeded) == len(catalog.catalog_ids())
    steel = _entry(seeded, "crude-steel-bf-bof")
    same_sector = [e.rule_id for e in seeded if e.sector == steel.sector]
    assert same_sector == ["crude-steel-bf-bof", "crude-steel-eaf"]
    assert [e.rule_id for e in listing.search(seeded, sector=steel.sector)] == same_sector
    in_c30 = [e.rule_id for e in seeded if any(c.startswith("C30") for c in e.industry)]
    assert {"cement", "flat-glass", "lime"} <= set(in_c30)
    assert [e.rule_id for e in listing.search(seeded, code="c30")] == in_c30
    in_c3 = [e.rule_id for e in seeded if any(code.startswith("C3") for code in e.industry)]
    assert "cement" in in_c3 and "electrolytic-aluminium" in in_c3
    assert [e.rule_id for e in listing.search(seeded, code="C3")] == in_c3
    assert (
        listing.search(seeded, code="%") == [] and listing.search(seeded, state="withdrawn") == []
    )
    assert list(listing.states(seeded)) == ["published"]
