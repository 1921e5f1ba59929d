"""The system-boundary figure: stages left to right inside a dashed boundary.

As inline SVG for HTML and PDF, and as a PNG image for DOCX.
"""

from __future__ import annotations

import io
from html import escape
from typing import Any

from pcfrules.fonts import cjk_fonts
from pcfrules.rules.render.document import Figure

BOX_W, GAP, LINE_H, PAD = 190, 46, 22, 14
FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif"


def svg(figure: Figure) -> str:
    """An SVG drawing of ``figure``; sizes follow the number of stages and processes."""
    stages = figure.stages or []
    rows = max((len(s.processes) for s in stages), default=1)
    box_h = PAD * 2 + LINE_H * (rows + 1)
    inner_w = len(stages) * BOX_W + max(len(stages) - 1, 0) * GAP
    side = 180
    width = inner_w + 2 * side + 40
    height = box_h + 90
    x0 = side + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" font-family="{FONT}" font-size="13">',
        f"<title>{escape(figure.caption)}</title>",
        '<defs><marker id="arr" markerWidth="10" markerHeight="8" refX="9" refY="4" '
        'orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="#333"/></marker></defs>',
        f'<rect x="{x0 - 14}" y="28" width="{inner_w + 28}" height="{box_h + 34}" fill="none" '
        'stroke="#1f4e79" stroke-dasharray="6 4" stroke-width="1.5"/>',
        f'<text x="{x0 - 8}" y="22" fill="#1f4e79">{escape(figure.boundary_label)}</text>',
    ]
    mid = 45 + box_h / 2
    parts.append(_side_label(10, mid, side - 10, figure.outside_in))
    parts.append(_arrow(side - 4, mid, x0 - 16))
    for i, stage in enumerate(stages):
        x = x0 + i * (BOX_W + GAP)
        parts.append(_stage_box(x, 45, box_h, stage.name, stage.processes))
        if i:
            parts.append(_arrow(x - GAP + 2, mid, x - 2))
    end = x0 + inner_w
    parts.append(_arrow(end + 16, mid, end + 50))
    parts.append(_side_label(end + 54, mid, side - 10, figure.outside_out))
    parts.append("</svg>")
    return "".join(parts)


def _stage_box(x: float, y: float, h: float, name: str, processes: list[str]) -> str:
    lines = [
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{h}" rx="6" fill="#eef4fa" '
        'stroke="#1f4e79"/>',
        f'<text x="{x + BOX_W / 2}" y="{y + PAD + 6}" text-anchor="middle" '
        f'font-weight="bold">{escape(name)}</text>',
    ]
    for j, proc in enumerate(processes):
        ty = y + PAD + LINE_H * (j + 1) + 6
        lines.append(f'<text x="{x + 12}" y="{ty}">• {escape(_clip(proc))}</text>')
    return "".join(lines)


def _side_label(x: float, y: float, w: float, text: str) -> str:
    return (
        f'<text x="{x + w / 2}" y="{y + 4}" text-anchor="middle" fill="#333">{escape(text)}</text>'
    )


def _arrow(x1: float, y: float, x2: float) -> str:
    return (
        f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="#333" '
        'stroke-width="1.5" marker-end="url(#arr)"/>'
    )


def _clip(text: str, limit: int = 24) -> str:
    """Keep a process name inside its box."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def png(figure: Figure, dpi: int = 200) -> bytes:
    """The same drawing as a PNG (for DOCX, which has no SVG a word processor reliably shows).

    Drawn with matplotlib (Agg) in a CJK font, boxes sized to the stages and processes.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    stages = figure.stages or []
    rows = max((len(s.processes) for s in stages), default=1)
    width = 2.0 * len(stages) + 0.6 * max(len(stages) - 1, 0) + 3.4
    height = 0.9 + 0.32 * (rows + 1)
    fig = plt.figure(figsize=(width, height), dpi=dpi)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    font = {"family": cjk_fonts(), "size": 9}
    box_h = 0.32 * (rows + 1) + 0.1
    y0 = (height - box_h) / 2 - 0.1
    x = 1.7
    ax.add_patch(
        FancyBboxPatch((x - 0.15, y0 - 0.12), width - 3.1, box_h + 0.24, boxstyle="square,pad=0",
                       fill=False, linestyle="--", edgecolor="#1f4e79")
    )  # fmt: skip
    ax.text(x - 0.1, y0 + box_h + 0.2, figure.boundary_label, color="#1f4e79", fontdict=font)
    mid = y0 + box_h / 2
    ax.text(0.8, mid, figure.outside_in, ha="center", va="center", fontdict=font, wrap=True)
    _png_arrow(ax, FancyArrowPatch, 1.35, x - 0.2, mid)
    for i, stage in enumerate(stages):
        ax.add_patch(
            FancyBboxPatch((x, y0), 2.0, box_h, boxstyle="round,pad=0,rounding_size=0.06",
                           facecolor="#eef4fa", edgecolor="#1f4e79")
        )  # fmt: skip
        ax.text(
            x + 1.0, y0 + box_h - 0.22, stage.name, ha="center", fontdict={**font, "weight": "bold"}
        )
        for j, process in enumerate(stage.processes):
            ax.text(x + 0.1, y0 + box_h - 0.54 - 0.32 * j, "• " + _clip(process, 14), fontdict=font)
        if i:
            _png_arrow(ax, FancyArrowPatch, x - 0.58, x - 0.02, mid)
        x += 2.6
    end = x - 0.6
    _png_arrow(ax, FancyArrowPatch, end + 0.2, end + 0.65, mid)
    ax.text(end + 1.2, mid, figure.outside_out, ha="center", va="center", fontdict=font)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


def _png_arrow(ax: Any, arrow: Any, x1: float, x2: float, y: float) -> None:
    ax.add_patch(arrow((x1, y), (x2, y), arrowstyle="-|>", mutation_scale=10, color="#333"))
