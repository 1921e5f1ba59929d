"""The one unit registry of pcfrules.

Every quantity in a rule, a study or a dataset is read through this registry so that a
unit means the same thing everywhere, however the data spelled it: ecoinvent (``m3``,
``m2*year``, ``metric ton*km``, ``unit``), ILCD and openLCA (``m2*a``, ``Item(s)``, ``p``),
Chinese statistics and users (``吨``, ``千瓦时``, ``万千瓦时``, ``吨标准煤``). It must not
know about rules, studies or the engine.

Two rules hold here. A spelling is added only when it has one meaning in LCA data; and
whatever pint makes of bad text, the caller sees a :class:`UnitError` in our own Chinese
and English words, never pint's message. Before pint reads a unit, its length
(:data:`~pcfrules.limits.UNIT_LENGTH`) and its powers
(:data:`~pcfrules.limits.UNIT_EXPONENT`) are bounded: pint parses by recursion and
computes powers exactly, so a long or high-powered text would overflow its stack or run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from tokenize import TokenError
from typing import Any, cast

import pint
from pint.util import UnitsContainer, string_preprocessor

from pcfrules.errors import Location, UnitError
from pcfrules.limits import UNIT_EXPONENT, UNIT_LENGTH

# Rewrites applied to every unit text before pint reads it (pint's preprocessors, so
# ``Quantity(1, "m3")`` benefits too). They cover spellings that cannot be definitions:
# a defined ``m3`` would let pint read ``km3`` as kilo-(m3) = 1000 m³, not 10⁹ m³.
_REWRITES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # ``Nm³`` is the normal cubic metre defined below; pint alone reads N·m³ (newton).
    (re.compile(r"Nm³"), "Nm3"),
    # ecoinvent's tonne; openLCA's count unit. Both are whole phrases, not pint syntax.
    (re.compile(r"\bmetric ton\b"), "t"),
    (re.compile(r"\bItem\(s\)"), "piece"),
    # ecoinvent/ILCD write powers of length as trailing digits (m2, m3, cm3, km2) and
    # land occupation as m2a. The look-behind leaves ``Nm3`` (its own unit) alone.
    (
        re.compile(r"(?<!\w)([khdcmµμu]?m)([23])(a?)(?!\w)"),
        lambda m: f"{m[1]}**{m[2]}" + ("*a" if m[3] else ""),
    ),
)

_DEFINITIONS = (
    # pint's ``t`` is the metric tonne and ``a`` the (Julian) year already, so ``m2*a``
    # and ``ha*a`` are area × year as LCA means them; these add what pint lacks.
    "Nm3 = meter ** 3 = normal_cubic_meter",
    "tkm = tonne * kilometer = tonne_kilometer",
    # 1 kgce (kilogram of coal equivalent) = 29.3076 MJ, GB/T 2589-2020 clause 3.7.
    "kgce = 29.3076 * megajoule = kilogram_coal_equivalent",
    "tce = 1000 * kgce = tonne_coal_equivalent",
    # Counts. ``pc`` replaces pint's parsec; ``unit``/``units`` would otherwise read as
    # micro-nit, and ``p`` is only a prefix in pint. Plurals (``items``) come from pint.
    "piece = [piece] = pc = pcs = p = unit = units = item",
    "kWp = kilowatt = kilowatt_peak",
    # CO2e marks a characterised mass ("kg CO2e"); dimensionless so it stays a mass.
    "CO2e = [] = CO2eq",
    # Chinese names: those of GB 3100-1993 (千克, 吨, 升, 千瓦时 …) and the customary
    # 公斤, 公里 and 度.
    "@alias metric_ton = 吨",
    "@alias kilogram = 千克 = 公斤",
    "@alias gram = 克",
    "@alias liter = 升",
    "@alias hectare = 公顷",
    "千瓦时 = kilowatt_hour = 度",  # 度: the name of the kWh on Chinese electricity bills
    "@alias piece = 个 = 件",
    "千米 = kilometer = 公里",
    "兆瓦时 = megawatt_hour",
    "兆焦 = megajoule = 兆焦耳",
    "吉焦 = gigajoule = 吉焦耳",
    "太焦 = terajoule = 太焦耳",
    "立方米 = meter ** 3",
    "平方米 = meter ** 2",
    "@alias Nm3 = 标准立方米",
    "@alias tkm = 吨公里 = 吨千米",
    "@alias kgce = 千克标准煤",
    "@alias tce = 吨标准煤",
    # 万 is the Chinese numeral 10⁴ (万千瓦时 in power statistics, 万吨 in output tables).
    "万千瓦时 = 10000 * kilowatt_hour",
    "万吨 = 10000 * metric_ton",
)

# What pint's parser raises on text that is not a unit expression: it evaluates a token
# tree with Python arithmetic, so ``1/0``, ``kg**`` or ``(kg`` fail with builtins.
_PARSE_FAILURES = (
    pint.errors.PintError,
    ArithmeticError,
    AssertionError,
    AttributeError,
    KeyError,  # a zero power: pint drops the unit, then looks it up (``s**0``)
    RecursionError,  # pint's parser recurses once per operator
    SyntaxError,
    TokenError,
    TypeError,
    ValueError,
)


# A number in a unit expression is an exponent (``m**3``) or the 1 of ``1/s``; anything
# else is no unit, and a number raised to a power (``9**9**9``) would have pint compute
# an integer of hundreds of millions of digits before it objects.
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")
_EXPONENT_BEFORE = re.compile(r"\*\*[\s(+-]*$")
_CHAINED_POWER = re.compile(r"\*\*[\s(+-]*[\d.]+[\s)]*\*\*")


def _safe_to_parse(text: str) -> bool:
    """True when every number in ``text`` (as pint will see it) is an exponent or a 1."""
    seen = string_preprocessor(_rewrite(text))
    if _CHAINED_POWER.search(seen):
        return False
    return all(
        number[0] == "1" or _EXPONENT_BEFORE.search(seen, 0, number.start())
        for number in _NUMBER.finditer(seen)
    )


def _largest_power(text: str) -> float:
    """The largest magnitude of a number written as a power in ``text`` (0 when none)."""
    seen = string_preprocessor(_rewrite(text))
    powers = [
        float(number[0])
        for number in _NUMBER.finditer(seen)
        if _EXPONENT_BEFORE.search(seen, 0, number.start())
    ]
    return max(powers, default=0.0)


def _rewrite(text: str) -> str:
    """Apply the LCA spellings of :data:`_REWRITES` (a pint preprocessor)."""
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[Any]:
    """The shared registry, built once; extra LCA units are defined on it."""
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(
        autoconvert_offset_to_baseunit=True, preprocessors=[_rewrite]
    )
    for definition in _DEFINITIONS:
        ureg.define(definition)
    return ureg


def parse_unit(text: str, where: Location | None = None) -> pint.Unit:
    """Read a unit string, raising :class:`UnitError` naming the place when pint cannot."""
    location = where or Location()
    if not text.strip():
        raise UnitError(
            zh=f"未给出单位（单位文本「{text}」为空）",
            en=f"no unit given (the unit text '{text}' is empty)",
            location=location,
        )
    UNIT_LENGTH.check(len(text), UnitError, location)
    ureg = registry()
    if not _safe_to_parse(text):
        raise _malformed(text, location)
    UNIT_EXPONENT.check(_largest_power(text), UnitError, location)
    try:
        return ureg.Unit(text.strip())
    except pint.errors.UndefinedUnitError as exc:
        raise _unknown(text, exc.unit_names, location) from None
    except _PARSE_FAILURES:
        raise _malformed(text, location) from None


def _malformed(text: str, location: Location) -> UnitError:
    """The error for text that is no unit expression at all (``kg**``, ``1/0``, ``2 kg``)."""
    return UnitError(
        zh=f"「{text}」不是合法的单位表达式（单位名以 *、/ 和整数次幂连接，如「kg/t」）",
        en=f"'{text}' is not a unit expression (unit names joined by *, / and "
        "integer powers, such as 'kg/t')",
        location=location,
    )


def _unknown(text: str, names: str | tuple[str, ...], location: Location) -> UnitError:
    """The error for a name pint does not know, naming that part when it is not the whole."""
    unknown = [n for n in ((names,) if isinstance(names, str) else names) if n in text]
    if not unknown or unknown == [text.strip()]:
        return UnitError(
            zh=f"无法识别的单位「{text}」", en=f"unknown unit '{text}'", location=location
        )
    parts_zh = "、".join(f"「{n}」" for n in unknown)
    parts_en = ", ".join(f"'{n}'" for n in unknown)
    return UnitError(
        zh=f"无法识别的单位「{text}」：{parts_zh} 不是已知单位",
        en=f"unknown unit '{text}': {parts_en} is not a known unit",
        location=location,
    )


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


def sizes(per_unit: str, base: str, target: str) -> bool:
    """Whether an amount in ``per_unit`` says how many ``target`` one ``base`` provides.

    Either it is that ratio (``km/piece`` for a vehicle) or the amount itself (``km``, or a
    dimensionless kWh per kWh).
    """
    return same_dimension(f"({per_unit})*({base})", target) or same_dimension(per_unit, target)


def amount_per(per_unit: str, base: str, target: str, where: Location | None = None) -> float:
    """The factor turning a value in ``per_unit`` into ``target`` per one ``base`` (see sizes)."""
    if same_dimension(f"({per_unit})*({base})", target):
        return conversion_factor(f"({per_unit})*({base})", target, where)
    return conversion_factor(per_unit, target, where)


def conversion_factor(src: str, dst: str, where: Location | None = None) -> float:
    """How many ``dst`` make one ``src``; :class:`UnitError` when they do not convert."""
    try:
        return _factor(src.strip(), dst.strip())
    except UnitError as exc:
        raise replace(exc, location=where or Location()) from None


@lru_cache(maxsize=4096)
def _factor(src: str, dst: str) -> float:
    """The factor for a pair of unit strings, computed once (builders ask for it per exchange)."""
    a, b = parse_unit(src), parse_unit(dst)
    try:
        return float(registry().Quantity(1.0, a).to(b).magnitude)
    except pint.errors.PintError:
        (a_en, a_zh), (b_en, b_zh) = _measure(a), _measure(b)
        raise UnitError(
            zh=f"「{src}」（{a_zh}）不能换算为「{dst}」（{b_zh}）",
            en=f"'{src}' ({a_en}) does not convert to '{dst}' ({b_en})",
        ) from None


# Names of the kinds of quantity LCA data measures, each by a unit that measures it.
# Rows 1 to 8 (mass … count) also name ratios ("mass/energy" for kg/kWh).
_RATIO_KINDS = 9
_KINDS: tuple[tuple[str, str, str], ...] = (
    ("dimensionless", "dimensionless", "无量纲"),
    ("kg", "mass", "质量"),
    ("J", "energy", "能量"),
    ("W", "power", "功率"),
    ("m**3", "volume", "体积"),
    ("m**2", "area", "面积"),
    ("m", "length", "长度"),
    ("s", "time", "时间"),
    ("piece", "count", "数量"),
    ("kg*m", "transport (mass × distance)", "运输量（质量×距离）"),
    ("m**2*s", "land occupation (area × time)", "土地占用（面积×时间）"),
    ("m**3*s", "volume × time", "体积×时间"),
    ("1/s", "radioactivity or frequency", "放射性活度或频率"),
    ("K", "temperature", "温度"),
    ("mol", "amount of substance", "物质的量"),
)

_BASE_NAMES = {
    "[mass]": ("mass", "质量"),
    "[length]": ("length", "长度"),
    "[time]": ("time", "时间"),
    "[temperature]": ("temperature", "温度"),
    "[substance]": ("amount of substance", "物质的量"),
    "[current]": ("electric current", "电流"),
    "[luminosity]": ("luminous intensity", "发光强度"),
    "[piece]": ("count", "数量"),
}


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[UnitsContainer, str, str], ...]:
    """:data:`_KINDS` with each dimension read by the registry, once."""
    ureg = registry()
    return tuple((ureg.Unit(u).dimensionality, en, zh) for u, en, zh in _KINDS)


def _measure(unit: pint.Unit) -> tuple[str, str]:
    """What a unit measures, in English and Chinese, for messages: "energy", "mass/energy"."""
    dims = unit.dimensionality
    for kind, en, zh in _kinds():
        if kind == dims:
            return en, zh
    for (num, num_en, num_zh), (den, den_en, den_zh) in _pairs():
        if num / den == dims:
            return f"{num_en}/{den_en}", f"{num_zh}/{den_zh}"
    return _composed(dims)


def _pairs() -> Iterator[tuple[tuple[UnitsContainer, str, str], tuple[UnitsContainer, str, str]]]:
    """Every ratio of two named kinds (mass per energy, energy per mass, …), numerator first."""
    kinds = _kinds()[1:_RATIO_KINDS]
    return ((num, den) for num in kinds for den in kinds if num is not den)


def _composed(dims: UnitsContainer) -> tuple[str, str]:
    """A dimension no name covers, spelled from its base dimensions: "mass·time²/length²"."""
    names = {d: _BASE_NAMES.get(d, (d.strip("[]"), d.strip("[]"))) for d in dims}

    def side(lang: int, positive: bool) -> str:
        # pint types exponents as any number; a dimension's are ints or floats.
        powers = ((d, cast(float, e)) for d, e in sorted(dims.items()))
        return "·".join(
            names[d][lang] + (f"^{abs(e):g}" if abs(e) != 1 else "")
            for d, e in powers
            if (e > 0) == positive
        )

    en = "/".join(filter(None, (side(0, True) or "1", side(0, False))))
    zh = "/".join(filter(None, (side(1, True) or "1", side(1, False))))
    return en, zh
