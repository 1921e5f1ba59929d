"""Use cases of computing: a study or a raw system to a typed :class:`Result`, and comparing.

``compute(path)`` is what ``pcfrules calc`` and the web call: it reads the file, finds the
study's rule (the recorded source, a ``--rule`` override, a ``rule.yaml`` beside the study,
the search path or the catalogue, refusing a changed text), runs the engine and returns the
result; every error names the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import IO, Any

import numpy as np

from pcfrules import datasets
from pcfrules.engine import GwpSet, Lca
from pcfrules.errors import ComparisonError, Location, PcfrulesError, RuleMismatchError, StudyError
from pcfrules.files import read_json, write_atomically
from pcfrules.limits import DRAWS, STUDY_DRAW_BYTES
from pcfrules.rules import catalog
from pcfrules.rules.loader import load_rule, read_yaml, validate_as
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.sources import FoundRule, RegistryRules, RuleOrigin, find_again
from pcfrules.studies import build, check, links, raw, values
from pcfrules.studies.model import STUDY_FORMAT, SYSTEM_FORMAT, RawSystem, RuleSource, Study
from pcfrules.studies.result_model import Result, parse_result
from pcfrules.units import amount_per

RESULT_FORMAT = "pcfrules.result/1"
# Problems without which the formulas cannot be evaluated; the others are reported only.
BLOCKING = {
    "STUDY-ITEM-001",
    "STUDY-ITEM-002",
    "STUDY-ITEM-003",
    "STUDY-PARAM-001",
    "STUDY-PARAM-002",
    "STUDY-VALUE-001",
    "STUDY-VALUE-002",
    "STUDY-VALUE-003",
}


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


# Where every draw's total goes (in order), and who hears how many draws each wave did.
Sink = Callable[[Any], object]
Advance = Callable[[int], object]


def compute(
    path: Path,
    rule: str | None = None,
    registry: RegistryRules | None = None,
    samples: int = 0,
    seed: int = 0,
    draws_out: Path | None = None,
    advance: Callable[[int], object] | None = None,
    footprints: links.Footprints | None = None,
    background: links.BackgroundData | None = None,
) -> Result:
    """The result of a study or raw-system file; ``rule`` overrides the study's rule source.

    With ``draws_out``, the total of every Monte Carlo draw is streamed to that CSV file
    (written atomically) as it is computed, while the result holds the first
    :data:`~pcfrules.limits.HELD_DRAWS` only. Inputs the study supplies from other studies
    are computed with it; ``footprints`` reads the suppliers' PACT files it names and
    ``background`` finds the background datasets it names.
    """
    if draws_out is None:
        return _compute(path, rule, registry, samples, seed, None, advance, footprints, background)
    results: list[Result] = []

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            out.write("draw,total_kg_co2e\n")
            sink = _csv_sink(out)
            results.append(
                _compute(path, rule, registry, samples, seed, sink, advance, footprints, background)
            )

    write_atomically(draws_out, write, StudyError)
    return results[0]


def _bounded(samples: int) -> None:
    """Refuse more Monte Carlo draws than :data:`~pcfrules.limits.DRAWS` before any work."""
    DRAWS.check(samples, StudyError, Location(path="samples"))


def _csv_sink(out: IO[str]) -> Sink:
    """Write each block of totals as numbered rows, exactly (``repr`` of the float)."""
    numbers = count(1)

    def sink(totals: Any) -> None:
        out.writelines(f"{next(numbers)},{value!r}\n" for value in totals.tolist())

    return sink


def _compute(
    path: Path,
    rule: str | None,
    registry: RegistryRules | None,
    samples: int,
    seed: int,
    sink: Sink | None = None,
    advance: Advance | None = None,
    footprints: links.Footprints | None = None,
    background: links.BackgroundData | None = None,
    chain: tuple[Path, ...] = (),
) -> Result:
    _bounded(samples)  # before the file is even read
    chain = chain or (path.resolve(),)
    data = load_input(path)
    with errors_in(path):
        if isinstance(data, Study):
            found = rule_for(data, path, rule, registry)
            study, sources = with_files(
                data, found, path.parent, registry, footprints, chain, background=background
            )
            return run_study(study, found, samples, seed, sink, advance, sources)
        if rule is not None:
            raise StudyError(
                zh="原始产品系统不依据规则，不能指定 --rule",
                en="a raw product system follows no rule: --rule does not apply",
                location=Location(path="--rule"),
            )
        return run_raw(data, samples, seed, sink, advance)


def with_files(
    study: Study,
    found: FoundRule | RuleStandard,
    base: Path,
    registry: RegistryRules | None = None,
    footprints: links.Footprints | None = None,
    chain: tuple[Path, ...] = (),
    background: links.BackgroundData | None = None,
) -> tuple[Study, dict[str, dict[str, Any]]]:
    """The study with the inputs it supplies (files under ``base``, datasets) resolved, and sources.

    A linked study is computed with its own rule, as a study file given to :func:`compute` is,
    with the same ``footprints`` and ``background``; ``chain`` holds the files that led here,
    so that a loop is refused.
    """
    rule = found.rule if isinstance(found, FoundRule) else found

    def computed(path: Path) -> Result:
        return _compute(
            path,
            None,
            registry,
            0,
            0,
            footprints=footprints,
            background=background,
            chain=links.follow(path, chain),
        )

    return links.with_supplied(study, rule, base, computed, footprints, background)


@contextmanager
def errors_in(path: Path) -> Iterator[None]:
    """Give every pcfrules error raised inside the file it concerns, when it names none."""
    try:
        yield
    except PcfrulesError as exc:
        if exc.location.file is None:
            exc.location = Location(str(path), exc.location.line, exc.location.path)
        raise


def rule_for(
    study: Study,
    study_path: Path | None = None,
    override: str | None = None,
    registry: RegistryRules | None = None,
) -> FoundRule:
    """The rule a study follows, found again and checked against its id, version and text.

    In order: ``override`` (``--rule``); the source the study records (a workbook import
    records it); a ``rule.yaml`` beside the study with the study's id; the id on the search
    path or in the catalogue.
    """
    ref = study.rule
    origin = RuleOrigin(ref.source.kind, ref.source.location) if ref.source else None
    if override is None and origin is None and study_path is not None:
        origin = _rule_beside(study_path, ref.id)
    found = find_again(ref.id, ref.fingerprint, origin, override, registry, Location(path="rule"))
    if found.rule.identity.version != ref.version:
        raise RuleMismatchError(
            zh=f"研究依据 {ref.id} {ref.version}，找到的规则是 {found.rule.identity.version} 版",
            en=f"the study follows {ref.id} {ref.version}, the rule found is version "
            f"{found.rule.identity.version}",
            location=Location(path="rule.version"),
        )
    return found


def rule_of_result(
    result: Result,
    override: str | None = None,
    registry: RegistryRules | None = None,
    where: str | None = None,
) -> FoundRule:
    """The rule a result was computed under, found again and refused if its text changed."""
    stamp = result.rule
    if stamp is None:
        raise StudyError(
            zh="这是原始产品系统的结果，没有依据的规则",
            en="this is the result of a raw product system: it follows no rule",
            location=Location(file=where, path="rule"),
        )
    origin = RuleOrigin(stamp.source.kind, stamp.source.location) if stamp.source else None
    return find_again(
        stamp.id, stamp.fingerprint, origin, override, registry, Location(file=where, path="rule")
    )


def result_of(
    path: Path,
    rule: str | None = None,
    registry: RegistryRules | None = None,
    samples: int = 0,
    seed: int = 0,
    footprints: links.Footprints | None = None,
    background: links.BackgroundData | None = None,
) -> Result:
    """A result file as it is, or the result of a study or raw-system file computed now."""
    if path.suffix.lower() == ".json":
        data = read_json(path, ("文件", "file"), StudyError)
        if isinstance(data, dict) and data.get("format") == RESULT_FORMAT:
            return parse_result(data, str(path))
    return _compute(
        path, rule, registry, samples, seed, footprints=footprints, background=background
    )


def _rule_beside(study_path: Path, rule_id: str) -> RuleOrigin | None:
    beside = (study_path.parent / "rule.yaml").resolve()
    if not beside.is_file() or load_rule(beside).identity.id != rule_id:
        return None
    if rule_id in catalog.catalog_ids() and beside == catalog.rule_file(rule_id).resolve():
        return RuleOrigin("catalogue", rule_id)  # a worked example of the catalogue
    return RuleOrigin("file", str(beside))


def resolve_or_raise(
    rule: RuleStandard, study: Study, earlier: list[values.Problem] | None = None
) -> tuple[dict[str, values.Value], list[values.Problem]]:
    """The study's values, or a StudyError naming every problem that blocks the formulas."""
    resolved, problems = values.resolve(rule, study)
    problems += check.absent_but_needed(rule, resolved)
    blocking = [p for p in (earlier or []) + problems if p.code in BLOCKING]
    if blocking:
        raise StudyError(
            zh="研究数据不完整或有误，无法计算：" + "；".join(p.zh for p in blocking),
            en="the study cannot be computed: " + "; ".join(p.en for p in blocking),
            location=Location(path=blocking[0].path),
        )
    return resolved, problems


