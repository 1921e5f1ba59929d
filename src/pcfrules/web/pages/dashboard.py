"""The public dashboard: standards by stage, sector and code, coverage, progress toward 2027.

Every number is ``registry.exports.dashboard``'s; this page only lays them out as ECharts
options (drawn by ``static/app.js`` from a JSON ``<script type="application/json">``: the
CSP allows no inline script) and, for readers without the chart, as a table below each.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from pcfrules import datasets
from pcfrules.registry import exports, workflow
from pcfrules.web.deps import Svc, Visitor, csrf_protect
from pcfrules.web.i18n import page_lang, pick
from pcfrules.web.templating import page

router = APIRouter(dependencies=[Depends(csrf_protect)])
TEAL, AMBER, GREEN = "#0b5563", "#8a5a00", "#1e6b3a"


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, svc: Svc, visitor: Visitor) -> HTMLResponse:
    """The platform's progress, as charts and tables."""
    board = exports.dashboard(svc.registry())
    lang = page_lang(request)
    states = {
        pick(lang, *workflow.STATES.get(code, (code, code))): n
        for code, n in board["by_state"].items()
    }
    products = datasets.priority_products()
    english = {p.sector_zh: p.sector_en for p in products}
    progress = {
        pick(lang, sector, english.get(sector, sector)): n
        for sector, n in board["progress_2027"]["by_sector"].items()
    }
    context = {
        "board": board,
        "states": states,
        "names": {p.name_zh: pick(lang, p.name_zh, p.name_en) for p in products},
        "sector_of": {p.name_zh: pick(lang, p.sector_zh, p.sector_en) for p in products},
        "progress": progress,
        "charts": {
            "chart-state": _bars(states, TEAL),
            "chart-sector": _bars(board["by_sector"], TEAL),
            "chart-classification": _bars(board["by_classification"], TEAL),
            "chart-progress": _progress(progress, board["progress_2027"], lang),
        },
        "percent": round(100 * board["progress_2027"]["share"], 1),
    }
    return page(request, "dashboard.html", context)


def _bars(counts: dict[str, int], colour: str) -> dict[str, Any]:
    """An ECharts option: one bar per key, its count on it."""
    return {
        "grid": {"left": 8, "right": 16, "top": 16, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": list(counts), "axisLabel": {"interval": 0}},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "type": "bar",
                "data": list(counts.values()),
                "itemStyle": {"color": colour},
                "label": {"show": True, "position": "top"},
                "barMaxWidth": 48,
            }
        ],
    }


def _progress(by_sector: dict[str, int], progress: dict[str, Any], lang: str) -> dict[str, Any]:
    """An ECharts option: the standards published by sector, stacked toward the 2027 target."""
    left = max(progress["target"] - progress["published"], 0)
    series: list[dict[str, Any]] = [
        {
            "name": sector,
            "type": "bar",
            "stack": "total",
            "data": [n],
        }
        for sector, n in by_sector.items()
    ]
    series.append(
        {
            "name": pick(lang, "尚需", "still to come"),
            "type": "bar",
            "stack": "total",
            "data": [left],
            "itemStyle": {"color": "#d8dee4"},
            "label": {"show": True, "color": "#5b6876"},
        }
    )
    return {
        "grid": {"left": 8, "right": 24, "top": 40, "bottom": 8, "containLabel": True},
        "legend": {"top": 0},
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "value", "max": progress["target"]},
        "yAxis": {"type": "category", "data": [pick(lang, "2027 年目标", "2027 target")]},
        "color": [TEAL, GREEN, AMBER, "#1f4e79", "#6b3fa0", "#b3261e"],
        "series": series,
    }
