"""Sensitivity of a study's footprint to each of the rule's own inputs, one at a time.

Each parameter of the rule that has a value (a default, a factor, or the value the study
supplied) and each activity item the study measured is raised by a stated step (10 % by
default) with everything else held, and the footprint computed again: the change is
reported under the rule's own name for that input ("熟料 CaO 含量", "电网排放因子"). This is
the sensitivity GB/T 24067 asks of the interpretation, and it needs no uncertainty data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pcfrules.rules.model import RuleStandard
from pcfrules.studies.model import ParameterValue, Study
from pcfrules.studies.run import run_study

STEP = 0.10


@dataclass(frozen=True)
class Change:
    """The footprint with one input raised by ``step``: which input, and by how much it moved."""

    name: str
    kind: Literal["parameter", "item"]
    total: float
    percent: float


def one_at_a_time(study: Study, rule: RuleStandard, step: float = STEP) -> list[Change]:
    """Each input raised by ``step`` in turn, largest effect first (zero effects left out)."""
    base = run_study(study, rule).total.value
    out = []
    for name, kind, varied in _variants(study, rule, step):
        total = run_study(varied, rule).total.value
        if base and abs(total - base) > 1e-12 * abs(base):
            out.append(Change(name, kind, total, 100 * (total - base) / base))
    return sorted(out, key=lambda c: -abs(c.percent))


def study_from(data: dict[str, Any], rule: RuleStandard) -> Study:
    """The study a result records (``result.study``), to compute it again."""
    return Study.model_validate(
        {
            "format": "pcfrules.study/1",
            "rule": {"id": rule.identity.id, "version": rule.identity.version},
            **{k: data[k] for k in ("enterprise", "product", "period")},
            **{k: data.get(k, {}) for k in ("activity", "parameters")},
            "exclusions": data.get("exclusions", []),
        }
    )


def _variants(
    study: Study, rule: RuleStandard, step: float
) -> list[tuple[str, Literal["parameter", "item"], Study]]:
    out: list[tuple[str, Literal["parameter", "item"], Study]] = []
    for param in rule.inventory.parameters:
        given = study.parameters.get(param.id)
        if given is None and param.value is None:
            continue
        raised = ParameterValue(
            value=(given.value if given else param.value or 0.0) * (1 + step),
            unit=given.unit if given else param.unit,
            source=given.source if given else param.source,
            year=given.year if given else param.year or 0,
        )
        varied = study.model_copy(deep=True)
        varied.parameters[param.id] = raised
        out.append((param.id, "parameter", varied))
    for item_id, value in study.activity.items():
        varied = study.model_copy(deep=True)
        varied.activity[item_id] = value.model_copy(update={"value": value.value * (1 + step)})
        out.append((item_id, "item", varied))
    return out
