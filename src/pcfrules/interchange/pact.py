"""PACT (Pathfinder) Technical Specifications ``ProductFootprint``: out of a result, and in.

Out: :func:`product_footprint` writes v3 (the default) or v2 (``spec="2"``, with the
product's UN CPC code) of a result computed under a rule. In: :func:`read_footprint` reads a
supplier's file and :func:`dataset_from_pact` turns its v3 footprint into a dataset.

Mapping choices, stated once:
- decimals are strings in plain notation, as the specification requires;
- the declared unit goes to PACT's enumeration through pint (1 t → 1000 kilogram);
- every figure is per declared unit; pcfExcludingBiogenicUptake = pcfIncludingBiogenicUptake
  = the total, since no rule in the catalogue credits biogenic uptake;
- DQR: our scores run 1 (best) … 5, PACT's 1 … 3; they are rescaled linearly (1 + (s − 1)/2),
  and back (1 + 2(p − 1)) on import;
- productOrSectorSpecificRules names our rule standard (operator "Other");
- v2 needs a UN CPC code, which no rule carries (the caller gives it); its ``dqi`` needs
  completeness and reliability ratings pcfrules does not collect, so v2 leaves it out;
- on import, the part of pcfExcludingBiogenicUptake that is not fossil, dLUC or aircraft is
  taken as biogenic; all parts are CO2e, as PACT reports characterised values.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pcfrules.errors import Location, StudyError
from pcfrules.files import read_json
from pcfrules.studies import Result
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
# What every ProductFootprint has, whichever version: the minimum a file must hold to be read.
REQUIRED = ("id", "specVersion", "pcf")


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
    return v3 if spec == "3" else _v2(v3, rule, cpc)


def decimal(value: float, places: int = 6) -> str:
    """A PACT Decimal: plain notation, no exponent, trailing zeros trimmed."""
    text = format(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places)), "f")
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
    pcf: dict[str, Any] = {
        "declaredUnitOfMeasurement": unit_name,
        "declaredUnitAmount": decimal(amount),
        "productMassPerDeclaredUnit": decimal(_mass_kg(result.functional_unit)),
        "referencePeriodStart": f"{study['period']['start']}T00:00:00Z",
        "referencePeriodEnd": f"{study['period']['end']}T23:59:59Z",
        "pcfExcludingBiogenicUptake": decimal(result.total.value),
        "pcfIncludingBiogenicUptake": decimal(result.total.value),
        "fossilGhgEmissions": decimal(max(origin["fossil"], 0.0)),
        "fossilCarbonContent": decimal(result.fossil_carbon_content["value"]),
        "biogenicCarbonContent": decimal(result.biogenic_carbon_content["value"]),
        "landUseChangeGhgEmissions": decimal(max(origin["dluc"], 0.0)),
        "aircraftGhgEmissions": decimal(max(origin["aircraft"], 0.0)),
        "biogenicNonCO2Emissions": decimal(max(_biogenic_non_co2(result), 0.0)),
        "ipccCharacterizationFactors": [result.gwp_set.split("-")[0]],
        "crossSectoralStandards": ["ISO14067"],
        "productOrSectorSpecificRules": [
            {
                "operator": "Other",
                "otherOperatorName": "pcfrules rule standards",
                "ruleNames": [f"{rule.id} {rule.version} (SHA-256 {rule.fingerprint})"],
            }
        ],
        "exemptedEmissionsPercent": decimal(result.excluded_share_percent or 0.0),
        "primaryDataShare": decimal(result.primary_data_share),
    }
    dqi = _pact_dqi(result.dqi or {})
    if dqi:
        pcf["dqi"] = dqi
    return pcf


def _mass_kg(fu: dict[str, Any]) -> float:
    if not same_dimension(fu["unit"], "kg"):
        raise StudyError(
            zh="非质量声明单位须给出每声明单位的产品质量",
            en="a declared unit that is not a mass needs the product mass per unit",
            location=Location(path="functional_unit"),
        )
    return float(fu["quantity"] * conversion_factor(fu["unit"], "kg"))


def _pact_dqi(ours: dict[str, float]) -> dict[str, str]:
    """PACT's three DQRs rescaled from ours; none unless all three are known."""
    if not all(name in ours for name in DQI.values()):
        return {}
    return {pact: decimal(1 + (ours[name] - 1) / 2, 3) for pact, name in DQI.items()}


