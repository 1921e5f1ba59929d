"""Resolving a study's values: activity items, defaults and parameters, as pint quantities.

Every value the formulas read is resolved here once, with where it came from (measured,
the rule's default, not applicable), so that the study check and the result can say which
defaults were used and what share of the footprint rests on primary data.

Values are also held to what they can be (:func:`limits`): the rule has no way to declare a
negative item, so no value a study gives is negative; the item counting the product is
positive; and what the rule uses as a fraction (the product's carbon content per kg, CBAM's
biomass share, oxidation and conversion factors, carbon content of a stream) is 0 to 1. A
value's uncertainty is checked when it is read, by the engine's one sampler, so a sigma
that makes the statistics meaningless is refused even when no Monte Carlo is asked for.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pint

from pcfrules.engine.model import Uncertainty
from pcfrules.engine.sample import check_uncertainty, draw
from pcfrules.errors import Location, UnitError
from pcfrules.rules import expr
from pcfrules.rules.model import DQRating, RuleStandard
from pcfrules.studies.model import ActivityValue, DataQualityScores, Study
from pcfrules.units import parse_unit, registry


@dataclass
class Value:
    """One resolved name: its quantity, provenance and data quality."""

    name: str
    quantity: pint.Quantity[Any]
    origin: str  # "measured", "default", "parameter", "user_parameter", "absent"
    primary: bool
    dqr: float | None
    uncertainty: Uncertainty | None = None
    scores: dict[str, float] | None = None


@dataclass
class Problem:
    """A value that cannot be resolved; becomes a study finding."""

    code: str
    path: str
    zh: str
    en: str


def resolve(rule: RuleStandard, study: Study) -> tuple[dict[str, Value], list[Problem]]:
    """Every item and parameter the rule names, resolved for ``study``."""
    values: dict[str, Value] = {}
    problems: list[Problem] = []
    params = rule.parameters()
    for pid, param in params.items():
        value = _parameter(pid, param.value, param.unit, study, problems)
        if value is not None:
            values[pid] = value
    for item in rule.data_collection.items:
        given = study.activity.get(item.id)
        if given is not None:
            value = _measured(
                item.id, item.unit, item.data_type, given, rule.data_quality.rating, problems
            )
        elif item.default and item.default in values:
            default = values[item.default]
            value = Value(item.id, default.quantity, "default", False, None)
        elif not item.mandatory:
            value = Value(item.id, registry().Quantity(0.0, item.unit), "absent", False, None)
        else:
            problems.append(
                Problem(
                    "STUDY-ITEM-001",
                    f"activity.{item.id}",
                    f"缺少必填活动数据“{item.id}”（{item.name.zh}，{item.unit}）",
                    f"mandatory activity item '{item.id}' ({item.name.en}, {item.unit}) is missing",
                )
            )
            continue
        if value is not None:
            values[item.id] = value
    items, params = rule.items(), rule.parameters()
    problems += _unknown(
        study.activity, items, params, "activity", "STUDY-ITEM-003", "活动数据项", "an item"
    )
    problems += _unknown(
        study.parameters, params, items, "parameters", "STUDY-PARAM-002", "参数", "a parameter"
    )
    return values, problems + limits(rule, values)


def _unknown(
    given: Mapping[str, object],
    known: Mapping[str, object],
    other: Mapping[str, object],
    where: str,
    code: str,
    zh: str,
    en: str,
) -> list[Problem]:
    """Values under names the rule does not have there: a misspelt name would be ignored.

    Refused (the calculation does not run): a name the rule has in the other section is told
    where it belongs, another gets the rule's nearest names as a suggestion.
    """
    elsewhere = "parameters" if where == "activity" else "activity"
    problems = []
    for name in sorted(set(given) - set(known)):
        if name in other:
            hint_zh, hint_en = f"；应写在 {elsewhere} 下", f"; give it under {elsewhere}"
        else:
            near = difflib.get_close_matches(name, list(known), n=3)
            hint_zh = f"；是否为 {', '.join(near)}？" if near else ""
            hint_en = f"; did you mean {', '.join(near)}?" if near else ""
        problems.append(
            Problem(
                code,
                f"{where}.{name}",
                f"“{name}”不是该规则的{zh}（写在 {where} 下）{hint_zh}",
                f"'{name}' is not {en} of the rule (given under {where}){hint_en}",
            )
        )
    return problems


SUPPLIED = {"measured": "activity", "user_parameter": "parameters"}


def limits(rule: RuleStandard, values: dict[str, Value]) -> list[Problem]:
    """The values that cannot be what they are: negative, a zero product, a fraction above 1."""
    problems = []
    for name, value in values.items():
        if value.origin in SUPPLIED and value.quantity.magnitude < 0:
            problems.append(
                Problem(
                    "STUDY-VALUE-001",
                    f"{SUPPLIED[value.origin]}.{name}",
                    f"“{name}”为负（{value.quantity.magnitude:g}），规则不允许负的数据",
                    f"'{name}' is negative ({value.quantity.magnitude:g}): the rule allows "
                    "no negative data",
                )
            )
    product = rule.unit.reference_flow.item
    if product in values and values[product].quantity.magnitude == 0:
        problems.append(
            Problem(
                "STUDY-VALUE-002",
                f"activity.{product}",
                f"产品产量“{product}”为零，无法按功能单位计算",
                f"the product output '{product}' is zero: there is nothing to divide by",
            )
        )
    for name in sorted(fraction_names(rule) & set(values)):
        share = _dimensionless(values[name].quantity)
        if share is not None and not 0 <= share <= 1:
            problems.append(
                Problem(
                    "STUDY-VALUE-003",
                    f"{SUPPLIED.get(values[name].origin, 'parameters')}.{name}",
                    f"“{name}”是比例，应在 0 到 1 之间，实为 {share:g}",
                    f"'{name}' is a fraction and must be 0 to 1, not {share:g}",
                )
            )
    return problems


def fraction_names(rule: RuleStandard) -> set[str]:
    """The items and parameters the rule uses as fractions (named alone, not in a formula)."""
    written = [rule.unit.biogenic_carbon_item, rule.unit.fossil_carbon_item]
    if rule.cbam is not None:
        for stream in rule.cbam.source_streams:
            written += [
                stream.biomass_fraction,
                stream.oxidation_factor,
                stream.conversion_factor,
                stream.carbon_content,
            ]
    return {name for name in written if name.isidentifier() and name not in expr.FUNCTIONS}


def _dimensionless(quantity: pint.Quantity[Any]) -> float | None:
    """The quantity as a pure number (kg/t → 0.001 per unit), or None if it has dimensions."""
    try:
        return float(quantity.to("dimensionless").magnitude)
    except pint.errors.DimensionalityError:
        return None


def _parameter(
    pid: str, default: float | None, unit: str, study: Study, problems: list[Problem]
) -> Value | None:
    supplied = study.parameters.get(pid)
    if supplied is not None:
        quantity = _convert(supplied.value, supplied.unit, unit, f"parameters.{pid}", problems)
        return Value(pid, quantity, "user_parameter", False, None) if quantity is not None else None
    if default is None:
        problems.append(
            Problem(
                "STUDY-PARAM-001",
                f"parameters.{pid}",
                f"规则参数“{pid}”无默认值，须在研究中提供（含来源和年份）",
                f"rule parameter '{pid}' has no default: the study must supply it "
                "(with source and year)",
            )
        )
        return None
    return Value(pid, registry().Quantity(default, unit), "parameter", False, None)


def rating(rule_rating: DQRating, scores: dict[str, float]) -> float:
    """The DQR of one datum: the rule's rating formula over its scores (no ``eval``).

    A rule that states criteria but no formula rates by their mean; the scores are those
    of the rule's criteria (:func:`dqr_problems` says when they are not).
    """
    if rule_rating.formula.strip():
        where = Location(path="data_quality.rating.formula")
        return float(expr.parse(rule_rating.formula, where).evaluate(scores, where))
    named = [scores[c] for c in rule_rating.criteria if c in scores] or list(scores.values())
    return sum(named) / len(named)


def dqr_problems(item_id: str, rule_rating: DQRating, dqr: DataQualityScores) -> list[Problem]:
    """The scores of a datum held to the rule's criteria and scale, naming each criterion."""
    scores = dqr.scores()
    criteria: list[str] = [*rule_rating.criteria] or list(scores)
    listed = "、".join(criteria), ", ".join(criteria)
    low, high = rule_rating.scale_min, rule_rating.scale_max
    out: list[Problem] = []
    for name in scores:
        if name not in criteria:
            out.append(
                Problem(
                    "STUDY-DQ-002",
                    f"activity.{item_id}.dqr.{name}",
                    f"“{name}”不是规则数据质量评级的准则（准则：{listed[0]}）",
                    f"'{name}' is not a criterion of the rule's data-quality rating "
                    f"(criteria: {listed[1]})",
                )
            )
        elif not low <= scores[name] <= high:
            out.append(
                Problem(
                    "STUDY-DQ-004",
                    f"activity.{item_id}.dqr.{name}",
                    f"“{name}”评分 {scores[name]:g} 超出规则评分范围 {low}～{high}",
                    f"the '{name}' score {scores[name]:g} is outside the rule's scale "
                    f"{low} to {high}",
                )
            )
    for name in criteria:
        if name not in scores:
            out.append(
                Problem(
                    "STUDY-DQ-003",
                    f"activity.{item_id}.dqr.{name}",
                    f"缺少规则数据质量评级准则“{name}”的评分（准则：{listed[0]}）",
                    f"no score for '{name}', a criterion of the rule's data-quality rating "
                    f"(criteria: {listed[1]})",
                )
            )
    return out


