"""The shared unit registry knows the LCA units, and refuses what it cannot read."""

from __future__ import annotations

import pytest

from pcfrules.errors import UnitError
from pcfrules.units import conversion_factor, is_valid_unit, parse_unit, same_dimension


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
    assert conversion_factor(src, dst) == pytest.approx(factor)


def test_incompatible_units() -> None:
    with pytest.raises(UnitError) as info:
        conversion_factor("kWh", "kg")
    assert "does not convert" in info.value.en and info.value.zh


def test_unknown_unit() -> None:
    assert not is_valid_unit("tonnez")
    with pytest.raises(UnitError):
        parse_unit("tonnez")


def test_dimension_comparison() -> None:
    assert same_dimension("t", "kg")
    assert not same_dimension("t", "kWh")
    assert not same_dimension("t", "nonsense")
