"""CBAM embedded emissions checked against the footprint's own formulas and by hand."""

from __future__ import annotations

from typing import Any

import pytest

from pcfrules import datasets
from pcfrules.errors import StudyError
from pcfrules.rules.model import CbamNitrousOxide, RuleStandard
from pcfrules.studies.build import product_system
from pcfrules.studies.cbam import embedded_emissions
from pcfrules.studies.model import ActivityValue, CbamPrecursorData, Study
from pcfrules.studies.run import resolve_or_raise
from tests.examples import catalogue_example

# The template's CO2 per carbon (3.664) over the footprint's (IUPAC weights, 3.66406).
SCALE = 3.664 / 3.66406


def _formula_tonnes(study: Study, rule: RuleStandard) -> dict[str, float]:
    """Every formula of the footprint over the period, in t (the engine's own path)."""
    values, _ = resolve_or_raise(rule, study)
    return {k: v / 1000 for k, v in product_system(rule, values).formula_results.items()}


def _with(study: Study, **activity: float) -> Study:
    merged = dict(study.activity)
    merged.update({k: ActivityValue(value=v, unit="t") for k, v in activity.items()})
    return study.model_copy(update={"activity": merged})


def _clinker_supplier(**overrides: Any) -> CbamPrecursorData:
    data = {
        "basis": "measured",
        "country": "CN",
        "see_direct": {"value": 0.85, "unit": "t/t", "source": "supplier", "year": 2025},
        "specific_electricity": {"value": 60, "unit": "kWh/t", "source": "supplier", "year": 2025},
        "electricity_factor": {"value": 0.55, "unit": "t/MWh", "source": "supplier", "year": 2025},
        "electricity_factor_source": "D.4(b)",
    }
    data.update(overrides)
    return CbamPrecursorData.model_validate(data)


def test_cement_direct_equals_the_footprints_combustion_and_process_co2() -> None:
    study, rule = catalogue_example("cement")
    result = embedded_emissions(study, rule)
    t = _formula_tonnes(study, rule)
    direct = (
        sum(t[f] for f in ("calcination_co2", "raw_meal_toc_co2", "coal_co2", "kiln_diesel_co2"))
        + t["ckd_co2_default"]  # the example weighs no kiln dust: the 1.02 default applies
        + t["ckd_co2_measured"]
        + t["af_fossil_co2"]
    )
    assert result["direct_emissions_tCO2e"] == pytest.approx(direct, rel=1e-12)
    # By hand: 110 000 t coal × 22 GJ/t × 94.6 t CO2/TJ / 1000 = 228 932 t CO2.
    coal = next(s for s in result["source_streams"] if s["name"] == "Kiln coal")
    assert coal["fossil_tCO2"] == pytest.approx(228_932.0, rel=1e-12)
    fuel = next(s for s in result["source_streams"] if s["name"] == "Alternative fuel")
    assert fuel["biomass_tCO2"] == pytest.approx(t["af_biogenic_co2"], rel=1e-12)
    # Quarry diesel, CH4/N2O and upstream burdens are outside CBAM's boundary.
    assert result["direct_emissions_tCO2e"] < sum(t.values())
    assert result["see"]["direct"] == pytest.approx(direct / 1_000_000, rel=1e-12)
    electricity_mwh = (16_000_000 + 22_500_000 + 33_000_000) / 1000
    assert result["electricity_MWh"] == pytest.approx(electricity_mwh)
    assert result["see"]["indirect"] == pytest.approx(electricity_mwh * 0.5366 / 1_000_000)
    assert result["good"] == {
        "category": "Cement",
        "cn_code": "25232900",
        "route": "",
        "unit": "t",
        "indirect_counts_definitive": True,
    }


def test_purchased_precursor_adds_its_embedded_emissions() -> None:
    study, rule = catalogue_example("cement")
    base = embedded_emissions(study, rule)
    cbam = study.cbam.model_copy(update={"precursors": {"clinker": _clinker_supplier()}})
    bought = _with(study, purchased_clinker=50_000).model_copy(update={"cbam": cbam})
    result = embedded_emissions(bought, rule)
    clinker = result["precursors"][0]
    assert clinker["embedded_direct_tCO2e"] == pytest.approx(50_000 * 0.85)
    assert clinker["see_indirect"] == pytest.approx(0.060 * 0.55)
    assert result["see"]["direct"] == pytest.approx(
        (base["attributed_direct_tCO2e"] + 42_500) / 1_000_000, rel=1e-12
    )
    assert result["see"]["indirect"] == pytest.approx(
        (base["indirect_emissions_tCO2"] + 50_000 * 0.060 * 0.55) / 1_000_000, rel=1e-12
    )
    assert result["embedded_electricity_MWh_per_unit"] == pytest.approx(
        (base["electricity_MWh"] + 50_000 * 0.060) / 1_000_000
    )


