"""The cement rule: sold clinker, kiln dust and separately reported origins, by hand."""

from __future__ import annotations

from typing import Any

import pytest

from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, run_study
from pcfrules.studies.model import ActivityValue, Study

CH4, N2O = 29.8, 273.0  # AR6 GWP100; kiln-coal methane is fossil: CH4-fossil, AR6 WGI Table 7.15
CO2_PER_CAO, CO2_PER_MGO, CO2_PER_C = 0.78480, 1.09193, 3.66406
CACO3 = 0.43971  # t CO2 / t calcite, IPCC 2006 Vol. 3 Table 2.1
CKD_DEFAULT = 1.02  # IPCC 2006 Vol. 3 Ch. 2, 2.2.1.1
COAL_EF, COAL_CH4, COAL_N2O = 94.6, 10.0, 1.5  # kg/GJ, kg/TJ, kg/TJ (IPCC 2006 Vol. 2)
DIESEL_NCV, DIESEL_EF = 43.0, 74.1  # GJ/t, kg/GJ (IPCC 2006 Vol. 2)
GRID = 0.6205  # kg CO2e/kWh, 2023 electricity carbon-footprint factor


def _example() -> Study:
    study = load_input(catalog.catalog_dir() / "cement" / "example.yaml")
    assert isinstance(study, Study)
    return study


def _with(study: Study, **changes: tuple[float, str]) -> Study:
    activity = dict(study.activity)
    for name, (value, unit) in changes.items():
        activity[name] = ActivityValue.model_validate({"value": value, "unit": unit})
    return study.model_copy(update={"activity": activity})


def _run(study: Study) -> Any:
    return run_study(study, catalog.load("cement"))


def _by_hand(a: dict[str, float]) -> dict[str, float]:
    """Every formula of the example's plant in kg over the year, from its numbers."""
    ef_clinker = (a["cao"] - a["cao_nc"]) * CO2_PER_CAO + (a["mgo"] - a["mgo_nc"]) * CO2_PER_MGO
    coal_gj = 110000 * 22.0
    return {
        "calcination": a["clinker"] * ef_clinker * 1000,
        "ckd": a["ckd"] if a["ckd"] is not None else a["clinker"] * ef_clinker * 1000 * 0.02,
        "toc": 1170000 * 0.002 * CO2_PER_C * 1000,
        "coal": coal_gj * (COAL_EF + (COAL_CH4 * CH4 + COAL_N2O * N2O) / 1000),
        "kiln_diesel": 150 * DIESEL_NCV * DIESEL_EF,
        "af_fossil": 20000 * 15.0 * 85.0 * 0.6,
        "af_biogenic": 20000 * 15.0 * 85.0 * 0.4,
        "kiln_power": 22.5e6 * GRID,
        "raw_meal_power": 16e6 * GRID,
        "fuel_upstream": 110000 * 150.0 + 750 * 600.0,
        "quarry_diesel": 600 * DIESEL_NCV * DIESEL_EF,
        "grinding_power": 33e6 * GRID,
        "purchased": 40000 * 5.0 + 210000 * 20.0,
        "transport": 30e6 * 0.08,
    }


EXAMPLE = {"clinker": 750000.0, "cao": 0.655, "cao_nc": 0.005, "mgo": 0.02, "mgo_nc": 0.0}
CLINKER_MAKING = [
    "calcination",
    "ckd",
    "toc",
    "coal",
    "kiln_diesel",
    "af_fossil",
    "af_biogenic",
    "kiln_power",
    "raw_meal_power",
    "fuel_upstream",
    "quarry_diesel",
]


def test_rule_conforms_and_shares_clinker_burdens_only() -> None:
    rule = catalog.load("cement")
    assert not check.has_errors(check.run(rule))
    sold = next(c for c in rule.allocation.co_products if c.item == "clinker_sold")
    assert sold.method == "physical_mass" and sold.main_item == "clinker_consumed"
    assert "cement_grinding" not in sold.made_by and "clinker_burning" in sold.made_by
    assert rule.parameters()["grid_electricity_factor"].upstream == "electricity"
    origins = {f.origin for f in rule.inventory.formulas}
    assert {"dluc", "aircraft", "biogenic"} <= origins


