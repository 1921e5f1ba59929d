"""PACT (Pathfinder) Technical Specifications v3 ``ProductFootprint`` from a result.

Decimals are strings, as the specification requires. Mapping choices, stated once:
- the declared unit goes to PACT's enumeration through pint (1 t → 1000 kilogram);
- every figure is per declared unit; pcfExcludingBiogenicUptake = pcfIncludingBiogenicUptake
  = the total, since no rule in the catalogue credits biogenic uptake;
- DQR: our scores run 1 (best) … 5, PACT's 1 … 3; they are rescaled linearly (1 + (s − 1)/2);
- productOrSectorSpecificRules names our rule standard (operator "Other").
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pcfrules.errors import Location, StudyError
from pcfrules.units import conversion_factor, same_dimension

SPEC_VERSION = "3.0.0"
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
DQI = {"technologicalDQR": "technology", "geographicalDQR": "geography", "temporalDQR": "time"}


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


def product_footprint(
    result: dict[str, Any],
    company_name: str | None = None,
    created: datetime | None = None,
    footprint_id: str | None = None,
) -> dict[str, Any]:
    """The ``ProductFootprint`` of a result computed under a rule."""
    rule, study = result.get("rule"), result.get("study")
    if not rule or not study:
        raise StudyError(
            zh="PACT 导出须基于依据规则的研究结果",
            en="a PACT export needs the result of a study under a rule",
            location=Location(path="rule"),
        )
    fu = result["functional_unit"]
    unit_name, amount = declared_unit(fu["quantity"], fu["unit"])
    company = company_name or study["enterprise"].get("en") or study["enterprise"].get("zh")
    product = study["product"].get("en") or study["product"].get("zh")
    pf = {
        "id": footprint_id or str(uuid.uuid4()),
        "specVersion": SPEC_VERSION,
        "created": _time(created or datetime.now(UTC)),
        "status": "Active",
        "companyName": company,
        "companyIds": [f"urn:pcfrules:company:{_slug(company)}"],
        "productDescription": product,
        "productIds": [f"urn:pcfrules:product:{rule['id']}:{_slug(product)}"],
        "productNameCompany": study["product"].get("zh") or product,
        "comment": f"Computed by pcfrules under {rule['id']} {rule['version']} "
        f"(rule SHA-256 {rule['fingerprint']}).",
        "pcf": _carbon_footprint(
            result, unit_name, amount, result.get("excluded_share_percent") or 0.0
        ),
    }
    return pf


def _carbon_footprint(
    result: dict[str, Any], unit_name: str, amount: float, exempted_percent: float
) -> dict[str, Any]:
    fu, study, rule = result["functional_unit"], result["study"], result["rule"]
    origin = result["by_origin"]
    inventory = result["inventory"]
    biogenic_non_co2 = sum(
        mass * _gwp_share(result, gas)
        for gas, mass in inventory.get("biogenic", {}).items()
        if gas != "CO2"
    )
    mass_kg = (
        fu["quantity"] * conversion_factor(fu["unit"], "kg")
        if same_dimension(fu["unit"], "kg")
        else None
    )
    if mass_kg is None:
        raise StudyError(
            zh="非质量声明单位须给出每声明单位的产品质量",
            en="a declared unit that is not a mass needs the product mass per unit",
            location=Location(path="functional_unit"),
        )
    pcf: dict[str, Any] = {
        "declaredUnitOfMeasurement": unit_name,
        "declaredUnitAmount": decimal(amount),
        "productMassPerDeclaredUnit": decimal(mass_kg),
        "referencePeriodStart": f"{study['period']['start']}T00:00:00Z",
        "referencePeriodEnd": f"{study['period']['end']}T23:59:59Z",
        "pcfExcludingBiogenicUptake": decimal(result["total"]["value"]),
        "pcfIncludingBiogenicUptake": decimal(result["total"]["value"]),
        "fossilGhgEmissions": decimal(max(origin["fossil"], 0.0)),
        "fossilCarbonContent": decimal(result["fossil_carbon_content"]["value"]),
        "biogenicCarbonContent": decimal(result["biogenic_carbon_content"]["value"]),
        "landUseChangeGhgEmissions": decimal(max(origin["dluc"], 0.0)),
        "aircraftGhgEmissions": decimal(max(origin["aircraft"], 0.0)),
        "biogenicNonCO2Emissions": decimal(max(biogenic_non_co2, 0.0)),
        "ipccCharacterizationFactors": [result["gwp_set"].split("-")[0]],
        "crossSectoralStandards": ["ISO14067"],
        "productOrSectorSpecificRules": [
            {
                "operator": "Other",
                "otherOperatorName": "pcfrules rule standards",
                "ruleNames": [f"{rule['id']} {rule['version']} (SHA-256 {rule['fingerprint']})"],
            }
        ],
        "exemptedEmissionsPercent": decimal(exempted_percent),
        "primaryDataShare": decimal(result["primary_data_share"]),
    }
    if result.get("dqi"):
        pcf["dqi"] = {
            name: decimal(1 + (result["dqi"][ours] - 1) / 2, 3)
            for name, ours in DQI.items()
            if ours in result["dqi"]
        }
        if len(pcf["dqi"]) < len(DQI):
            del pcf["dqi"]
    return pcf


def _gwp_share(result: dict[str, Any], gas: str) -> float:
    """CO2e per kg of a biogenic non-CO2 gas, from the result's own breakdown."""
    mass = sum(gases.get(gas, 0.0) for gases in result["inventory"].values())
    return result["by_gas"].get(gas, 0.0) / mass if mass else 0.0


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-").lower() or "unnamed"