def _measured(
    item_id: str,
    unit: str,
    data_type: str,
    given: ActivityValue,
    rule_rating: DQRating,
    problems: list[Problem],
) -> Value | None:
    quantity = _convert(given.value, given.unit, unit, f"activity.{item_id}", problems)
    if quantity is None:
        return None
    primary = (given.data_type or data_type) == "primary"
    dqr: float | None = None
    scores: dict[str, float] | None = None
    if given.dqr is not None:
        scored = dqr_problems(item_id, rule_rating, given.dqr)
        problems += scored
        if not scored:  # scores that do not fit the rule's rating give the datum no DQR
            scores = given.dqr.scores()
            dqr = rating(rule_rating, scores)
    uncertainty = None
    if given.uncertainty is not None:
        u = given.uncertainty
        factor = quantity.magnitude / given.value if given.value else 1.0
        uncertainty = Uncertainty(
            u.distribution,
            u.sigma,
            None if u.sd is None else u.sd * factor,
            None if u.low is None else u.low * factor,
            None if u.high is None else u.high * factor,
        )
        check_uncertainty(quantity.magnitude, uncertainty, f"activity.{item_id}")
    return Value(item_id, quantity, "measured", primary, dqr, uncertainty, scores)


def _convert(
    value: float, given_unit: str, rule_unit: str, path: str, problems: list[Problem]
) -> pint.Quantity[Any] | None:
    try:
        quantity = registry().Quantity(value, parse_unit(given_unit, Location(path=path)))
        return quantity.to(parse_unit(rule_unit))
    except (UnitError, pint.errors.DimensionalityError):
        problems.append(
            Problem(
                "STUDY-ITEM-002",
                path,
                f"单位“{given_unit}”不能换算为规则规定的“{rule_unit}”",
                f"unit '{given_unit}' does not convert to the rule's '{rule_unit}'",
            )
        )
        return None


def sampled(values: dict[str, Value], samples: int, rng: np.random.Generator) -> dict[str, object]:
    """Quantities with Monte Carlo draws (arrays) for the values that carry uncertainty."""
    out: dict[str, object] = {}
    for name, value in values.items():
        if value.uncertainty is None:
            out[name] = value.quantity
            continue
        draws = draw(value.quantity.magnitude, value.uncertainty, samples, rng, name)
        out[name] = registry().Quantity(draws, value.quantity.units)
    return out
