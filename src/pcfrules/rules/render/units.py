"""Units and numbers as a document writes them: ``千克（kg）``, ``吉焦每吨（GJ/t）``, ``1 040 000``.

The names are those of GB 3100-1993 (法定计量单位); a symbol without a Chinese name here is
written as its symbol, which is how Chinese standards write SI symbols too. Numbers are
grouped in threes by a thin space (GB/T 8170, GB 3101), never in exponent form. The
standard's text, the report and its charts all write numbers through :func:`number`.
"""

from __future__ import annotations

import math
import re

from pcfrules.rules.model import Lang

NAMES_ZH = {
    "t": "吨",
    "kg": "千克",
    "g": "克",
    "kWh": "千瓦时",
    "MWh": "兆瓦时",
    "GJ": "吉焦",
    "MJ": "兆焦",
    "TJ": "太焦",
    "Nm3": "标准立方米",
    "m3": "立方米",
    "km": "千米",
    "tkm": "吨公里",
    "L": "升",
    "h": "小时",
    "a": "年",
    "%": "百分比",
}
DIMENSIONLESS = {"dimensionless", "1", ""}
SYMBOLS = {"Nm3": "Nm³", "m3": "m³", "CO2e": "CO₂e", "CO2": "CO₂"}


def unit_symbol(unit: str) -> str:
    """The unit's symbol as printed (``m3`` → ``m³``, ``kg*km`` → ``kg·km``; ``—`` for none)."""
    if unit.strip() in DIMENSIONLESS:
        return "—"
    parts = re.split(r"([*/])", unit.strip())
    joined = "".join({"*": "·", "/": "/"}.get(p, SYMBOLS.get(p.strip(), p.strip())) for p in parts)
    return joined.replace("CO2e", "CO₂e")


def unit_name(unit: str, lang: Lang) -> str:
    """``千克（kg）`` / ``kg``; '' for a dimensionless quantity (its sentence names no unit)."""
    if unit.strip() in DIMENSIONLESS:
        return ""
    symbol = unit_symbol(unit)
    if lang == "en":
        return symbol
    names = []
    for part in re.split(r"([*/])", unit.strip()):
        if part == "/":
            names.append("每")
        elif part != "*" and part.strip():
            name = NAMES_ZH.get(part.strip())
            if name is None:
                return symbol
            names.append(name)
    return f"{''.join(names)}（{symbol}）"


def unit_phrase(unit: str, lang: Lang) -> str:
    """``，单位为千克（kg）`` / ``, in kg``; '' when dimensionless."""
    name = unit_name(unit, lang)
    if not name:
        return ""
    return f"，单位为{name}" if lang == "zh" else f", in {name}"


def significant(value: float, figures: int = 4) -> str:
    """``value`` to ``figures`` significant figures, grouped as :func:`number` groups them.

    A footprint of 0.9134 kg per kWh and one of 1 579 kg per t both keep four figures: a
    fixed number of decimals would round the first to 0.9 and pad the second.
    """
    if value == 0 or not math.isfinite(value):
        return number(value, 0)
    decimals = max(0, figures - 1 - math.floor(math.log10(abs(value))))
    return number(value, decimals)


def number(value: float, digits: int | None = None) -> str:
    """``1 040 000`` / ``−2 315.5`` / ``0.6205``: groups of three split by a thin space.

    With ``digits`` that many decimals; without, the value's own (up to six significant).
    """
    if digits is None:
        text = f"{value:.6g}"
        if "e" in text:
            text = f"{value:.0f}" if abs(value) >= 1 else f"{value:.6f}".rstrip("0")
        whole, _, frac = text.partition(".")
        grouped = f"{int(whole):,}" if whole.lstrip("-") else whole
        text = f"{grouped}.{frac}" if frac else grouped
    else:
        text = f"{value:,.{digits}f}"
    return text.replace(",", "\u2009").replace("-", "−")
