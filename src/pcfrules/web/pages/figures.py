"""A computed study's numbers as a page shows them: tables and the ECharts options of each chart.

Only formatting: every number is the result's own (``studies.Result``), every name the
rule's (its stages and unit processes, in the page's language). Each figure is a table a
screen reader reads and a chart drawn from the same rows, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from pcfrules.rules.model import RuleStandard
from pcfrules.studies import Result
from pcfrules.web.i18n import pick

COLOURS = ["#0b5563", "#3f8f9c", "#8cc3c9", "#c98a1b", "#b3261e", "#5b6876", "#1e6b3a"]
ORIGINS = {
    "fossil": ("化石碳", "fossil"),
    "biogenic": ("生物源碳", "biogenic"),
    "dluc": ("直接土地利用变化", "direct land-use change"),
    "aircraft": ("航空运输", "aircraft"),
}
BINS = 30  # bars of the Monte Carlo histogram


@dataclass(frozen=True)
class Row:
    """One line of a figure's table: what, kg CO2e, share of the total (percent)."""

    label: str
    value: float
    share: float | None


@dataclass(frozen=True)
class Figure:
    """A titled table and the chart drawn from it."""

    key: str
    title: str
    rows: list[Row]
    chart: dict[str, Any]
    unit: str = "kg CO2e"


def figures(result: Result, rule: RuleStandard, lang: str) -> list[Figure]:
    """By life-cycle stage, by unit process, by carbon origin, by primary/secondary data."""
    total = result.total.value
    stages = {s.id: pick(lang, s.name.zh, s.name.en) for s in rule.boundary.stages}
    processes = {
        p.id: pick(lang, p.name.zh, p.name.en) for s in rule.boundary.stages for p in s.processes
    }
    origins = {key: pick(lang, *names) for key, names in ORIGINS.items()}
    made = [
        _bars("stage", pick(lang, "按生命周期阶段", "By life-cycle stage"),
              _rows(result.by_stage, stages, total)),
        _bars("process", pick(lang, "按单元过程", "By unit process"),
              _rows(result.by_process, processes, total)),
        _pie("origin", pick(lang, "按碳的来源", "By origin of the carbon"),
             _rows({str(k): v for k, v in result.by_origin.items()}, origins, total)),
        _pie("data", pick(lang, "初级数据与次级数据", "Primary and secondary data"),
             _data_rows(result, lang)),
    ]  # fmt: skip
    return [figure for figure in made if figure.rows]


def _rows(values: dict[str, float], names: dict[str, str], total: float) -> list[Row]:
    """Non-zero contributions, largest first, named by the rule where it names them."""
    shown = [(k, v) for k, v in values.items() if v != 0]
    shown.sort(key=lambda item: -abs(item[1]))
    return [Row(names.get(k, k), v, 100 * v / total if total else None) for k, v in shown]


def _data_rows(result: Result, lang: str) -> list[Row]:
    total, share = result.total.value, result.primary_data_share
    return [
        Row(pick(lang, "初级数据", "primary data"), total * share / 100, share),
        Row(pick(lang, "次级数据", "secondary data"), total * (100 - share) / 100, 100 - share),
    ]


def _bars(key: str, title: str, rows: list[Row]) -> Figure:
    labels = [row.label for row in reversed(rows)]
    chart = {
        "animation": False,
        "color": COLOURS,
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 8, "right": 32, "top": 16, "bottom": 24, "containLabel": True},
        "xAxis": {"type": "value", "name": "kg CO2e", "nameLocation": "middle", "nameGap": 24},
        "yAxis": {"type": "category", "data": labels},
        "series": [{"type": "bar", "data": [round(row.value, 6) for row in reversed(rows)]}],
    }
    return Figure(key, title, rows, chart)


def _pie(key: str, title: str, rows: list[Row]) -> Figure:
    chart = {
        "animation": False,
        "color": COLOURS,
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0},
        "series": [
            {
                "type": "pie",
                "radius": ["35%", "65%"],
                "label": {"formatter": "{b}: {d}%"},
                "data": [{"name": r.label, "value": round(r.value, 6)} for r in rows],
            }
        ],
    }
    return Figure(key, title, rows, chart)


@dataclass(frozen=True)
class Spread:
    """The Monte Carlo's interval and its histogram."""

    samples: int
    mean: float
    sd: float
    low: float
    median: float
    high: float
    chart: dict[str, Any] | None  # None when every draw is the same (no input was uncertain)


def spread(result: Result, lang: str) -> Spread | None:
    """The uncertainty of a result computed with Monte Carlo draws; ``None`` without."""
    found = result.uncertainty
    if found is None or not found.draws:
        return None
    p = found.percentiles
    if min(found.draws) == max(found.draws):
        return Spread(found.samples, found.mean, found.sd, p.p2_5, p.p50, p.p97_5, None)
    counts, edges = np.histogram(np.asarray(found.draws), bins=BINS)
    centres = [f"{(a + b) / 2:.4g}" for a, b in pairwise(edges)]
    chart = {
        "animation": False,
        "color": COLOURS,
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 32, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": centres,
            "name": "kg CO2e",
            "nameLocation": "middle",
            "nameGap": 28,
        },
        "yAxis": {"type": "value", "name": pick(lang, "抽样次数", "draws")},
        "series": [{"type": "bar", "barCategoryGap": "2%", "data": [int(c) for c in counts]}],
    }
    return Spread(found.samples, found.mean, found.sd, p.p2_5, p.p50, p.p97_5, chart)


def comparison_chart(compared: dict[str, Any], names: dict[str, str], a: str, b: str) -> Any:
    """Two studies' contributions by stage side by side (ECharts option)."""
    stages = compared["by_stage"]
    labels = [names.get(k, k) for k in stages]
    return {
        "animation": False,
        "color": COLOURS,
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 32, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": {"type": "value", "name": "kg CO2e"},
        "series": [
            {"name": a, "type": "bar", "data": [round(v["a"], 6) for v in stages.values()]},
            {"name": b, "type": "bar", "data": [round(v["b"], 6) for v in stages.values()]},
        ],
    }
