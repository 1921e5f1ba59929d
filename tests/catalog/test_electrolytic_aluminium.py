"""The aluminium rule's PFCs: slope method with LVAE where recorded, guideline defaults else."""

from __future__ import annotations

import pytest

from pcfrules.rules import catalog, check
from pcfrules.studies import load_input, run_study
from pcfrules.studies.model import ActivityValue, Study

CF4, C2F6 = 7380.0, 12400.0  # AR6 GWP100


def _example() -> Study:
    study = load_input(catalog.catalog_dir() / "electrolytic-aluminium" / "example.yaml")
    assert isinstance(study, Study)
    return study


def test_rule_conforms_and_names_its_pfc_defaults() -> None:
    rule = catalog.load("electrolytic-aluminium")
    assert not check.has_errors(check.run(rule))
    params = rule.parameters()
    assert (params["cf4_default_cn"].value, params["c2f6_default_cn"].value) == (0.034, 0.0034)
    assert "电解铝" in (params["cf4_default_cn"].source or "")
    assert params["grid_electricity_factor"].upstream == "electricity"
    assert rule.items()["ng_footprint"].upstream == "natural-gas"
    families = {params[p].source.split(",")[0] for p in ("ng_carbon", "ng_oxidation")}
    assert families == {"《省级温室气体清单编制指南（试行）》(NDRC"}


def test_recorded_anode_effects_use_slope_plus_lvae() -> None:
    result = run_study(_example(), catalog.load("electrolytic-aluminium"))
    assert result.formula_results is not None
    assert result.formula_results["pfc_cf4"] == pytest.approx(0.143 * 0.05 * 500000)
    assert result.formula_results["pfc_cf4_lvae"] == pytest.approx(0.01 * 500000)
    assert result.formula_results["pfc_cf4_default"] == 0
    assert result.formula_results["pfc_c2f6_default"] == 0


def test_without_anode_effect_records_the_guideline_defaults_apply() -> None:
    study = _example()
    activity = {k: v for k, v in study.activity.items() if k not in {"anode_effect_minutes"}}
    activity["ae_records"] = ActivityValue.model_validate({"value": 0, "unit": "dimensionless"})
    with_records = run_study(study, catalog.load("electrolytic-aluminium"))
    without = run_study(
        study.model_copy(update={"activity": activity}), catalog.load("electrolytic-aluminium")
    )
    assert without.by_gas["CF4"] == pytest.approx(0.034 * CF4, rel=1e-9)
    assert without.by_gas["C2F6"] == pytest.approx(0.0034 * C2F6, rel=1e-9)
    recorded = (0.143 * 0.05 + 0.01) * CF4 + 0.143 * 0.05 * 0.121 * C2F6
    assert without.total.value - with_records.total.value == pytest.approx(
        0.034 * CF4 + 0.0034 * C2F6 - recorded, rel=1e-9
    )
