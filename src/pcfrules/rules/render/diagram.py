"""The system-boundary figure as inline SVG: stages left to right inside a dashed boundary."""

from __future__ import annotations

from html import escape

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