PACT_UNITS = {name: ours for ours, name in UNITS}


def dataset_from_pact(footprint: dict[str, Any], flow: str) -> dict[str, Any]:
    """A supplier's v3 ``ProductFootprint`` as a ``pcfrules.system/1`` dataset for ``flow``.

    The dataset gives emissions per one unit of the flow (kg, kWh … as PACT declares), split
    by origin as far as PACT reports it: fossil, dLUC, aircraft, and the rest of
    ``pcfExcludingBiogenicUptake`` as biogenic. All are CO2e (PACT reports characterised
    values). The data-quality rating is PACT's mean DQR rescaled to our 1–5 scale.
    """
    try:
        pcf = footprint["pcf"]
        unit = PACT_UNITS[pcf["declaredUnitOfMeasurement"]]
        amount = float(pcf["declaredUnitAmount"])
        total = float(pcf["pcfExcludingBiogenicUptake"])
        parts = {
            origin: float(pcf.get(key, "0"))
            for origin, key in [
                ("fossil", "fossilGhgEmissions"),
                ("dluc", "landUseChangeGhgEmissions"),
                ("aircraft", "aircraftGhgEmissions"),
            ]
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise StudyError(
            zh=f"不是有效的 PACT v3 产品碳足迹（{exc}）",
            en=f"not a valid PACT v3 ProductFootprint ({exc!r})",
            location=Location(path="pcf"),
        ) from exc
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


V2_UNITS = {
    "kilogram",
    "kilowatt hour",
    "megajoule",
    "ton kilometer",
    "liter",
    "cubic meter",
    "square meter",
}


def product_footprint_v2(
    result: dict[str, Any],
    cpc: str,
    company_name: str | None = None,
    created: datetime | None = None,
    footprint_id: str | None = None,
) -> dict[str, Any]:
    """The PACT v2 ``ProductFootprint`` (on request; v3 is the default).

    v2 requires a UN CPC code, which no rule here carries: the caller gives it. Its ``dqi``
    needs completeness and reliability ratings pcfrules does not collect, so it is left out.
    """
    if not cpc.strip():
        raise StudyError(
            zh="PACT v2 须给出联合国 CPC 产品分类代码",
            en="PACT v2 needs the UN CPC code of the product (--cpc)",
            location=Location(path="cpc"),
        )
    v3 = product_footprint(result, company_name, created, footprint_id)
    pcf3 = v3["pcf"]
    if pcf3["declaredUnitOfMeasurement"] not in V2_UNITS:
        raise StudyError(
            zh="该声明单位在 PACT v2 中不可用",
            en="this declared unit has no PACT v2 equivalent",
            location=Location(path="functional_unit"),
        )
    rule = result["rule"]
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
        "boundaryProcessesDescription": f"Boundary and processes as set by {rule['id']} "
        f"{rule['version']}.",
        "referencePeriodStart": pcf3["referencePeriodStart"],
        "referencePeriodEnd": pcf3["referencePeriodEnd"],
        "exemptedEmissionsPercent": float(pcf3["exemptedEmissionsPercent"]),
        "exemptedEmissionsDescription": "Inputs left out under the rule's cut-off criteria."
        if float(pcf3["exemptedEmissionsPercent"]) > 0
        else "",
        "packagingEmissionsIncluded": False,
        "primaryDataShare": float(pcf3["primaryDataShare"]),
    }
    return {
        "id": v3["id"],
        "specVersion": "2.2.0",
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