def test_aluminium_counts_anode_carbon_pfc_at_ar5_and_casting_gas() -> None:
    study, rule = catalogue_example("electrolytic-aluminium")
    result = embedded_emissions(study, rule)
    t = _formula_tonnes(study, rule)
    pfc = t["pfc_cf4"] * 6630 + t["pfc_c2f6"] * 11100  # AR5, the template's constants
    assert result["pfc"][0]["tCO2e"] == pytest.approx(pfc, rel=1e-12)
    expected = t["anode_co2"] * SCALE + pfc + t["casting_gas_co2"]
    assert result["direct_emissions_tCO2e"] == pytest.approx(expected, rel=1e-12)
    gas = next(s for s in result["source_streams"] if s["method"] == "combustion")
    assert gas["activity_unit"] == "1000Nm3" and gas["emission_factor_unit"] == "tCO2/TJ"
    assert gas["activity"] * gas["ncv"] / 1000 * gas["emission_factor"] == pytest.approx(
        t["casting_gas_co2"], rel=1e-12
    )  # national family: the EF is CC × 44/12 × OF
    assert result["good"]["indirect_counts_definitive"] is False


def test_steel_mass_balance_and_waste_gas_correction() -> None:
    study, rule = catalogue_example("crude-steel-bf-bof")
    result = embedded_emissions(study, rule)
    t = _formula_tonnes(study, rule)
    process_co2 = sum(
        t[f]
        for f in (
            "coking_co2",
            "sintering_co2",
            "lime_kiln_co2",
            "ironmaking_co2",
            "steelmaking_co2",
            "purchased_fuel_co2",
        )
    )
    assert result["direct_emissions_tCO2e"] == pytest.approx(process_co2 * SCALE, rel=1e-12)
    exported_tj = study.activity["exported_gas_energy"].value / 1000  # GJ → TJ
    correction = -exported_tj * 56.1 * 0.667  # the template's natural-gas EF and export share
    assert result["waste_gas_correction_tCO2"] == pytest.approx(correction)
    assert result["attributed_direct_tCO2e"] == pytest.approx(
        process_co2 * SCALE + correction, rel=1e-12
    )
    outputs = [s for s in result["source_streams"] if s["activity"] < 0]
    assert {s["name"] for s in outputs} >= {"Crude steel (output)"}


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda s: s.model_copy(update={"cbam": None}), "cbam"),
        (
            lambda s: s.model_copy(
                update={"cbam": s.cbam.model_copy(update={"electricity_factor": None})}
            ),
            "cbam.electricity_factor",
        ),
        (lambda s: _with(s, purchased_clinker=1000), "cbam.precursors.clinker"),
    ],
)
def test_missing_cbam_data_is_named(change: Any, path: str) -> None:
    study, rule = catalogue_example("cement")
    with pytest.raises(StudyError) as err:
        embedded_emissions(change(study), rule)
    assert err.value.location.path == path
    assert err.value.zh and err.value.en


def test_formula_of_the_wrong_dimension_is_named() -> None:
    study, rule = catalogue_example("cement")
    broken = rule.model_copy(deep=True)
    broken.cbam.electricity = "coal_consumed"
    with pytest.raises(StudyError) as err:
        embedded_emissions(study, broken)
    assert err.value.location.path == "cbam.electricity"
    assert "MWh" in err.value.en


def test_rule_without_mapping_says_so() -> None:
    study, rule = catalogue_example("cement")
    with pytest.raises(StudyError, match="no CBAM mapping"):
        embedded_emissions(study, rule.model_copy(update={"cbam": None}))


def test_nitrous_oxide_counts_at_ar5() -> None:
    """N2O (nitric acid, fertilisers): a rule's N2O formula enters at the template's 265."""
    study, rule = catalogue_example("cement")
    base = embedded_emissions(study, rule)
    with_n2o = rule.model_copy(deep=True)
    with_n2o.cbam.nitrous_oxide = [
        CbamNitrousOxide(name="Kiln N2O", amount="coal_consumed * coal_ncv * coal_n2o_ef")
    ]
    result = embedded_emissions(study, with_n2o)
    n2o_t = _formula_tonnes(study, rule)["coal_n2o"]  # the footprint's own N2O formula
    assert result["nitrous_oxide"][0]["tCO2e"] == pytest.approx(n2o_t * 265, rel=1e-12)
    assert result["direct_emissions_tCO2e"] == pytest.approx(
        base["direct_emissions_tCO2e"] + n2o_t * 265, rel=1e-12
    )
    assert result["gwp"]["N2O"] == 265


def test_all_six_sectors_are_known_goods() -> None:
    goods = datasets.cbam_goods()
    for name in (
        "Cement",
        "Crude steel",
        "Unwrought aluminium",
        "Ammonia",
        "Hydrogen",
        "Electricity (export to EU)",
    ):
        assert name in goods
    assert goods["Electricity (export to EU)"].unit == "MWh"
    assert "Electrolysis of water" in goods["Hydrogen"].routes
    assert datasets.cbam_cn_codes()["28041000"][0] == "Hydrogen"


def test_rule_without_mapping_has_no_cbam_key_in_its_fingerprint() -> None:
    """Rules written before the mapping keep the fingerprint they had: no 'cbam' key."""
    _, rule = catalogue_example("cement")
    plain = rule.model_copy(update={"cbam": None})
    assert '"cbam"' not in plain.canonical_json()
    assert plain.fingerprint() != rule.fingerprint()