def _draws_fit(rule: RuleStandard, resolved: dict[str, values.Value], samples: int) -> None:
    """Refuse, before drawing, draws whose arrays would not fit :data:`STUDY_DRAW_BYTES`.

    The engine solves its draws in bounded waves, but a study's uncertain values and the
    formulas computed from them are drawn whole first (they are correlated through the values
    they share), one array of ``samples`` floats each.
    """
    uncertain = sum(value.uncertainty is not None for value in resolved.values())
    if samples and uncertain:
        arrays = uncertain + len(rule.inventory.formulas)
        STUDY_DRAW_BYTES.check(arrays * samples * 8, StudyError, Location(path="samples"))


def run_study(
    study: Study,
    found: FoundRule | RuleStandard,
    samples: int = 0,
    seed: int = 0,
    sink: Sink | None = None,
    advance: Advance | None = None,
    sources: dict[str, dict[str, Any]] | None = None,
    background: links.BackgroundData | None = None,
) -> Result:
    """Compute a study's footprint; findings that block the calculation raise StudyError.

    ``samples`` is bounded by :data:`~pcfrules.limits.DRAWS`, checked before anything
    is drawn; ``sink`` and ``advance`` as for :func:`compute`. ``sources`` are the linked
    inputs' sources when :func:`with_files` resolved them; without, a study that supplies
    inputs from files is refused (there is no file to read them beside); a background dataset
    is looked up in ``background`` (default: the extracts pcfrules ships).
    """
    _bounded(samples)
    rule = found.rule if isinstance(found, FoundRule) else found
    origin = found.origin if isinstance(found, FoundRule) else None
    if sources is None:
        study, sources = links.with_supplied(study, rule, None, _no_files, None, background)
    problems = check.before_calculation(rule, study)
    resolved, value_problems = resolve_or_raise(rule, study, problems)
    problems += value_problems
    _draws_fit(rule, resolved, samples)
    draws = values.sampled(resolved, samples, np.random.default_rng(seed)) if samples else None
    built = build.product_system(rule, resolved, draws, samples)
    lca = Lca(built.system, _gwp(rule.inventory.gwp_set))
    footprint = lca.footprint()
    if samples:
        footprint.uncertainty = lca.monte_carlo(samples, seed, sink, advance)
    problems += check.defaults(resolved) + check.data_quality(rule, footprint.dqr)
    result = footprint.to_dict()
    result.update(
        {
            "format": RESULT_FORMAT,
            "rule": {
                "id": rule.identity.id,
                "version": rule.identity.version,
                "fingerprint": rule.fingerprint(),
                **({"source": _source(origin)} if origin is not None else {}),
            },
            "functional_unit": {
                "kind": rule.unit.kind,
                "quantity": rule.unit.quantity,
                "unit": rule.unit.unit,
                "description": rule.unit.description.model_dump(),
                **_mass(rule, resolved),
            },
            "study": {
                "enterprise": study.enterprise.model_dump(),
                "product": study.product.model_dump(),
                "period": {"start": str(study.period.start), "end": str(study.period.end)},
                # the inputs themselves, so that a report shows and a verifier re-runs them
                "activity": {k: v.model_dump(exclude_none=True) for k, v in study.activity.items()},
                "parameters": {k: v.model_dump() for k, v in study.parameters.items()},
                "exclusions": [e.model_dump() for e in study.exclusions],
            },
            **_also_per(rule, resolved, footprint.total),
            "formula_results": built.formula_results,
            "defaults_used": built.defaults_used,
            "input_sources": sources,
            "excluded_share_percent": sum(e.estimated_share_percent for e in study.exclusions),
            "findings": [check.finding(rule, p).to_dict() for p in problems],
        }
    )
    return Result.model_validate(_ordered(result))


