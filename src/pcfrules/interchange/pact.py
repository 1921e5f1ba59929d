"""PACT (Pathfinder) Technical Specifications ``ProductFootprint``: out of a result, and in.

Out: :func:`product_footprint` writes v3 (the default) or v2 (``spec="2"``, with the
product's UN CPC code) of a result computed under a rule. In: :func:`read_footprint` reads a
supplier's file and :func:`dataset_from_pact` turns its v3 footprint into a dataset.

Mapping choices, stated once:
- decimals are strings in plain notation, as the specification requires;
- the declared unit goes to PACT's enumeration through pint (1 t → 1000 kilogram);
- every figure is per declared unit; pcfExcludingBiogenicUptake = pcfIncludingBiogenicUptake
  = the total, since no rule in the catalogue credits biogenic uptake (v3 counts biogenic
  CO2 and CH4 emissions in both);
- v2's pCfExcludingBiogenic excludes biogenic CO2 (emissions and uptake) but keeps the
  biogenic non-CO2 gases (CH4, N2O): it is the total less the biogenic CO2 emitted;
  pCfIncludingBiogenic is the total (every biogenic emission, no uptake credited);
- DQR: our scores run 1 (best) … 5, and so do PACT v3's (the v3 specification: "between 1
  and 5 inclusive"), so they are written and read as they are (v2's ran 1 … 3: v2 leaves
  them out, see below);
- productOrSectorSpecificRules names our rule standard (operator "Other");
- v2 needs a UN CPC code, which no rule carries (the caller gives it); its ``dqi`` needs
  completeness and reliability ratings pcfrules does not collect, so v2 leaves it out;
- on import, the file is first checked as PACT v3 defines it (:mod:`.pact_file`: fields,
  signs, Decimals, the relations between its totals); the part of
  pcfExcludingBiogenicUptake that is not fossil, dLUC or aircraft is taken as biogenic; all
  parts are CO2e, as PACT reports characterised values.
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import UTC, datetime
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

from pcfrules.errors import Location, StudyError
from pcfrules.files import read_json
from pcfrules.interchange.pact_file import checked
from pcfrules.studies import Result
from pcfrules.studies.links import Supplied
from pcfrules.studies.result_model import RuleStamp
from pcfrules.units import conversion_factor, same_dimension

SPEC_VERSION = "3.0.0"
SPEC_VERSION_V2 = "2.2.0"
SPECS = ("2", "3")
UNITS = [
    ("kg", "kilogram"),
    ("kWh", "kilowatt hour"),
    ("MJ", "megajoule"),
    ("tkm", "ton kilometer"),
    ("L", "liter"),
    ("m**3", "cubic meter"),
    ("m**2", "square meter"),
    ("piece", "piece"),
    ("hour", "hour"),
]
PACT_UNITS = {name: ours for ours, name in UNITS}
V2_UNITS = {
    "kilogram",
    "kilowatt hour",
    "megajoule",
    "ton kilometer",
    "liter",
    "cubic meter",
    "square meter",
}
DQI = {"technologicalDQR": "technology", "geographicalDQR": "geography", "temporalDQR": "time"}
# Fields an export writes that PACT v3 keeps at zero or more: PositiveOrZeroDecimal in the v3
# openapi.yaml (CarbonFootprint), or a mass or a percentage; NOISE: relative rounding noise of a sum that is zero, written as zero.
NON_NEGATIVE = {
    "productMassPerDeclaredUnit",
    "fossilGhgEmissions",
    "fossilCarbonContent",
    "biogenicCarbonContent",
    "landUseChangeGhgEmissions",
    "aircraftGhgEmissions",
    "biogenicNonCO2Emissions",
    "exemptedEmissionsPercent",
    "primaryDataShare",
}
NOISE = 1e-9
_WIDE = Context(prec=400)  # digits enough to write any finite float in plain notation


def product_footprint(
    result: Result, company: str | None = None, spec: str = "3", cpc: str = ""
) -> dict[str, Any]:
    """The PACT ``ProductFootprint`` of a result computed under a rule (v3, or v2 on request).

    ``company`` overrides the companyName (the study's enterprise by default); ``cpc`` is the
    UN CPC code v2 requires. A bad ``spec``, a v2 without ``cpc`` and a raw-system result
    are refused here, so every caller (CLI, web) refuses them alike.
    """
    if spec not in SPECS:
        raise StudyError(
            zh="PACT 版本应为 2 或 3", en="--spec is 2 or 3", location=Location(path="--spec")
        )
    if spec == "2" and not cpc.strip():
        raise StudyError(
            zh="PACT v2 须给出联合国 CPC 产品分类代码",
            en="PACT v2 needs the UN CPC code of the product (--cpc)",
            location=Location(path="--cpc"),
        )
    rule, study = _rule_and_study(result)
    v3 = _v3(result, rule, study, company)
    return v3 if spec == "3" else _v2(v3, rule, cpc, _excluding_biogenic_co2(result))


def decimal(value: float, places: int = 6, field: str = "value") -> str:
    """A PACT Decimal: plain notation, no exponent, trailing zeros trimmed.

    NaN and infinity have no Decimal form: they are refused, naming ``field``.
    """
    if not math.isfinite(value):
        raise StudyError(
            zh=f"“{field}”不是有限数（{value}），PACT 不允许",
            en=f"{field} is not a finite number ({value}): PACT does not allow it",
            location=Location(path=field),
        )
    exact = Decimal(repr(float(value)))
    text = format(exact.quantize(Decimal(1).scaleb(-places), context=_WIDE), "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in {"-0", ""} else text


def declared_unit(quantity: float, unit: str) -> tuple[str, float]:
    """PACT's unit name and amount for our declared unit."""
    for ours, name in UNITS:
        if same_dimension(unit, ours):
            return name, quantity * conversion_factor(unit, ours)
    raise StudyError(
        zh=f"单位“{unit}”无法对应 PACT 声明单位",
        en=f"unit '{unit}' has no PACT declared unit",
        location=Location(path="unit"),
    )


def _rule_and_study(result: Result) -> tuple[RuleStamp, dict[str, Any]]:
    if result.rule is None or not result.study:
        raise StudyError(
            zh="PACT 导出须基于依据规则的研究结果",
            en="a PACT export needs the result of a study under a rule",
            location=Location(path="rule"),
        )
    return result.rule, result.study


def _v3(
    result: Result, rule: RuleStamp, study: dict[str, Any], company: str | None
) -> dict[str, Any]:
    fu = result.functional_unit
    unit_name, amount = declared_unit(fu["quantity"], fu["unit"])
    company_name = company or study["enterprise"].get("en") or study["enterprise"].get("zh")
    product = study["product"].get("en") or study["product"].get("zh")
    return {
        "id": str(uuid.uuid4()),
        "specVersion": SPEC_VERSION,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": "Active",
        "companyName": company_name,
        "companyIds": [f"urn:pcfrules:company:{_slug(company_name)}"],
        "productDescription": product,
        "productIds": [f"urn:pcfrules:product:{rule.id}:{_slug(product)}"],
        "productNameCompany": study["product"].get("zh") or product,
        "comment": f"Computed by pcfrules under {rule.id} {rule.version} "
        f"(rule SHA-256 {rule.fingerprint}).",
        "pcf": _carbon_footprint(result, rule, study, unit_name, amount),
    }


def _carbon_footprint(
    result: Result, rule: RuleStamp, study: dict[str, Any], unit_name: str, amount: float
) -> dict[str, Any]:
    origin = result.by_origin
    figures = {
        "declaredUnitAmount": amount,
        "productMassPerDeclaredUnit": _mass_kg(result.functional_unit),
        "pcfExcludingBiogenicUptake": result.total.value,
        "pcfIncludingBiogenicUptake": result.total.value,
        "fossilGhgEmissions": origin["fossil"],
        "fossilCarbonContent": result.fossil_carbon_content["value"],
        "biogenicCarbonContent": result.biogenic_carbon_content["value"],
        "landUseChangeGhgEmissions": origin["dluc"],
        "aircraftGhgEmissions": origin["aircraft"],
        "biogenicNonCO2Emissions": _biogenic_non_co2(result),
        "exemptedEmissionsPercent": result.excluded_share_percent or 0.0,
        "primaryDataShare": result.primary_data_share,
    }
    scale = max(abs(result.total.value), 1.0)
    pcf: dict[str, Any] = {
        "declaredUnitOfMeasurement": unit_name,
        **{
            name: decimal(_allowed(name, value, scale), field=f"pcf.{name}")
            for name, value in figures.items()
        },
        "referencePeriodStart": f"{study['period']['start']}T00:00:00Z",
        "referencePeriodEnd": f"{study['period']['end']}T23:59:59Z",
        "ipccCharacterizationFactors": [result.gwp_set.split("-")[0]],
        "crossSectoralStandards": ["ISO14067"],
        "productOrSectorSpecificRules": [
            {
                "operator": "Other",
                "otherOperatorName": "pcfrules rule standards",
                "ruleNames": [f"{rule.id} {rule.version} (SHA-256 {rule.fingerprint})"],
            }
        ],
    }
    dqi = _pact_dqi(result.dqi or {})
    if dqi:
        pcf["dqi"] = dqi
    return pcf


def _allowed(name: str, value: float, scale: float) -> float:
    """``value`` as PACT allows it in field ``name``; refused when PACT does not allow it.

    Rounding noise below ``NOISE`` × the total is zero; a real negative amount in a field PACT
    keeps non-negative (a co-product credit larger than the fossil emissions, say) is refused,
    not clipped, so the parts never silently stop adding up to the total.
    """
    if name in NON_NEGATIVE and value < 0:
        if value >= -NOISE * scale:
            return 0.0
        raise StudyError(
            zh=f"PACT 要求 {name} 不为负，而该结果为 {value:g}，不能导出",
            en=f"PACT requires {name} to be zero or more; this result has {value:g}",
            location=Location(path=f"pcf.{name}"),
        )
    if name == "declaredUnitAmount" and not value > 0:
        raise StudyError(
            zh=f"PACT 要求声明单位数量大于零，而该结果为 {value:g}",
            en=f"PACT requires a declared unit amount above zero; this result has {value:g}",
            location=Location(path="pcf.declaredUnitAmount"),
        )
    return value


def _mass_kg(fu: dict[str, Any]) -> float:
    """``productMassPerDeclaredUnit``: the product's mass, or 0 for energy and transport.

    PACT v3 asks for 0 where the mass is not relevant (an energy such as kWh or MJ, a
    transport service in t·km); a volume or a piece needs the product's mass per unit, which
    the result carries (``mass_kg``) where the rule collects it, and is refused rather than
    guessed where it does not.
    """
    if same_dimension(fu["unit"], "kWh") or same_dimension(fu["unit"], "t*km"):
        return 0.0
    if "mass_kg" in fu and not same_dimension(fu["unit"], "kg"):
        return float(fu["mass_kg"]) * float(fu["quantity"])
    if not same_dimension(fu["unit"], "kg"):
        raise StudyError(
            zh="非质量声明单位须给出每声明单位的产品质量",
            en="a declared unit that is not a mass needs the product mass per unit",
            location=Location(path="functional_unit"),
        )
    return float(fu["quantity"] * conversion_factor(fu["unit"], "kg"))


def _pact_dqi(ours: dict[str, float]) -> dict[str, str]:
    """PACT v3's three DQRs (1 … 5, as ours); none unless all three are known."""
    if not all(name in ours for name in DQI.values()):
        return {}
    return {pact: decimal(ours[name], 3, f"pcf.dqi.{pact}") for pact, name in DQI.items()}


def _biogenic_non_co2(result: Result) -> float:
    """Biogenic non-CO2 gases in CO2e, each at the GWP100 applied to its biogenic emission."""
    return sum(
        mass * _co2e_per_kg(result, gas, "biogenic")
        for gas, mass in result.inventory.get("biogenic", {}).items()
        if gas != "CO2"
    )


def _co2e_per_kg(result: Result, gas: str, origin: str) -> float:
    """The GWP100 the result applied to ``gas`` of ``origin`` (its characterisation).

    A result written before the characterisation was recorded gives the gas's mean CO2e
    per kg over every origin instead (one value per gas then, so the same number).
    """
    applied = next((v for k, v in (result.characterisation or {}).items() if k == origin), {})
    if gas in applied:
        return float(applied[gas])
    mass = sum(gases.get(gas, 0.0) for gases in result.inventory.values())
    return result.by_gas.get(gas, 0.0) / mass if mass else 0.0


def _excluding_biogenic_co2(result: Result) -> float:
    """The total less the biogenic CO2 emitted (CO2e): PACT v2's pCfExcludingBiogenic."""
    biogenic_co2 = result.inventory.get("biogenic", {}).get("CO2", 0.0)
    value = result.total.value - biogenic_co2 * _co2e_per_kg(result, "CO2", "biogenic")
    scale = max(abs(result.total.value), 1.0)
    return 0.0 if -NOISE * scale <= value < 0 else value


def _v2(v3: dict[str, Any], rule: RuleStamp, cpc: str, excluding_biogenic: float) -> dict[str, Any]:
    """The v2 ``ProductFootprint`` carrying the figures of ``v3``.

    ``excluding_biogenic`` is v2's pCfExcludingBiogenic (the total less biogenic CO2),
    which v3 has no field for.
    """
    pcf3 = v3["pcf"]
    if pcf3["declaredUnitOfMeasurement"] not in V2_UNITS:
        raise StudyError(
            zh="该声明单位在 PACT v2 中不可用",
            en="this declared unit has no PACT v2 equivalent",
            location=Location(path="functional_unit"),
        )
    if excluding_biogenic < 0:
        raise StudyError(
            zh="PACT v2 要求 pCfExcludingBiogenic 不为负，该结果为负，请导出 v3",
            en="PACT v2 requires pCfExcludingBiogenic to be zero or more; this result is "
            "negative (export v3)",
            location=Location(path="pcf.pCfExcludingBiogenic"),
        )
    exempted = float(pcf3["exemptedEmissionsPercent"])
    pcf = {
        "declaredUnit": pcf3["declaredUnitOfMeasurement"],
        "unitaryProductAmount": pcf3["declaredUnitAmount"],
        "productMassPerDeclaredUnit": pcf3["productMassPerDeclaredUnit"],
        "pCfExcludingBiogenic": decimal(excluding_biogenic, field="pcf.pCfExcludingBiogenic"),
        "pCfIncludingBiogenic": pcf3["pcfIncludingBiogenicUptake"],
        "fossilGhgEmissions": pcf3["fossilGhgEmissions"],
        "fossilCarbonContent": pcf3["fossilCarbonContent"],
        "biogenicCarbonContent": pcf3["biogenicCarbonContent"],
        "dLucGhgEmissions": pcf3["landUseChangeGhgEmissions"],
        "aircraftGhgEmissions": pcf3["aircraftGhgEmissions"],
        "characterizationFactors": pcf3["ipccCharacterizationFactors"][0],
        "ipccCharacterizationFactorsSources": pcf3["ipccCharacterizationFactors"],
        "crossSectoralStandardsUsed": ["ISO Standard 14067"],
        "crossSectoralStandards": ["ISO14067"],
        "productOrSectorSpecificRules": pcf3["productOrSectorSpecificRules"],
        "boundaryProcessesDescription": f"Boundary and processes as set by {rule.id} "
        f"{rule.version}.",
        "referencePeriodStart": pcf3["referencePeriodStart"],
        "referencePeriodEnd": pcf3["referencePeriodEnd"],
        "exemptedEmissionsPercent": exempted,
        "exemptedEmissionsDescription": "Inputs left out under the rule's cut-off criteria."
        if exempted > 0
        else "",
        "packagingEmissionsIncluded": False,
        "primaryDataShare": float(pcf3["primaryDataShare"]),
    }
    return {
        "id": v3["id"],
        "specVersion": SPEC_VERSION_V2,
        "version": 1,
        "created": v3["created"],
        "status": "Active",
        "comment": v3["comment"],
        "companyName": v3["companyName"],
        "companyIds": v3["companyIds"],
        "productDescription": v3["productDescription"],
        "productIds": v3["productIds"],
        "productCategoryCpc": cpc,
        "productNameCompany": v3["productNameCompany"],
        "pcf": pcf,
    }


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-").lower() or "unnamed"


def read_footprint(path: Path) -> dict[str, Any]:
    """A PACT v3 ``ProductFootprint`` JSON file, checked as PACT defines it.

    A bilingual error names the file and the field when it is not one (see
    :func:`pcfrules.interchange.pact_file.checked`).
    """
    data = read_json(path, ("PACT 文件", "PACT file"), StudyError)
    if not isinstance(data, dict):
        raise StudyError(
            zh="PACT 文件不是产品碳足迹对象",
            en="PACT file: not a ProductFootprint object",
            location=Location(file=str(path)),
        )
    checked(data, str(path))
    return data


def dataset_from_pact(footprint: dict[str, Any], flow: str) -> dict[str, Any]:
    """A supplier's v3 ``ProductFootprint`` as a ``pcfrules.system/1`` dataset for ``flow``.

    The footprint is checked as PACT v3 defines it first, so nothing PACT does not allow
    becomes a number. The dataset gives emissions per one unit of the flow (kg, kWh … as
    PACT declares), split by origin as far as PACT reports it: fossil, dLUC, aircraft, and
    the rest of ``pcfExcludingBiogenicUptake`` as biogenic. All are CO2e (PACT reports
    characterised values). The data-quality rating is PACT's mean DQR (1 … 5, as ours).
    """
    product = checked(footprint)
    pcf = product.pcf
    if pcf.declaredUnitOfMeasurement not in PACT_UNITS:
        raise StudyError(
            zh=f"PACT 声明单位“{pcf.declaredUnitOfMeasurement}”在 pcfrules 中没有对应单位",
            en=f"the PACT declared unit '{pcf.declaredUnitOfMeasurement}' has no pcfrules unit",
            location=Location(path="pcf.declaredUnitOfMeasurement"),
        )
    amount = pcf.figure("declaredUnitAmount")
    total = pcf.figure("pcfExcludingBiogenicUptake")
    parts = {
        origin: pcf.figure(key)
        for origin, key in [
            ("fossil", "fossilGhgEmissions"),
            ("dluc", "landUseChangeGhgEmissions"),
            ("aircraft", "aircraftGhgEmissions"),
        ]
    }
    parts["biogenic"] = total - sum(parts.values())
    emissions = [
        {"gas": "CO2e", "origin": origin, "amount": value / amount, "unit": "kg"}
        for origin, value in parts.items()
        if abs(value) > 1e-12 * max(abs(total), 1)
    ]
    dataset: dict[str, Any] = {
        "flow": flow,
        "unit": PACT_UNITS[pcf.declaredUnitOfMeasurement],
        "emissions": emissions,
        "source": f"PACT ProductFootprint {product.id} of {product.companyName} (spec "
        f"{product.specVersion}, period {pcf.referencePeriodStart.date()} to "
        f"{pcf.referencePeriodEnd.date()})",
    }
    if pcf.dqi is not None:
        scores = [float(getattr(pcf.dqi, name)) for name in DQI]
        dataset["dqr"] = round(sum(scores) / len(scores), 3)
    return dataset


class PactFootprints:
    """Suppliers' PACT v3 files as footprints of a study's linked inputs (``supplied: pact:``).

    The file is read and checked as :func:`read_footprint` does; the footprint per declared
    unit is what :func:`dataset_from_pact` gives for one unit (``pcfExcludingBiogenicUptake``
    over ``declaredUnitAmount``, every origin together, CO2e).
    """

    def per_unit(self, path: Path) -> Supplied:
        """The supplier's footprint per one unit of its declared unit."""
        data = read_footprint(path)
        dataset, product = dataset_from_pact(data, "supplied"), checked(data)
        label = (
            f"PACT ProductFootprint {product.id} of {product.companyName} "
            f"({product.productNameCompany}), file {path.name}"
        )
        total = sum(float(e["amount"]) for e in dataset["emissions"])
        return Supplied(total, str(dataset["unit"]), label, product.pcf.referencePeriodEnd.year)


PACT_FOOTPRINTS = PactFootprints()
