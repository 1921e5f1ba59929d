"""Shipped GWP sets equal the vendored IPCC table, and every row carries source and year."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from pcfrules import datasets
from pcfrules.errors import PcfrulesError
from tests.oracles import GWP_TABLE

COLUMNS = {"AR6-GWP100": "AR6GWP100", "AR5-GWP100": "AR5GWP100", "AR4-GWP100": "AR4GWP100"}


def _vendor_rows() -> list[dict[str, str]]:
    lines = [
        line
        for line in GWP_TABLE.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    return list(csv.DictReader(lines))


@pytest.mark.parametrize("gwp_set", sorted(COLUMNS))
def test_values_equal_vendor_table(gwp_set: str) -> None:
    compared = 0
    for row in _vendor_rows():
        text = row[COLUMNS[gwp_set]].strip()
        if text:
            assert datasets.gwp(gwp_set, row["Species"]).value == float(text)
            compared += 1
    assert compared > 30  # the table was read, not skipped over


def test_known_values() -> None:
    assert datasets.gwp("AR6-GWP100", "CH4").value == 27.9
    assert datasets.gwp("AR5-GWP100", "N2O").value == 265
    assert datasets.gwp("AR6-GWP100", "CF4").value == 7380
    assert datasets.gwp("AR6-GWP100", "CO2").value == 1


def test_every_row_has_source_and_year() -> None:
    text = resources.files("pcfrules.data").joinpath("gwp/ipcc_gwp100.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        assert row["source"].strip() and 1990 < int(row["year"]) < 2100


def test_unknown_set_and_gas() -> None:
    with pytest.raises(PcfrulesError, match="AR5-GWP100"):
        datasets.gwp("AR9", "CH4")
    with pytest.raises(PcfrulesError):
        datasets.gwp("AR6-GWP100", "unobtainium")


def test_priority_products_carry_their_sources() -> None:
    products = datasets.priority_products()
    assert len(products) == 19  # the guide's explanation lists nineteen
    assert products[0].name_zh == "电力" and products[-1].name_zh == "电子电器"
    for product in products:
        assert product.source.startswith("工业和信息化部办公厅") and product.year == 2024
        confirmed = not product.code_source.startswith("not confirmed")
        assert bool(product.codes) == confirmed, product.name_zh
        assert len(product.codes) == len(product.code_names)
        assert product.aliases, product.name_zh
    lime = next(p for p in products if p.name_zh == "石灰")
    assert (lime.codes, lime.code_names) == (("C3012",), ("石灰和石膏制造",))
