"""Running a study or a raw system to a result (``pcfrules.result/1``), and comparing results."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from pcfrules import datasets
from pcfrules.engine import GwpSet, Lca
from pcfrules.errors import ComparisonError, Location, StudyError
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, validate_as
from pcfrules.rules.model import RuleStandard
from pcfrules.studies import build, check, raw, values
from pcfrules.studies.model import STUDY_FORMAT, SYSTEM_FORMAT, RawSystem, Study

RESULT_FORMAT = "pcfrules.result/1"
# Problems without which the formulas cannot be evaluated; the others are reported only.
BLOCKING = {"STUDY-ITEM-001", "STUDY-ITEM-002", "STUDY-PARAM-001"}


def load_input(path: Path) -> Study | RawSystem:
    """Read a study or a raw system (YAML or JSON), chosen by its ``format`` key."""
    data = read_yaml(path)
    kind = data.get("format") if hasattr(data, "get") else None
    if kind == STUDY_FORMAT:
        return validate_as(Study, data, str(path))
    if kind == SYSTEM_FORMAT:
        return validate_as(RawSystem, data, str(path))
    raise StudyError(
        zh=f"未知的文件格式“{kind}”（可选：{STUDY_FORMAT}、{SYSTEM_FORMAT}）",
        en=f"unknown format '{kind}' (allowed: {STUDY_FORMAT}, {SYSTEM_FORMAT})",
        location=Location(file=str(path), line=1, path="format"),
    )


def rule_for(study: Study, study_path: Path | None = None) -> RuleStandard:
    """The rule a study names: from the catalogue, or a ``rule.yaml`` beside the study."""
    if study_path is not None and (study_path.parent / "rule.yaml").is_file():
        local = catalog.load(str(study_path.parent / "rule.yaml"))
        if local.identity.id == study.rule.id:
            return local
    return catalog.load(study.rule.id)


def resolve_or_raise(
    rule: RuleStandard, study: Study, earlier: list[values.Problem] | None = None
) -> tuple[dict[str, values.Value], list[values.Problem]]:
    """The study's values, or a StudyError naming every problem that blocks the formulas."""
    resolved, problems = values.resolve(rule, study)
    blocking = [p for p in (earlier or []) + problems if p.code in BLOCKING]
    if blocking:
        raise StudyError(
            zh="研究数据不完整，无法计算：" + "；".join(p.zh for p in blocking),
            en="the study cannot be computed: " + "; ".join(p.en for p in blocking),
            location=Location(path=blocking[0].path),
        )
    return resolved, problems


def run_study(study: Study, rule: RuleStandard, samples: int = 0, seed: int = 0) -> dict[str, Any]:
    """Compute a study's footprint; findings that block the calculation raise StudyError."""
    problems = check.before_calculation(rule, study)
    resolved, value_problems = resolve_or_raise(rule, study, problems)
    problems += value_problems
    draws = values.sampled(resolved, samples, np.random.default_rng(seed)) if samples else None
    built = build.product_system(rule, resolved, draws, samples)
    lca = Lca(
        built.system, GwpSet(rule.inventory.gwp_set, datasets.gwp_values(rule.inventory.gwp_set))
    )
    footprint = lca.footprint()
    if samples:
        footprint.uncertainty = lca.monte_carlo(samples, seed)
    problems += check.defaults(resolved) + check.data_quality(rule, footprint.dqr)
    result = footprint.to_dict()
    result.update(
        {
            "format": RESULT_FORMAT,
            "rule": {
                "id": rule.identity.id,
                "version": rule.identity.version,
                "fingerprint": rule.fingerprint(),
            },
            "functional_unit": {
                "kind": rule.unit.kind,
                "quantity": rule.unit.quantity,
                "unit": rule.unit.unit,
                "description": rule.unit.description.model_dump(),
            },
            "study": {
                "enterprise": study.enterprise.model_dump(),
                "product": study.product.model_dump(),
                "period": {"start": str(study.period.start), "end": str(study.period.end)},
            },
            "formula_results": built.formula_results,
            "defaults_used": built.defaults_used,
            "excluded_share_percent": sum(e.estimated_share_percent for e in study.exclusions),
            "findings": [check.finding(rule, p).to_dict() for p in problems],
        }
    )
    return _ordered(result)


def run_raw(system: RawSystem, samples: int = 0, seed: int = 0) -> dict[str, Any]:
    """Compute a raw product system's footprint."""
    lca = Lca(
        raw.product_system(system), GwpSet(system.gwp_set, datasets.gwp_values(system.gwp_set))
    )
    footprint = lca.footprint()
    if samples:
        footprint.uncertainty = lca.monte_carlo(samples, seed)
    result = footprint.to_dict()
    canonical = json.dumps(system.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    result.update(
        {
            "format": RESULT_FORMAT,
            "rule": None,
            "system_fingerprint": hashlib.sha256(canonical.encode()).hexdigest(),
        }
    )
    return _ordered(result)


def _ordered(result: dict[str, Any]) -> dict[str, Any]:
    head = ["format", "rule", "gwp_set", "functional_unit", "total"]
    return {
        **{k: result[k] for k in head if k in result},
        **{k: v for k, v in result.items() if k not in head},
    }


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Differences between two results computed under the same rule and GWP set."""
    rule_a, rule_b = a.get("rule") or {}, b.get("rule") or {}
    if not rule_a.get("fingerprint") or rule_a.get("fingerprint") != rule_b.get("fingerprint"):
        raise ComparisonError(
            zh=f"结果依据的规则不同（{_rule_name(rule_a)} 与 {_rule_name(rule_b)}），不可比较",
            en=f"results were computed under different rules ({_rule_name(rule_a)} vs "
            f"{_rule_name(rule_b)}): not comparable",
            location=Location(path="rule.fingerprint"),
        )
    if a.get("gwp_set") != b.get("gwp_set"):
        raise ComparisonError(
            zh=f"结果采用的 GWP 集不同（{a.get('gwp_set')} 与 {b.get('gwp_set')}），不可比较",
            en=f"results use different GWP sets ({a.get('gwp_set')} vs {b.get('gwp_set')}): "
            "not comparable",
            location=Location(path="gwp_set"),
        )
    keys = ("by_origin", "by_stage", "by_gas")
    return {
        "rule": rule_a,
        "gwp_set": a["gwp_set"],
        "total": _diff(a["total"]["value"], b["total"]["value"]),
        **{
            k: {
                name: _diff(a[k].get(name, 0.0), b[k].get(name, 0.0))
                for name in sorted(set(a[k]) | set(b[k]))
            }
            for k in keys
        },
    }


def _rule_name(rule: dict[str, Any]) -> str:
    if not rule:
        return "no rule"
    return f"{rule.get('id')} {rule.get('version')} [{str(rule.get('fingerprint'))[:12]}]"


def _diff(x: float, y: float) -> dict[str, float | None]:
    return {"a": x, "b": y, "difference": y - x, "relative": (y - x) / x if x else None}
