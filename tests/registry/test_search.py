"""Searching the standards: a page of them, matched as the catalogue matches (as text)."""

from __future__ import annotations

import pytest

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry, listing
from pcfrules.rules import catalog


def test_search_pages_and_matches_text_only(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材 building", ["Drafter"])
    registry.propose(catalog.load("crude-steel-bf-bof"), "CISA", "钢铁 steel", ["Drafter"])
    everything, total = listing.page(registry)
    assert total == 2 and [s["rule_id"] for s in everything] == ["cement", "crude-steel-bf-bof"]
    assert listing.page(registry, "STEEL")[1] == 1
    assert listing.page(registry, "建材")[0][0]["rule_id"] == "cement"
    assert listing.page(registry, "C3011")[0][0]["rule_id"] == "cement"
    page, total = listing.page(registry, "", offset=1, limit=1)
    assert total == 2 and [s["rule_id"] for s in page] == ["crude-steel-bf-bof"]
    for q in ("%", "_", "' OR 1=1 --"):
        assert listing.page(registry, q) == ([], 0)
    for offset, limit in ((-1, 1), (0, 0)):
        with pytest.raises(RegistryError, match="bad page"):
            listing.page(registry, "", offset, limit)
