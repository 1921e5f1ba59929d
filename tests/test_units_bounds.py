"""Unit expressions are bounded in length and powers; a zero divisor or a runaway text is a
UnitError in our words, refused before pint recurses or computes."""

from __future__ import annotations

import pytest

from pcfrules.errors import Location, UnitError
from pcfrules.limits import UNIT_EXPONENT, UNIT_LENGTH
from pcfrules.units import parse_unit, registry
from tests.bounds import refused_within


@pytest.fixture(autouse=True, scope="module")
def _registry_built() -> None:
    registry()  # built once, so the timings below measure the refusal alone


@pytest.mark.parametrize("text", ["kg*" * 20_000 + "kg", "(" * 5000 + "kg" + ")" * 5000])
def test_a_unit_longer_than_the_limit_is_refused(text: str) -> None:
    error = refused_within(0.2, UnitError, lambda: parse_unit(text, Location(path="unit")))
    assert str(UNIT_LENGTH.value) in error.en and "单位表达式的长度" in error.zh
    assert error.location.path == "unit"


@pytest.mark.parametrize("text", ["kg**99999999", "kg**-13", "m^1e308", "kg**2.5e10"])
def test_a_power_beyond_the_limit_is_refused(text: str) -> None:
    error = refused_within(0.2, UnitError, lambda: parse_unit(text))
    assert str(UNIT_EXPONENT.value) in error.en and "幂次" in error.zh


def test_powers_within_the_limit_are_read() -> None:
    assert str(parse_unit("m**3")) == "meter ** 3"
    assert parse_unit("kg/m**12") is not None


@pytest.mark.parametrize("text", ["kg/0", "1/0", "kg**(1/0)", "t/(0)"])
def test_a_zero_divisor_is_a_unit_error(text: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert "not a unit expression" in info.value.en and "不是合法的单位表达式" in info.value.zh