def _mass(rule: RuleStandard, resolved: dict[str, values.Value]) -> dict[str, float]:
    """``mass_kg``: the product's mass per declared unit, where the rule collects it."""
    name = rule.unit.mass_item
    given = resolved.get(name) if name else None
    entry = rule.items().get(name) or rule.parameters().get(name)
    if given is None or entry is None:
        return {}
    where = Location(path=f"activity.{name}")
    return {
        "mass_kg": float(given.quantity.magnitude)
        * amount_per(entry.unit, rule.unit.unit, "kg", where)
    }


def _also_per(
    rule: RuleStandard, resolved: dict[str, values.Value], total: float
) -> dict[str, list[dict[str, Any]]]:
    """The footprint per each second unit the rule states it in, sized by the study's value.

    ``value`` = footprint per declared unit ÷ how many of the second unit one declared unit
    provides (the study's item or parameter, read in the rule's unit for it).
    """
    if not rule.unit.also_per:
        return {}  # results under rules without a second unit keep their form
    stated = []
    for also in rule.unit.also_per:
        where = Location(path=f"activity.{also.item}")
        given = resolved.get(also.item)
        entry = rule.items().get(also.item) or rule.parameters().get(also.item)
        magnitude = float(given.quantity.magnitude) if given is not None else float("nan")
        if entry is None or not np.isfinite(magnitude) or magnitude <= 0:
            raise StudyError(
                zh=f"规则要求同时按“{also.name.zh}”表述结果，须给出“{also.item}”（大于 0）",
                en=f"the rule states the result {also.name.en} too: give '{also.item}' "
                "(greater than 0)",
                location=where,
            )
        amount = magnitude * amount_per(entry.unit, rule.unit.unit, also.unit, where)
        stated.append(
            {
                "unit": also.unit,
                "name": also.name.model_dump(),
                "item": also.item,
                "per_declared_unit": amount,
                "value": total / rule.unit.quantity / amount,
            }
        )
    return {"also_per": stated}


