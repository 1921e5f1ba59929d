"""The shared unit registry knows the LCA units, and refuses what it cannot read."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pcfrules.errors import Location, UnitError
from pcfrules.units import conversion_factor, is_valid_unit, parse_unit, same_dimension

# Float arithmetic in pint (3600000 J / 1e6 J) is exact only to the last bit or two.
EXACT = 1e-12


@pytest.mark.parametrize(
    ("src", "dst", "factor"),
    [
        ("t", "kg", 1000.0),
        ("kgce", "MJ", 29.3076),  # GB/T 2589-2020
        ("tce", "GJ", 29.3076),
        ("tkm", "kg*km", 1000.0),
        ("kWh", "MJ", 3.6),
        ("Nm3", "m**3", 1.0),
        ("t CO2e", "kg", 1000.0),
        ("kg/TJ", "kg/GJ", 0.001),
    ],
)
def test_conversions(src: str, dst: str, factor: float) -> None:
    assert conversion_factor(src, dst) == pytest.approx(factor, rel=EXACT)


# One row per spelling that ecoinvent, ILCD, openLCA, Chinese statistics or a user writes:
# the text, a reference unit in pint's own syntax, and how many of those make one.
SPELLINGS = [
    # volumes and areas written with trailing digits, or superscripts
    ("m3", "meter**3", 1.0),
    ("m³", "meter**3", 1.0),
    ("m2", "meter**2", 1.0),
    ("m²", "meter**2", 1.0),
    ("km2", "meter**2", 1e6),
    ("cm3", "liter", 0.001),
    ("kg/m3", "kg/liter", 0.001),
    ("l", "meter**3", 0.001),
    ("Nm3", "meter**3", 1.0),
    ("Nm³", "Nm3", 1.0),
    # occupation: area or volume × year ('a' is the year, not pint's are)
    ("m2*a", "meter**2*year", 1.0),
    ("m2a", "meter**2*year", 1.0),
    ("m2*year", "meter**2*year", 1.0),
    ("m3*a", "meter**3*year", 1.0),
    ("ha", "meter**2", 1e4),
    ("ha*a", "meter**2*year", 1e4),
    # transport
    ("kg*km", "kilogram*kilometer", 1.0),
    ("t*km", "tkm", 1.0),
    ("t.km", "tkm", 1.0),
    ("t·km", "tkm", 1.0),
    ("tkm", "kilogram*kilometer", 1000.0),
    ("metric ton*km", "tkm", 1.0),
    # energy
    ("kWh", "megajoule", 3.6),
    ("MWh", "kWh", 1000.0),
    ("MJ", "joule", 1e6),
    ("GJ", "megajoule", 1000.0),
    ("TJ", "gigajoule", 1000.0),
    ("kgce", "megajoule", 29.3076),
    ("tce", "gigajoule", 29.3076),
    # counts: one dimension, all equal to one piece
    ("p", "piece", 1.0),
    ("pcs", "piece", 1.0),
    ("pc", "piece", 1.0),
    ("unit", "piece", 1.0),
    ("units", "piece", 1.0),
    ("item", "piece", 1.0),
    ("items", "piece", 1.0),
    ("Item(s)", "piece", 1.0),
    # radioactivity
    ("kBq", "becquerel", 1000.0),
    # Chinese names
    ("吨", "kilogram", 1000.0),
    ("万吨", "tonne", 1e4),
    ("千克", "kilogram", 1.0),
    ("公斤", "kilogram", 1.0),
    ("克", "kilogram", 0.001),
    ("千瓦时", "megajoule", 3.6),
    ("度", "kWh", 1.0),
    ("万千瓦时", "kWh", 1e4),
    ("兆瓦时", "kWh", 1000.0),
    ("兆焦", "megajoule", 1.0),
    ("兆焦耳", "megajoule", 1.0),
    ("吉焦", "gigajoule", 1.0),
    ("吉焦耳", "megajoule", 1000.0),
    ("太焦", "gigajoule", 1000.0),
    ("立方米", "meter**3", 1.0),
    ("平方米", "meter**2", 1.0),
    ("升", "liter", 1.0),
    ("公顷", "meter**2", 1e4),
    ("标准立方米", "Nm3", 1.0),
    ("吨标准煤", "gigajoule", 29.3076),
    ("千克标准煤", "kgce", 1.0),
    ("吨公里", "tkm", 1.0),
    ("吨千米", "tkm", 1.0),
    ("公里", "kilometer", 1.0),
    ("千米", "kilometer", 1.0),
    ("个", "piece", 1.0),
    ("件", "piece", 1.0),
    # the spellings combine like any unit
    ("kg/千瓦时", "kg/kWh", 1.0),
    ("千克标准煤/吨", "kgce/t", 1.0),
]


@pytest.mark.parametrize(("text", "reference", "factor"), SPELLINGS)
def test_lca_spelling(text: str, reference: str, factor: float) -> None:
    assert is_valid_unit(text)
    assert conversion_factor(text, reference) == pytest.approx(factor, rel=EXACT)


def test_counts_are_one_dimension() -> None:
    counts = ["p", "pcs", "unit", "item", "Item(s)", "个", "件"]
    assert all(same_dimension(c, "piece") for c in counts)
    assert not same_dimension("unit", "candela/m**2")  # not pint's micro-nit
    assert not same_dimension("p", "kg")


def test_prefix_readings_are_kept() -> None:
    # Defining 'p' (piece) must not steal pint's pico prefix, nor 'm3' that of kilo.
    assert conversion_factor("ps", "s") == pytest.approx(1e-12, rel=EXACT)
    assert conversion_factor("pg", "g") == pytest.approx(1e-12, rel=EXACT)
    assert conversion_factor("km3", "m3") == pytest.approx(1e9, rel=EXACT)
    assert conversion_factor("CO2e", "dimensionless") == 1.0


def _assert_ours(error: UnitError) -> None:
    """Both messages are ours: no pint class name, no pint wording."""
    for text in (error.zh, error.en, str(error)):
        assert not re.search(r"pint|Undefined|Dimensionality|Error|Cannot convert", text)
    assert re.search(r"[\u4e00-\u9fff]", error.zh)


@pytest.mark.parametrize("text", ["tonnez", "kg/tonnez", "m2*zz", "unitz"])
def test_unknown_unit(text: str) -> None:
    assert not is_valid_unit(text)
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert f"'{text}'" in info.value.en and f"「{text}」" in info.value.zh
    _assert_ours(info.value)


def test_unknown_part_is_named() -> None:
    with pytest.raises(UnitError) as info:
        parse_unit("kg/tonnez")
    assert "'tonnez' is not a known unit" in info.value.en
    assert "「tonnez」" in info.value.zh


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_unit(text: str) -> None:
    assert not is_valid_unit(text)
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert "no unit given" in info.value.en and "未给出单位" in info.value.zh
    _assert_ours(info.value)


@pytest.mark.parametrize(
    "text", ["kg**", "1/0", "kg/0", "2 kg", "(kg", "kg)", "kg/", "*", "kg + m", "kg**a", "s**0"]
)
def test_garbage(text: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert f"'{text}' is not a unit expression" in info.value.en
    assert f"「{text}」不是合法的单位表达式" in info.value.zh
    _assert_ours(info.value)


@pytest.mark.parametrize("text", ["9**9**9", "kg**9**9**9", "9⁹⁹⁹⁹⁹⁹⁹⁹", "(9)**99999999"])
def test_huge_powers_are_refused_at_once(text: str) -> None:
    # pint would compute the integer before refusing; we refuse before pint sees it.
    assert not is_valid_unit(text)


@pytest.mark.parametrize(
    ("src", "dst", "en", "zh"),
    [
        ("kg", "kWh", "'kg' (mass) does not convert to 'kWh' (energy)", "「kg」（质量）不能换算为「kWh」（能量）"),
        ("kWh", "kg", "'kWh' (energy) does not convert to 'kg' (mass)", "「kWh」（能量）不能换算为「kg」（质量）"),
        ("m3", "t", "'m3' (volume) does not convert to 't' (mass)", "「m3」（体积）不能换算为「t」（质量）"),
        ("p", "kg", "'p' (count) does not convert to 'kg' (mass)", "「p」（数量）不能换算为「kg」（质量）"),
        ("tkm", "t", "'tkm' (transport (mass × distance)) does not convert", "「tkm」（运输量"),
        ("m2*a", "m2", "'m2*a' (land occupation (area × time))", "「m2*a」（土地占用"),
        ("kg/kWh", "kg/t", "'kg/kWh' (mass/energy) does not convert to 'kg/t' (dimensionless)", "（质量/能量）"),
        ("kg*s", "kg", "'kg*s' (mass·time)", "（质量·时间）"),
    ],
)  # fmt: skip
def test_dimension_mismatch(src: str, dst: str, en: str, zh: str) -> None:
    with pytest.raises(UnitError) as info:
        conversion_factor(src, dst, Location(file="study.yaml", line=3))
    assert en in info.value.en and zh in info.value.zh
    assert str(info.value.location) == "study.yaml:3"
    _assert_ours(info.value)


def test_conversion_of_unreadable_unit_names_the_place() -> None:
    where = Location(path="items[0].unit")
    with pytest.raises(UnitError) as info:
        conversion_factor("kg", "tonnez", where)
    assert info.value.location == where and "'tonnez'" in info.value.en
    _assert_ours(info.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="kgmtJWhs*/()^.0123456789 -+²³aNp吨度_,%", max_size=10))
def test_any_text_parses_or_raises_unit_error(text: str) -> None:
    try:
        parse_unit(text)
    except UnitError as error:
        _assert_ours(error)


def test_dimension_comparison() -> None:
    assert same_dimension("t", "kg")
    assert not same_dimension("t", "kWh")
    assert not same_dimension("t", "nonsense")
    assert same_dimension("m2*a", "ha*a")
    assert same_dimension("度", "MJ")
