"""The tables of the study report, so that a verifier can trace every figure to its input.

Activity data as the study gave them (value, unit, period, primary/secondary, source, data
quality, uncertainty), every default and factor with its source and year, each formula's
result, the allocation applied per co-product, the one-at-a-time sensitivity on the rule's
own inputs, and which inputs carry an uncertainty. Every name is the rule's own, in the
report's language; an id appears only where the rule gives no name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pcfrules.reports.label import result_fingerprint
from pcfrules.rules.model import Lang, RuleStandard
from pcfrules.rules.render.bibliography import source_text
from pcfrules.rules.render.labels import CO_PRODUCT_METHODS, ORIGINS, pick
from pcfrules.rules.render.units import number, unit_symbol
from pcfrules.studies import Result
from pcfrules.studies.perturb import Change, one_at_a_time, study_from

_COMPUTED: dict[tuple[str, str], list[Change]] = {}
DATA_TYPES = {"primary": ("初级数据", "primary"), "secondary": ("次级数据", "secondary")}
DISTRIBUTIONS = {
    "lognormal": ("对数正态", "lognormal"),
    "normal": ("正态", "normal"),
    "triangular": ("三角", "triangular"),
    "uniform": ("均匀", "uniform"),
}


@dataclass(frozen=True)
class Names:
    """The rule's names of its stages, processes, items, parameters and formulas in ``lang``."""

    rule: RuleStandard
    lang: Lang

    def stage(self, key: str) -> str:
        """A stage's name (its id if the rule has no stage of that id)."""
        stage = next((s for s in self.rule.boundary.stages if s.id == key), None)
        return stage.name.get(self.lang) if stage else key

    def process(self, key: str) -> str:
        """A unit process's name."""
        found = self.rule.processes().get(key)
        return found[1].name.get(self.lang) if found else key

    def item(self, key: str) -> str:
        """An activity item's name."""
        item = self.rule.items().get(key)
        return item.name.get(self.lang) if item else key

    def parameter(self, key: str) -> str:
        """A parameter's name."""
        param = self.rule.parameters().get(key)
        return param.name.get(self.lang) if param else key


def report_tables(result: Result, rule: RuleStandard, lang: Lang) -> dict[str, Any]:
    """Every table of the report, as rows of text (numbers formatted as people read them)."""
    study = result.study or {}
    return {
        "activity": _activity(study, rule, lang),
        "factors": _factors(study, rule, lang, result.input_sources or {}),
        "linked": _linked(result, rule, lang),
        "formulas": _formulas(result, rule, lang),
        "stages": _shares(result.by_stage, result.total.value, Names(rule, lang).stage),
        "allocation": _allocation(result, rule, lang),
        "sensitivity": sensitivity(result, rule, lang),
        "uncertain": uncertain_inputs(result, rule, lang),
    }


def _activity(study: dict[str, Any], rule: RuleStandard, lang: Lang) -> list[list[str]]:
    names, given = Names(rule, lang), study.get("activity", {})
    rows = []
    for item in rule.data_collection.items:
        entry = given.get(item.id)
        if entry is None:
            if item.default:
                used = pick(("采用默认值", "default used"), lang)
                rows.append(
                    [
                        names.stage(_stage_of(rule, item.process)),
                        item.name.get(lang),
                        "—",
                        "",
                        "",
                        "",
                        used,
                        "",
                    ]
                )
            continue
        dqr = entry.get("dqr")
        criteria = rule.data_quality.rating.criteria or list(dqr or {})
        scores = (  # in the order of the rule's criteria, as the column's header names them
            "/".join(f"{dqr[k]:g}" if k in dqr else "—" for k in criteria) if dqr else "—"
        )
        rows.append(
            [
                names.stage(_stage_of(rule, item.process)),
                item.name.get(lang),
                number(entry["value"]),
                unit_symbol(entry["unit"]),
                entry.get("period") or pick(("核算期", "period"), lang),
                pick(DATA_TYPES[entry.get("data_type") or item.data_type], lang),
                entry.get("source") or "—",
                scores,
            ]
        )
    return rows


def _stage_of(rule: RuleStandard, process: str) -> str:
    return rule.processes()[process][0].id


def _factors(
    study: dict[str, Any], rule: RuleStandard, lang: Lang, sources: dict[str, dict[str, Any]]
) -> list[list[str]]:
    given = study.get("parameters", {})
    rows = []
    for p in rule.inventory.parameters:
        supplied = given.get(p.id)
        linked = sources.get(p.id, {})
        if (
            supplied is not None and linked.get("kind") == "dataset"
        ):  # said in the reader's language
            rows.append(
                [p.name.get(lang), number(supplied["value"]), unit_symbol(supplied["unit"]),
                 _dataset_source(linked["dataset"], lang), str(supplied["year"]), pick(SUPPLIED_BY["dataset"], lang)]
            )  # fmt: skip
        elif supplied is not None:
            rows.append(
                [p.name.get(lang), number(supplied["value"]), unit_symbol(supplied["unit"]),
                 source_text(supplied["source"], lang), str(supplied["year"]), pick(("研究提供", "given by the study"), lang)]
            )  # fmt: skip
        elif p.value is not None:
            rows.append(
                [p.name.get(lang), number(p.value), unit_symbol(p.unit), source_text(p.source, lang),
                 str(p.year or "—"), pick(("规则默认值", "rule default"), lang)]
            )  # fmt: skip
    return rows


