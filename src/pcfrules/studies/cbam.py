"""EU CBAM embedded emissions of a study, under CBAM's own boundary and GWP set.

A product footprint and CBAM's specific embedded emissions (SEE) answer different questions
from the same activity data. CBAM counts the installation's direct emissions of its source
streams (and PFCs, with the AR5 GWPs of the official template), the indirect emissions of the
electricity the production process consumed, and the embedded emissions of purchased
precursors; it leaves out the upstream burdens of fuels, materials and transport that the
footprint includes. The rule's ``cbam`` mapping says which of its formulas are source streams;
the study's ``cbam`` block gives the installation and the suppliers' precursor data.

The equations are those of the template's sheets (B_EmInst, D_Processes, E_PurchPrec):

- combustion: ``AD · NCV/1000 · EF · OxF · (1 − BioC)`` (EF per TJ) or ``AD · EF · …`` (per t);
- process emissions: the same with the conversion factor in place of OxF;
- mass balance: ``AD · C · 3.664 · (1 − BioC)``, outputs with negative AD;
- PFC (slope method): ``CF4 = AD · AEM · SEF / 1000``, ``C2F6 = CF4 · F(C2F6/CF4)``;
- waste gas exported: ``− TJ · 56.1 · 0.667`` t CO2;
- ``SEE(direct) = (DirEm + Σ M_i · SEE_i,direct) / AL`` and
  ``SEE(indirect) = (E_el · EF_el + Σ M_i · e_i · EF_i) / AL``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pint

from pcfrules import datasets
from pcfrules.errors import ExpressionError, Location, StudyError, UnitError
from pcfrules.rules import expr
from pcfrules.rules.model import Cbam, CbamPfc, CbamSourceStream, RuleStandard
from pcfrules.rules.sources import RegistryRules
from pcfrules.studies.links import BackgroundData, Footprints
from pcfrules.studies.model import CbamData, ParameterValue, Study
from pcfrules.studies.run import errors_in, load_input, resolve_or_raise, rule_for, with_files
from pcfrules.studies.values import Value
from pcfrules.units import parse_unit, registry

CBAM_FORMAT = "pcfrules.cbam/1"


@dataclass
class _Context:
    """What every formula of the mapping is evaluated against."""

    values: dict[str, Value]

    def number(self, text: str, unit: str, path: str, default: float | None = None) -> float:
        """The formula ``text`` evaluated and expressed in ``unit``."""
        if not text:
            if default is None:
                raise _error(path, "缺少公式", "a formula is required here")
            return default
        return _magnitude(self.quantity(text, path), unit, path)

    def try_number(self, text: str, units: tuple[str, ...], path: str) -> tuple[float, str]:
        """The formula in the first of ``units`` it converts to, and that unit."""
        quantity = self.quantity(text, path)
        for unit in units:
            if quantity.is_compatible_with(parse_unit(unit)):
                return _magnitude(quantity, unit, path), unit
        raise _error(
            path,
            f"公式结果的单位“{quantity.units:~}”不能换算为 {' 或 '.join(units)}",
            f"the result's unit '{quantity.units:~}' converts to none of {', '.join(units)}",
        )

    def quantity(self, text: str, path: str) -> pint.Quantity[Any]:
        """The formula ``text`` evaluated over the study's values."""
        if not text:
            raise _error(path, "缺少公式", "a formula is required here")
        try:
            parsed = expr.parse(text, Location(path=path))
            missing = sorted(n for n in parsed.names if n not in self.values)
            if missing:
                raise _error(
                    path,
                    f"公式引用了规则中没有的名称：{', '.join(missing)}",
                    f"the formula names what the rule does not have: {', '.join(missing)}",
                )
            result = parsed.evaluate({n: self.values[n].quantity for n in parsed.names})
        except ExpressionError as exc:
            raise _error(path, exc.zh, exc.en) from exc
        if not isinstance(result, pint.Quantity):
            result = registry().Quantity(float(result), "dimensionless")
        return result


def cbam_of(
    path: Path,
    rule: str | None = None,
    registry: RegistryRules | None = None,
    footprints: Footprints | None = None,
    background: BackgroundData | None = None,
) -> dict[str, Any]:
    """The CBAM embedded emissions of a study file (its rule and linked inputs as ``compute``)."""
    data = load_input(path)
    if not isinstance(data, Study):
        raise StudyError(
            zh="CBAM 嵌入排放需要按规则核算的研究（pcfrules.study/1），而非原始产品系统",
            en="CBAM embedded emissions need a study under a rule (pcfrules.study/1), not a "
            "raw system",
            location=Location(file=str(path), path="format"),
        )
    with errors_in(path):
        found = rule_for(data, path, rule, registry)
        study, _ = with_files(data, found, path.parent, registry, footprints, background=background)
        return embedded_emissions(study, found.rule)