def test_example_by_hand_with_default_kiln_dust_factor() -> None:
    parts = _by_hand({**EXAMPLE, "ckd": None})
    result = _run(_example())
    assert result.formula_results is not None
    assert result.total.value == pytest.approx(sum(parts.values()) / 1e6, rel=1e-9)
    assert result.total.value == pytest.approx(742.172, abs=1e-3)  # 742.126 before CH4 by origin
    ef = (0.655 - 0.005) * CO2_PER_CAO + 0.02 * CO2_PER_MGO
    assert result.formula_results["ckd_co2_default"] == pytest.approx(750000 * ef * 1000 * 0.02)
    assert result.formula_results["ckd_co2_measured"] == 0
    assert result.inventory["biogenic"]["CO2"] == pytest.approx(parts["af_biogenic"] / 1e6)


def test_measured_kiln_dust_replaces_the_default_factor() -> None:
    study = _with(
        _example(),
        ckd_measured=(1, "dimensionless"),
        ckd_lost=(12000, "t"),
        ckd_carbonate_fraction=(0.6, "dimensionless"),
        ckd_calcination=(0.5, "dimensionless"),
    )
    parts = _by_hand({**EXAMPLE, "ckd": 12000 * 0.6 * 0.5 * CACO3 * 1000})
    result = _run(study)
    assert result.formula_results is not None
    assert result.formula_results["ckd_co2_default"] == 0
    assert result.formula_results["ckd_co2_measured"] == pytest.approx(
        12000 * 0.6 * 0.5 * CACO3 * 1000
    )
    assert result.total.value == pytest.approx(sum(parts.values()) / 1e6, rel=1e-9)


def test_sold_clinker_leaves_with_its_mass_share_of_clinker_making() -> None:
    """850 kt of clinker made, 750 kt ground into 1 Mt of cement, 100 kt sold."""
    study = _with(_example(), clinker_output=(850000, "t"), clinker_sold=(100000, "t"))
    parts = _by_hand({**EXAMPLE, "clinker": 850000.0, "ckd": None})
    making = sum(parts[k] for k in CLINKER_MAKING)
    rest = sum(v for k, v in parts.items() if k not in CLINKER_MAKING)
    expected = (making * 750 / 850 + rest) / 1e6
    result = _run(study)
    assert result.total.value == pytest.approx(expected, rel=1e-9)
    charged_all = (making + rest) / 1e6  # what cement bore before: every clinker's burden
    assert charged_all / result.total.value - 1 == pytest.approx(
        making * 100 / 850 / 1e6 / expected
    )
    assert charged_all / result.total.value - 1 > 0.07
    assert result.by_stage["production"] == pytest.approx(
        (
            sum(parts[k] for k in CLINKER_MAKING if k not in ("fuel_upstream", "quarry_diesel"))
            * 750
            / 850
            + parts["grinding_power"]
        )
        / 1e6,
        rel=1e-9,
    )


def test_air_freight_and_land_use_change_are_reported_apart() -> None:
    study = _with(
        _example(),
        air_freight_tkm=(50000, "tkm"),
        air_freight_factor=(1.1, "kg/tkm"),
        quarry_land_transformed=(2.0, "ha"),
        dluc_factor=(300000, "kg/ha"),
    )
    result = _run(study)
    base = _run(_example()).total.value
    # the quarry makes clinker only; none is sold here, so cement bears all of it
    assert result.by_origin["aircraft"] == pytest.approx(50000 * 1.1 / 1e6)
    assert result.by_origin["dluc"] == pytest.approx(2.0 * 300000 / 1e6)
    assert result.total.value == pytest.approx(base + (55000 + 600000) / 1e6, rel=1e-9)


def test_check_refuses_an_intermediate_without_its_processes_or_amount() -> None:
    from pcfrules.rules.loader import read_yaml, to_plain, validate_rule

    data = to_plain(read_yaml(catalog.rule_file("cement")))
    sold = next(c for c in data["allocation"]["co_products"] if c.get("item") == "clinker_sold")
    sold["made_by"] = ["clinker_burning", "nowhere"]
    sold["main_item"] = "not_an_item"
    findings = check.run(validate_rule(data))
    paths = {f.path for f in findings if f.code == "PCR-ALLOC-003"}
    assert {"allocation.co_products[1].made_by", "allocation.co_products[1].main_item"} <= paths
    assert check.has_errors(findings)