SUPPLIED_BY = {
    "study": ("按上游规则核算的研究", "a study under the upstream rule"),
    "pact": ("供应商 PACT 数据", "the supplier's PACT footprint"),
    "dataset": ("背景数据库数据集", "a background database's dataset"),
    "given": ("研究填写的数值", "a value the study gives"),
    "default": ("规则默认值", "the rule's default"),
    "absent": ("未提供（不适用）", "not given (not applicable)"),
}


def _linked(result: Result, rule: RuleStandard, lang: Lang) -> list[list[str]]:
    """Each input the rule links to an upstream rule, and what supplied it in this study."""
    names, rows = Names(rule, lang), []
    for name, source in (result.input_sources or {}).items():
        label = names.item(name) if name in rule.items() else names.parameter(name)
        value = source.get("value")
        rows.append(
            [
                label,
                str(source.get("upstream", "—")),
                pick(SUPPLIED_BY.get(source["kind"], (source["kind"], source["kind"])), lang),
                number(value) if isinstance(value, int | float) else "—",
                unit_symbol(source["unit"]) if source.get("unit") else "—",
                _linked_source(source, lang),
            ]
        )
    return rows


def _linked_source(source: dict[str, Any], lang: Lang) -> str:
    """Where a linked input's value came from, in the report's language."""
    if source["kind"] == "dataset":
        named = source.get("named_by") == "rule"
        by = ("（规则指定）" if lang == "zh" else " (named by the rule)") if named else ""
        return _dataset_source(source["dataset"], lang) + by
    if source["kind"] != "study":
        return source_text(str(source.get("label", "—")), lang)
    rule = source["rule"]
    who = source.get("enterprise", {}).get(lang) or "—"
    if lang == "zh":
        return (
            f"{rule['id']} {rule['version']} 研究 {source['file']}（{who}，数据期至 "
            f"{source.get('period_end', '—')}），规则指纹 {rule['fingerprint'][:16]}"
        )
    return (
        f"{rule['id']} {rule['version']} study {source['file']} ({who}, period to "
        f"{source.get('period_end', '—')}), rule fingerprint {rule['fingerprint'][:16]}"
    )


def _dataset_source(dataset: dict[str, Any], lang: Lang) -> str:
    """A background dataset as a verifier finds it again: database, release, name, licence, UUID."""
    where = dataset["location"] or "—"
    licence = dataset["licence"] or "—"
    if lang == "zh":
        name = dataset["name_zh"] or dataset["name_en"]
        return (
            f"背景数据库 {dataset['database']} {dataset['release']} · 数据集 {name}（{where}）"
            f" · {licence} · UUID {dataset['uuid']}"
        )
    name = dataset["name_en"] or dataset["name_zh"]
    return (
        f"background database {dataset['database']} {dataset['release']} · dataset {name} "
        f"({where}) · {licence} · UUID {dataset['uuid']}"
    )


def _formulas(result: Result, rule: RuleStandard, lang: Lang) -> list[list[str]]:
    names, got = Names(rule, lang), result.formula_results or {}
    rows = []
    for f in rule.inventory.formulas:
        if f.id in got:
            rows.append(
                [names.process(f.process), f.description.get(lang), f.gas, pick(ORIGINS[f.origin], lang),
                 number(got[f.id])]
            )  # fmt: skip
    return rows


def _shares(values: dict[str, float], total: float, name: Any) -> list[list[str]]:
    return [
        [name(k), number(v, 2), f"{100 * v / total:.1f} %" if total else "—"]
        for k, v in values.items()
    ]


def _allocation(result: Result, rule: RuleStandard, lang: Lang) -> list[list[str]]:
    """Each co-product the rule names, with the method and basis applied to it."""
    names, rows = Names(rule, lang), []
    for co in rule.allocation.co_products:
        rows.append(
            [co.product.get(lang), pick(CO_PRODUCT_METHODS[co.method], lang), co.basis.get(lang)]
        )
    for process, info in result.allocation.items():
        factors = ", ".join(f"{k}: {v:.4g}" for k, v in (info.get("factors") or {}).items())
        rows.append([names.process(process), str(info.get("method", "")), factors])
    return rows


def sensitivity(result: Result, rule: RuleStandard, lang: Lang) -> dict[str, float]:
    """The footprint's change (%) with each of the rule's inputs raised by the step, by name."""
    if not result.study or "activity" not in result.study:
        return {}
    names = Names(rule, lang)
    key = (result_fingerprint(result), rule.fingerprint())
    if key not in _COMPUTED:  # the same report in two languages or formats computes once
        if len(_COMPUTED) >= 16:
            _COMPUTED.clear()
        _COMPUTED[key] = one_at_a_time(study_from(result.study, rule), rule)
    changes = _COMPUTED[key]
    named = {
        (names.parameter(c.name) if c.kind == "parameter" else names.item(c.name)): c.percent
        for c in changes
    }
    return dict(list(named.items())[:12])


def uncertain_inputs(result: Result, rule: RuleStandard, lang: Lang) -> list[list[str]]:
    """Each input that carries an uncertainty, with its distribution and parameters."""
    names, rows = Names(rule, lang), []
    for key, entry in ((result.study or {}).get("activity") or {}).items():
        spec = entry.get("uncertainty")
        if spec:
            shown = ", ".join(f"{k} {number(v)}" for k, v in spec.items() if k != "distribution")
            rows.append([names.item(key), pick(DISTRIBUTIONS[spec["distribution"]], lang), shown])
    return rows