def embedded_emissions(study: Study, rule: RuleStandard) -> dict[str, Any]:
    """The study's CBAM embedded emissions (``pcfrules.cbam/1``)."""
    mapping, data = _mapping(rule), _data(study)
    good = _good(mapping.good, "cbam.good")
    resolved, _ = resolve_or_raise(rule, study)
    ctx = _Context(resolved)
    production = ctx.number(mapping.production, good.unit, "cbam.production")
    if production <= 0:
        raise _error("cbam.production", "产量须大于零", "the production must be above zero")
    streams = [_stream(ctx, s, i) for i, s in enumerate(mapping.source_streams)]
    pfcs = [_pfc(ctx, p, i) for i, p in enumerate(mapping.pfc)]
    n2o = [_n2o(ctx, n.name, n.amount, i) for i, n in enumerate(mapping.nitrous_oxide)]
    waste_gas = ctx.number(mapping.waste_gas_exported, "TJ", "cbam.waste_gas_exported", 0.0)
    electricity = ctx.number(mapping.electricity, "MWh", "cbam.electricity", 0.0)
    ef = _electricity_factor(data.electricity_factor, electricity, "cbam.electricity_factor")
    precursors = [
        _precursor(ctx, data, p.id, p.good, p.amount, i) for i, p in enumerate(mapping.precursors)
    ]
    parts = _Parts(production, streams, pfcs, n2o, waste_gas, electricity, ef, precursors)
    return _assemble(rule, study, data, mapping, good, parts)


@dataclass
class _Parts:
    """The computed pieces of the embedded emissions, before totals."""

    production: float
    streams: list[dict[str, Any]]
    pfcs: list[dict[str, Any]]
    n2o: list[dict[str, Any]]
    waste_gas: float
    electricity: float
    ef: float
    precursors: list[dict[str, Any]]


def _assemble(
    rule: RuleStandard,
    study: Study,
    data: CbamData,
    mapping: Cbam,
    good: datasets.CbamGood,
    parts: _Parts,
) -> dict[str, Any]:
    """Totals and specific embedded emissions, laid out as the JSON export."""
    production, precursors = parts.production, parts.precursors
    dir_em = (
        sum(s["fossil_tCO2"] for s in parts.streams)
        + sum(p["tCO2e"] for p in parts.pfcs)
        + sum(n["tCO2e"] for n in parts.n2o)
    )
    constants = datasets.cbam_constants()
    waste_gas_correction = 0.0 - (
        parts.waste_gas * constants["ef_natural_gas"] * constants["waste_gas_export_share"]
    )
    attributed_direct = max(dir_em + waste_gas_correction, 0.0)
    indirect = parts.electricity * parts.ef
    embedded_direct = sum(p["embedded_direct_tCO2e"] for p in precursors)
    embedded_indirect = sum(p["embedded_indirect_tCO2e"] for p in precursors)
    see_direct = (attributed_direct + embedded_direct) / production
    see_indirect = (indirect + embedded_indirect) / production
    embedded_el = parts.electricity + sum(
        p["amount"] * p["specific_electricity"] for p in precursors
    )
    return {
        "format": CBAM_FORMAT,
        "rule": {
            "id": rule.identity.id,
            "version": rule.identity.version,
            "fingerprint": rule.fingerprint(),
        },
        "installation": data.installation.model_dump(mode="json"),
        "reporting_period": {"start": str(study.period.start), "end": str(study.period.end)},
        "product": study.product.en or study.product.zh,
        "good": {
            "category": good.name.strip(),
            "cn_code": mapping.cn_code,
            "route": mapping.route,
            "unit": good.unit,
            "indirect_counts_definitive": good.indirect_counts_definitive,
        },
        "gwp_set": datasets.CBAM_GWP_SET,
        "gwp": {
            gas: datasets.gwp(datasets.CBAM_GWP_SET, gas).value for gas in ("N2O", "CF4", "C2F6")
        },
        "boundary": mapping.boundary.model_dump(),
        "production": production,
        "source_streams": parts.streams,
        "pfc": parts.pfcs,
        "nitrous_oxide": parts.n2o,
        "direct_emissions_tCO2e": dir_em,
        "waste_gas_exported_TJ": parts.waste_gas,
        "waste_gas_correction_tCO2": waste_gas_correction,
        "attributed_direct_tCO2e": attributed_direct,
        "electricity_MWh": parts.electricity,
        "electricity_factor_tCO2_per_MWh": parts.ef,
        "electricity_factor_source": data.electricity_factor_source,
        "electricity_factor_reference": _reference(data.electricity_factor),
        "indirect_emissions_tCO2": indirect,
        "precursors": precursors,
        "see": {
            "direct": see_direct,
            "indirect": see_indirect,
            "total": see_direct + see_indirect,
            "unit": f"tCO2e/{good.unit}",
        },
        "embedded_electricity_MWh_per_unit": embedded_el / production,
        "source": datasets.CBAM_SOURCE,
    }


