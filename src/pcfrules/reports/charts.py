"""The report's charts, drawn with matplotlib: bars, a waterfall, a histogram and a tornado.

matplotlib sets the CJK names (Noto Sans CJK), places labels so they do not overlap
(horizontal bars, one name a row, long names wrapped, the layout fitted to them) and writes
numbers as people read them (``1 040 000``, never ``1.04e+06``). Each chart is inline SVG
with its text drawn as outlines, so the HTML and the PDF show the same glyphs everywhere.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import numpy as np

from pcfrules.fonts import cjk_fonts
from pcfrules.rules.render.units import number

POSITIVE, NEGATIVE, TOTAL = "#2e7d32", "#c62828", "#1f4e79"
WIDTH = 6.8  # inches: the text width of an A4 page with the report's margins


def bars(values: dict[str, float], unit: str = "kg CO₂e") -> str:
    """Horizontal bars, largest first; negative values (credits) drawn leftwards in red."""
    items = sorted(values.items(), key=lambda kv: -abs(kv[1]))
    names = [n for n, _ in items]
    numbers = [v for _, v in items]
    colors = [POSITIVE if v >= 0 else NEGATIVE for v in numbers]
    return _horizontal(
        names, [0.0] * len(items), numbers, colors, [number(v, 2) for v in numbers], unit
    )


def waterfall(values: dict[str, float], total_label: str, unit: str = "kg CO₂e") -> str:
    """Contributions stacked one after another down to the total (largest first)."""
    items = sorted(values.items(), key=lambda kv: -abs(kv[1]))
    running = np.concatenate([[0.0], np.cumsum([v for _, v in items])])
    starts = [*running[:-1], 0.0]
    widths = [v for _, v in items] + [float(running[-1])]
    colors = [POSITIVE if v >= 0 else NEGATIVE for _, v in items] + [TOTAL]
    names = [n for n, _ in items] + [total_label]
    return _horizontal(names, starts, widths, colors, [number(w, 2) for w in widths], unit)


def tornado(changes: dict[str, float], label: str) -> str:
    """The footprint's change (%) with each input raised in turn, largest first."""
    items = sorted(changes.items(), key=lambda kv: -abs(kv[1]))
    names = [n for n, _ in items]
    numbers = [v for _, v in items]
    colors = [POSITIVE if v >= 0 else NEGATIVE for v in numbers]
    shown = [f"{v:+.2f} %".replace("-", "−") for v in numbers]
    return _horizontal(names, [0.0] * len(items), numbers, colors, shown, label)


def histogram(
    draws: list[float], mean: float, low: float, high: float, unit: str = "kg CO₂e"
) -> str:
    """The Monte Carlo totals with the mean and the 95 % interval marked."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(WIDTH, 2.6))
    ax.hist(draws, bins=min(40, max(10, len(draws) // 10)), color="#90caf9", edgecolor="white")
    for x, style in ((mean, "-"), (low, "--"), (high, "--")):
        ax.axvline(x, color=TOTAL, linestyle=style, linewidth=1)
    ax.xaxis.set_major_formatter(_formatter())
    ax.set_xlabel(unit)
    ax.tick_params(axis="x", labelrotation=0)
    _thin(ax)
    return _svg(fig)


def _horizontal(
    names: list[str],
    starts: list[float],
    widths: list[float],
    colors: list[str],
    shown: list[str],
    unit: str,
) -> str:
    """One bar a row, its name at the left (wrapped) and its value at its end."""
    plt = _pyplot()
    wrapped = [textwrap.fill(n, 18) if _wide(n) else textwrap.fill(n, 32) for n in names]
    lines = sum(max(1, w.count("\n") + 1) for w in wrapped)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.45 + 0.24 * max(lines, len(names))))
    rows = np.arange(len(names))
    ax.barh(rows, widths, left=starts, color=colors, height=0.62)
    ax.set_yticks(rows, wrapped)
    ax.invert_yaxis()
    ends = [s + w for s, w in zip(starts, widths, strict=True)]
    low, high = min([0.0, *starts, *ends]), max([0.0, *starts, *ends])
    pad = (high - low) * 0.22 or 1.0
    ax.set_xlim(low - (pad if low < 0 else 0), high + pad)
    for row, end, text in zip(rows, ends, shown, strict=True):
        ax.text(end + (high - low) * 0.01 * (1 if end >= 0 else -1), row, text, va="center",
                ha="left" if end >= 0 else "right", fontsize=8)  # fmt: skip
    ax.axvline(0, color="#555", linewidth=0.6)
    ax.xaxis.set_major_formatter(_formatter())
    ax.set_xlabel(unit)
    _thin(ax)
    return _svg(fig)


def _wide(text: str) -> bool:
    return any(ord(ch) > 0x2E7F for ch in text)


def _thin(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)


def _formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: number(x, 0 if abs(x) >= 10 or x == int(x) else 2))


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams.update(
        {
            "font.family": cjk_fonts(),
            "svg.fonttype": "path",
            "svg.hashsalt": "pcfrules",
            "axes.unicode_minus": True,
        }
    )
    return plt


def _svg(fig: Any) -> str:
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    _pyplot().close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]