def _no_files(path: Path) -> Result:
    raise AssertionError(f"no linked study is computed without a base folder: {path}")


def _gwp(name: str) -> GwpSet:
    """The shipped GWP100 set ``name``: its value per gas, and per origin where it has one."""
    return GwpSet(name, datasets.gwp_values(name), datasets.gwp_origin_values(name))


def _source(origin: RuleOrigin) -> dict[str, str]:
    return RuleSource(kind=origin.kind, location=origin.location).model_dump()


def run_raw(
    system: RawSystem,
    samples: int = 0,
    seed: int = 0,
    sink: Sink | None = None,
    advance: Advance | None = None,
) -> Result:
    """Compute a raw product system's footprint (the Monte Carlo as for :func:`run_study`)."""
    _bounded(samples)
    lca = Lca(raw.product_system(system), _gwp(system.gwp_set))
    lca.check_uncertainties()
    footprint = lca.footprint()
    if samples:
        footprint.uncertainty = lca.monte_carlo(samples, seed, sink, advance)
    result = footprint.to_dict()
    canonical = json.dumps(system.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    result.update(
        {
            "format": RESULT_FORMAT,
            "rule": None,
            "system_fingerprint": hashlib.sha256(canonical.encode()).hexdigest(),
        }
    )
    return Result.model_validate(_ordered(result))


def _ordered(result: dict[str, Any]) -> dict[str, Any]:
    head = ["format", "rule", "gwp_set", "functional_unit", "total"]
    return {
        **{k: result[k] for k in head if k in result},
        **{k: v for k, v in result.items() if k not in head},
    }


def compare(a: Result, b: Result) -> dict[str, Any]:
    """Differences between two results computed under the same rule and GWP set."""
    if a.rule is None or b.rule is None or a.rule.fingerprint != b.rule.fingerprint:
        raise ComparisonError(
            zh=f"结果依据的规则不同（{_rule_name(a)} 与 {_rule_name(b)}），不可比较",
            en=f"results were computed under different rules ({_rule_name(a)} vs "
            f"{_rule_name(b)}): not comparable",
            location=Location(path="rule.fingerprint"),
        )
    if a.gwp_set != b.gwp_set:
        raise ComparisonError(
            zh=f"结果采用的 GWP 集不同（{a.gwp_set} 与 {b.gwp_set}），不可比较",
            en=f"results use different GWP sets ({a.gwp_set} vs {b.gwp_set}): not comparable",
            location=Location(path="gwp_set"),
        )
    breakdowns: dict[str, tuple[dict[str, float], dict[str, float]]] = {
        "by_origin": (
            {str(k): v for k, v in a.by_origin.items()},
            {str(k): v for k, v in b.by_origin.items()},
        ),
        "by_stage": (a.by_stage, b.by_stage),
        "by_gas": (a.by_gas, b.by_gas),
    }
    return {
        "rule": a.rule.model_dump(exclude_none=True),
        "gwp_set": a.gwp_set,
        "total": _diff(a.total.value, b.total.value),
        **{
            key: {
                name: _diff(x.get(name, 0.0), y.get(name, 0.0)) for name in sorted(set(x) | set(y))
            }
            for key, (x, y) in breakdowns.items()
        },
    }


def _rule_name(result: Result) -> str:
    if result.rule is None:
        return "no rule"
    stamp = result.rule
    return f"{stamp.id} {stamp.version} [{stamp.fingerprint[:12]}]"


def _diff(x: float, y: float) -> dict[str, float | None]:
    return {"a": x, "b": y, "difference": y - x, "relative": (y - x) / x if x else None}