# The template's activity units, and per activity unit: pint unit of the activity, of a
# per-mass (or per-volume) factor, and of the net calorific value.
ACTIVITY_UNITS = {
    "t": ("t", "dimensionless", "GJ/t"),
    "1000Nm3": ("kNm3", "kg/Nm3", "MJ/Nm3"),  # t/1000 Nm3 = kg/Nm3; GJ/1000 Nm3 = MJ/Nm3
}


def _stream(ctx: _Context, stream: CbamSourceStream, i: int) -> dict[str, Any]:
    """One source stream with its fossil and biomass CO2, as the template computes them."""
    path = f"cbam.source_streams[{i}]"
    activity, unit = _activity(ctx, stream.activity, f"{path}.activity")
    _, per_unit, ncv_unit = ACTIVITY_UNITS[unit]
    bio = ctx.number(stream.biomass_fraction, "dimensionless", f"{path}.biomass_fraction", 0.0)
    row: dict[str, Any] = {
        "name": stream.name,
        "method": stream.method,
        "activity": activity,
        "activity_unit": unit,
        "biomass_fraction": bio,
    }
    if stream.method == "mass_balance":
        carbon = ctx.number(stream.carbon_content, per_unit, f"{path}.carbon_content")
        co2 = activity * carbon * datasets.cbam_constants()["co2_per_carbon"]
        row["carbon_content"] = carbon
    else:
        ef, ef_unit = ctx.try_number(
            stream.emission_factor, ("t/TJ", per_unit), f"{path}.emission_factor"
        )
        row.update(emission_factor=ef, emission_factor_unit=f"tCO2/{unit}")
        co2 = activity * ef
        if ef_unit == "t/TJ":
            row["emission_factor_unit"] = "tCO2/TJ"
            row["ncv"] = ctx.number(stream.ncv, ncv_unit, f"{path}.ncv")
            co2 *= row["ncv"] / 1000
        key = "oxidation_factor" if stream.method == "combustion" else "conversion_factor"
        row[key] = ctx.number(getattr(stream, key), "dimensionless", f"{path}.{key}", 1.0)
        co2 *= row[key]
    row["fossil_tCO2"] = co2 * (1 - bio)
    row["biomass_tCO2"] = co2 * bio
    return row


def _activity(ctx: _Context, text: str, path: str) -> tuple[float, str]:
    """The stream's activity data: a mass in t, or a gas volume in 1000 Nm3."""
    value, pint_unit = ctx.try_number(text, ("t", "kNm3"), path)
    return value, ("t" if pint_unit == "t" else "1000Nm3")


def _pfc(ctx: _Context, pfc: CbamPfc, i: int) -> dict[str, Any]:
    """PFC emissions by the slope method: CF4 and C2F6 in t and in t CO2e (AR5)."""
    path = f"cbam.pfc[{i}]"
    production = ctx.number(pfc.production, "t", f"{path}.production")
    aem = ctx.number(pfc.anode_effect_minutes, "min/day", f"{path}.anode_effect_minutes")
    slope = ctx.number(pfc.slope_cf4, "kg/t*day/min", f"{path}.slope_cf4")
    ratio = ctx.number(pfc.ratio_c2f6, "dimensionless", f"{path}.ratio_c2f6")
    cf4 = production * aem * slope / 1000
    c2f6 = cf4 * ratio
    gwp = datasets.CBAM_GWP_SET
    co2e = cf4 * datasets.gwp(gwp, "CF4").value + c2f6 * datasets.gwp(gwp, "C2F6").value
    return {
        "technology": pfc.technology,
        "production_t": production,
        "anode_effect_minutes_per_cell_day": aem,
        "slope_cf4": slope,
        "ratio_c2f6": ratio,
        "cf4_t": cf4,
        "c2f6_t": c2f6,
        "tCO2e": co2e,
    }


def _n2o(ctx: _Context, name: str, amount_text: str, i: int) -> dict[str, Any]:
    """N2O emitted over the period, in t and in t CO2e at the template's AR5 GWP."""
    amount = ctx.number(amount_text, "t", f"cbam.nitrous_oxide[{i}].amount")
    gwp = datasets.gwp(datasets.CBAM_GWP_SET, "N2O").value
    return {"name": name, "n2o_t": amount, "tCO2e": amount * gwp}


