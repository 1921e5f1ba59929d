"""The one unit registry of pcfrules.

Every quantity in a rule, a study or a dataset is read through this registry so that
``t``, ``kg``, ``kWh``, ``MJ``, ``Nm3``, ``tkm`` and ``tce`` mean the same thing
everywhere. It must not know about rules, studies or the engine.
"""

from __future__ import annotations

from functools import lru_cache

import pint

from pcfrules.errors import Location, UnitError

_EXTRA_DEFINITIONS = (
    # pint's "t" is the metric tonne already; these add the units LCA work needs.
    "Nm3 = meter ** 3 = normal_cubic_meter",
    "tkm = tonne * kilometer = tonne_kilometer",
    # 1 kgce (kilogram of coal equivalent) = 29.3076 MJ, GB/T 2589-2020 clause 3.7.
    "kgce = 29.3076 * megajoule = kilogram_coal_equivalent",
    "tce = 1000 * kgce = tonne_coal_equivalent",
    "piece = [piece] = pc = pcs",
    "kWp = kilowatt = kilowatt_peak",
    # CO2e marks a characterised mass ("kg CO2e"); dimensionless so it stays a mass.
    "CO2e = [] = CO2eq",
)


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The shared registry, built once; extra LCA units are defined on it."""
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for definition in _EXTRA_DEFINITIONS:
        ureg.define(definition)
    return ureg


def parse_unit(text: str, where: Location | None = None) -> pint.Unit:
    """Read a unit string, raising :class:`UnitError` naming the place when pint cannot."""
    try:
        return registry().Unit(text.strip())
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        ValueError,
        AttributeError,
        TypeError,
        AssertionError,
    ) as exc:
        raise UnitError(
            zh=f"无法识别的单位“{text}”",
            en=f"unknown unit '{text}' ({exc.__class__.__name__})",
            location=where or Location(),
        ) from exc


def is_valid_unit(text: str) -> bool:
    """True when pint reads ``text`` as a unit."""
    try:
        parse_unit(text)
    except UnitError:
        return False
    return True


def same_dimension(a: str, b: str) -> bool:
    """True when two unit strings measure the same kind of quantity (convertible)."""
    try:
        return parse_unit(a).dimensionality == parse_unit(b).dimensionality
    except UnitError:
        return False


def conversion_factor(src: str, dst: str, where: Location | None = None) -> float:
    """How many ``dst`` make one ``src``; :class:`UnitError` when they do not convert."""
    try:
        return _factor(src.strip(), dst.strip())
    except pint.errors.DimensionalityError as exc:
        raise UnitError(
            zh=f"单位“{src}”不能换算为“{dst}”",
            en=f"unit '{src}' does not convert to '{dst}'",
            location=where or Location(),
        ) from exc
    except UnitError as exc:
        raise UnitError(zh=exc.zh, en=exc.en, location=where or Location()) from exc


@lru_cache(maxsize=4096)
def _factor(src: str, dst: str) -> float:
    """The factor for a pair of unit strings, computed once (builders ask for it per exchange)."""
    ureg = registry()
    return float(ureg.Quantity(1.0, parse_unit(src)).to(parse_unit(dst)).magnitude)
