"""The report's charts as inline SVG: bars, a waterfall, a histogram and a tornado.

Drawn directly (no plotting library), so the HTML report stays one self-contained file whose
figures print sharply and whose numbers can be checked in the markup.
"""

from __future__ import annotations

from html import escape

import numpy as np

WIDTH, ROW, LEFT = 640, 26, 230
FONT = "font-family=\"'Noto Sans CJK SC','Microsoft YaHei',sans-serif\" font-size=\"12\""
POSITIVE, NEGATIVE = "#2e7d32", "#c62828"


def bars(values: dict[str, float], unit: str = "kg CO2e") -> str:
    """Horizontal bars, largest first; negative values (credits) drawn leftwards in red."""
    items = sorted(values.items(), key=lambda kv: -abs(kv[1]))
    return _signed_rows(items, unit)


def waterfall(values: dict[str, float], total_label: str, unit: str = "kg CO2e") -> str:
    """Contributions stacked one after another down to the total (largest first)."""
    items = sorted(values.items(), key=lambda kv: -abs(kv[1]))
    total = sum(v for _, v in items)
    low = min(0.0, *np.cumsum([v for _, v in items]))
    high = max(total, *np.cumsum([v for _, v in items]), 1e-12)
    scale = (WIDTH - LEFT - 90) / (high - low)
    height = ROW * (len(items) + 1) + 10
    parts, running = [], 0.0
    for i, (name, value) in enumerate([*items, (total_label, total)]):
        start = 0.0 if i == len(items) else running
        end = total if i == len(items) else running + value
        x0, x1 = sorted((LEFT + (start - low) * scale, LEFT + (end - low) * scale))
        color = "#1f4e79" if i == len(items) else (POSITIVE if value >= 0 else NEGATIVE)
        parts.append(_row(i, name, x0, max(x1 - x0, 0.5), color, f"{value:,.2f}"))
        running = end if i < len(items) else running
    return _svg(height, "".join(parts), unit)


def histogram(draws: list[float], mean: float, low: float, high: float, bins: int = 30) -> str:
    """Monte Carlo totals, with the mean and the 95 % interval marked."""
    counts, edges = np.histogram(draws, bins=bins)
    height, plot = 220, 170
    x_scale = (WIDTH - 80) / (edges[-1] - edges[0] or 1.0)
    y_scale = plot / max(counts.max(), 1)

    def x(v: float) -> float:
        return float(40 + (v - edges[0]) * x_scale)

    rects = "".join(
        f'<rect x="{x(a):.1f}" y="{20 + plot - c * y_scale:.1f}" width="{max(x(b) - x(a) - 1, 0.5):.1f}"'
        f' height="{c * y_scale:.1f}" fill="#90caf9"/>'
        for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True)
    )
    marks = "".join(
        f'<line x1="{x(v):.1f}" y1="15" x2="{x(v):.1f}" y2="{20 + plot}" stroke="{color}" '
        f'stroke-dasharray="4 3"/><text x="{x(v):.1f}" y="{height - 8}" text-anchor="middle">'
        f"{escape(label)} {v:,.1f}</text>"
        for v, label, color in [
            (low, "2.5 %", "#555"),
            (mean, "mean", "#c62828"),
            (high, "97.5 %", "#555"),
        ]
    )
    return _svg(height, rects + marks, "")


def tornado(elasticities: dict[str, float], top: int = 10) -> str:
    """The largest elasticities: % change of the total per 1 % change of each input."""
    items = sorted(elasticities.items(), key=lambda kv: -abs(kv[1]))[:top]
    return _signed_rows(items, "% / %")


def _signed_rows(items: list[tuple[str, float]], unit: str) -> str:
    extent = max((abs(v) for _, v in items), default=1.0) or 1.0
    negative = any(v < 0 for _, v in items)
    zero = LEFT + ((WIDTH - LEFT - 90) / 2 if negative else 0)
    scale = (WIDTH - LEFT - 90) / (2 * extent if negative else extent)
    parts = []
    for i, (name, value) in enumerate(items):
        x0 = zero if value >= 0 else zero + value * scale
        parts.append(
            _row(
                i,
                name,
                x0,
                max(abs(value) * scale, 0.5),
                POSITIVE if value >= 0 else NEGATIVE,
                f"{value:,.3g}",
            )
        )
    return _svg(ROW * len(items) + 10, "".join(parts), unit)


def _row(i: int, name: str, x: float, width: float, color: str, label: str) -> str:
    y = 8 + i * ROW
    return (
        f'<text x="{LEFT - 8}" y="{y + 14}" text-anchor="end">{escape(_clip(name))}</text>'
        f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{ROW - 8}" fill="{color}">'
        f"<title>{escape(name)}: {escape(label)}</title></rect>"
        f'<text x="{x + width + 4:.1f}" y="{y + 14}">{escape(label)}</text>'
    )


def _svg(height: int, body: str, unit: str) -> str:
    caption = f'<text x="{WIDTH - 4}" y="12" text-anchor="end" fill="#555">{escape(unit)}</text>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" {FONT}>{caption if unit else ""}{body}</svg>'
    )


def _clip(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