def _precursor(
    ctx: _Context, data: CbamData, pid: str, good_name: str, amount_text: str, i: int
) -> dict[str, Any]:
    """A purchased precursor's amount and embedded emissions, from the supplier's data.

    A precursor the process did not consume needs no data: it is listed with zeros.
    """
    path = f"cbam.precursors[{i}]"
    good = _good(good_name, f"{path}.good")
    amount = ctx.number(amount_text, good.unit, f"{path}.amount")
    supplied = data.precursors.get(pid)
    if supplied is None and amount > 0:
        raise _error(
            f"cbam.precursors.{pid}",
            f"研究须提供前体“{pid}”的嵌入排放数据（消耗量 {amount:g} {good.unit}）",
            f"the study must give the embedded emissions of precursor '{pid}' "
            f"(consumed: {amount:g} {good.unit})",
        )
    where = f"cbam.precursors.{pid}"

    def given(name: str) -> Any:
        return getattr(supplied, name) if supplied is not None else None

    see = _given(given("see_direct"), f"t/{good.unit}", f"{where}.see_direct", 0.0)
    spec = _given(
        given("specific_electricity"), f"MWh/{good.unit}", f"{where}.specific_electricity", 0.0
    )
    ef = _given(given("electricity_factor"), "t/MWh", f"{where}.electricity_factor", 0.0)
    references = ("see_direct", "specific_electricity", "electricity_factor")
    return {
        "id": pid,
        "good": good.name.strip(),
        "amount": amount,
        "unit": good.unit,
        "basis": given("basis"),
        "country": given("country"),
        "route": given("route") or "",
        "see_direct": see,
        "specific_electricity": spec,
        "electricity_factor": ef,
        "electricity_factor_source": given("electricity_factor_source"),
        "see_indirect": spec * ef,
        "embedded_direct_tCO2e": amount * see,
        "embedded_indirect_tCO2e": amount * spec * ef,
        "references": {k: _reference(given(k)) for k in references},
    }


def _electricity_factor(given: ParameterValue | None, electricity: float, path: str) -> float:
    """The CO2 factor of the electricity consumed; required once any is consumed."""
    if given is None:
        if electricity > 0:
            raise _error(
                path,
                "消耗了电力，研究须提供电力 CO2 排放因子（含来源和年份）",
                "electricity is consumed: the study must give the electricity's CO2 emission "
                "factor (with source and year)",
            )
        return 0.0
    return _given(given, "t/MWh", path)


def _given(
    given: ParameterValue | None, unit: str, path: str, default: float | None = None
) -> float:
    """A study-supplied value in ``unit``."""
    if given is None:
        if default is None:
            raise _error(path, "缺少数值", "a value is required here")
        return default
    try:
        quantity = registry().Quantity(given.value, parse_unit(given.unit, Location(path=path)))
    except UnitError as exc:
        raise _error(path, exc.zh, exc.en) from exc
    return _magnitude(quantity, unit, path)


def _magnitude(result: pint.Quantity[Any], unit: str, path: str) -> float:
    """``result`` (a quantity or a plain number) expressed in ``unit``; never NaN or infinite."""
    try:
        value = float(result.to(parse_unit(unit)).magnitude)
    except pint.errors.DimensionalityError as exc:
        raise _error(
            path,
            f"公式结果的单位“{result.units:~}”不能换算为“{unit}”",
            f"the result's unit '{result.units:~}' does not convert to '{unit}'",
        ) from exc
    if not math.isfinite(value):
        raise _error(path, "公式结果不是有限数", "the formula does not give a finite number")
    return value


def _reference(given: ParameterValue | None) -> dict[str, Any] | None:
    return None if given is None else {"source": given.source, "year": given.year}


def _good(name: str, path: str) -> datasets.CbamGood:
    goods = datasets.cbam_goods()
    if name.strip() not in goods:
        raise _error(
            path,
            f"“{name}”不是 CBAM 模板中的汇总货物类别；可选：{'、'.join(goods)}",
            f"'{name}' is not an aggregated goods category of the CBAM template; "
            f"allowed: {', '.join(goods)}",
        )
    return goods[name.strip()]


def _mapping(rule: RuleStandard) -> Cbam:
    if rule.cbam is None:
        raise _error(
            "cbam",
            f"规则“{rule.identity.id}”没有 CBAM 映射（cbam 节），无法计算嵌入排放",
            f"rule '{rule.identity.id}' has no CBAM mapping (a 'cbam' section): embedded "
            "emissions cannot be computed",
        )
    return rule.cbam


def _data(study: Study) -> CbamData:
    if study.cbam is None:
        raise _error(
            "cbam",
            "研究缺少 cbam 节（设施信息、电力排放因子、外购前体数据）",
            "the study has no 'cbam' block (installation, electricity emission factor, "
            "purchased precursors' data)",
        )
    return study.cbam


def _error(path: str, zh: str, en: str) -> StudyError:
    return StudyError(zh=zh, en=en, location=Location(path=path))
