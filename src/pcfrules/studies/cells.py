"""What a cell of a filled workbook says, as plants write it.

Numbers come as spreadsheets store them or as people type them — ``36800``, ``36,800``,
``36 800``, full-width ``３６８００``, ``3.6万`` (万 = 10⁴, 亿 = 10⁸) — and dates as
``2025-01-01``, ``2025/1/1`` or ``2025年1月1日``. Each reader returns ``None`` for text
it cannot read with one meaning (``3,6`` could be 3.6 or 36), so that the import names the
cell instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from pcfrules.rules.model import Text

MULTIPLIERS = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def text(value: object) -> str:
    """A cell's text, trimmed and with full-width forms made ordinary ('' for an empty cell)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def number(value: object) -> float | None:
    """The number a cell holds, or ``None`` when it is not one (or not finite)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if Decimal(value).is_finite() else None
    written = re.sub(r"[\s\u2009\u202f]+", " ", text(value))
    factor = Decimal(1)
    if written[-1:] in MULTIPLIERS:
        factor, written = MULTIPLIERS[written[-1]], written[:-1].strip()
    if "," in written or " " in written:
        if not _GROUPED.fullmatch(written) or ("," in written and " " in written):
            return None
        written = written.replace(",", "").replace(" ", "")
    if "_" in written:
        return None
    try:
        parsed = Decimal(written)
    except InvalidOperation:
        return None
    return float(parsed * factor) if parsed.is_finite() else None


def day(value: object) -> date | None:
    """The date a cell holds (a date cell, or text written as people write dates)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.fullmatch(text(value))
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def choice(value: object, choices: dict[str, Text]) -> str | None:
    """The key of the choice a cell names (by key or either language's label), else ``None``."""
    written = text(value).casefold()
    for key, label in choices.items():
        if written in (key.casefold(), label.zh.casefold(), label.en.casefold()):
            return key
    return None