def _biogenic_non_co2(result: Result) -> float:
    """Biogenic non-CO2 gases in CO2e, at each gas's CO2e per kg in the result's breakdown."""
    return sum(
        mass * _co2e_per_kg(result, gas)
        for gas, mass in result.inventory.get("biogenic", {}).items()
        if gas != "CO2"
    )


def _co2e_per_kg(result: Result, gas: str) -> float:
    mass = sum(gases.get(gas, 0.0) for gases in result.inventory.values())
    return result.by_gas.get(gas, 0.0) / mass if mass else 0.0


def _v2(v3: dict[str, Any], rule: RuleStamp, cpc: str) -> dict[str, Any]:
    """The v2 ``ProductFootprint`` carrying the same figures as ``v3``."""
    pcf3 = v3["pcf"]
    if pcf3["declaredUnitOfMeasurement"] not in V2_UNITS:
        raise StudyError(
            zh="该声明单位在 PACT v2 中不可用",
            en="this declared unit has no PACT v2 equivalent",
            location=Location(path="functional_unit"),
        )
    exempted = float(pcf3["exemptedEmissionsPercent"])
    pcf = {
        "declaredUnit": pcf3["declaredUnitOfMeasurement"],
        "unitaryProductAmount": pcf3["declaredUnitAmount"],
        "productMassPerDeclaredUnit": pcf3["productMassPerDeclaredUnit"],
        "pCfExcludingBiogenic": pcf3["pcfExcludingBiogenicUptake"],
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
    """A ``ProductFootprint`` JSON file; a bilingual error naming the file when it is not one."""
    data = read_json(path, ("PACT 文件", "PACT file"), StudyError)
    if not isinstance(data, dict):
        raise _unreadable(path, "不是产品碳足迹对象", "not a ProductFootprint object")
    missing = [key for key in REQUIRED if key not in data]
    if missing or not isinstance(data["pcf"], dict):
        name = missing[0] if missing else "pcf"
        raise StudyError(
            zh=f"PACT 文件不是产品碳足迹（缺少或无效：{name}）",
            en=f"PACT file: not a ProductFootprint (missing or invalid: {name})",
            location=Location(file=str(path), path=name),
        )
    return data


def _unreadable(path: Path, zh: str, en: str) -> StudyError:
    return StudyError(zh=f"PACT 文件{zh}", en=f"PACT file: {en}", location=Location(file=str(path)))


def dataset_from_pact(footprint: dict[str, Any], flow: str) -> dict[str, Any]:
    """A supplier's v3 ``ProductFootprint`` as a ``pcfrules.system/1`` dataset for ``flow``.

    The dataset gives emissions per one unit of the flow (kg, kWh … as PACT declares), split
    by origin as far as PACT reports it: fossil, dLUC, aircraft, and the rest of
    ``pcfExcludingBiogenicUptake`` as biogenic. All are CO2e (PACT reports characterised
    values). The data-quality rating is PACT's mean DQR rescaled to our 1–5 scale. A field
    of the wrong type, a missing one or a declared amount that is not positive is one
    StudyError, whichever it is.
    """
    try:
        return _dataset(footprint, flow)
    except (KeyError, TypeError, ValueError, AttributeError, ZeroDivisionError) as exc:
        raise StudyError(
            zh=f"不是有效的 PACT v3 产品碳足迹（{exc}）",
            en=f"not a valid PACT v3 ProductFootprint ({exc!r})",
            location=Location(path="pcf"),
        ) from exc


def _dataset(footprint: dict[str, Any], flow: str) -> dict[str, Any]:
    pcf = footprint["pcf"]
    unit = PACT_UNITS[pcf["declaredUnitOfMeasurement"]]
    amount = float(pcf["declaredUnitAmount"])
    if not amount > 0:
        raise ValueError(f"declaredUnitAmount must be positive, not {amount}")
    total = float(pcf["pcfExcludingBiogenicUptake"])
    parts = {
        origin: float(pcf.get(key, "0"))
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
        "unit": unit,
        "emissions": emissions,
        "source": f"PACT ProductFootprint {footprint.get('id', '?')} of "
        f"{footprint.get('companyName', '?')} (spec {footprint.get('specVersion', '?')},"
        f" period {pcf.get('referencePeriodStart', '?')[:10]} to "
        f"{pcf.get('referencePeriodEnd', '?')[:10]})",
    }
    dqi = pcf.get("dqi") or {}
    scores = [float(dqi[k]) for k in DQI if k in dqi]
    if scores:
        dataset["dqr"] = round(1 + 2 * (sum(scores) / len(scores) - 1), 3)
    return dataset
