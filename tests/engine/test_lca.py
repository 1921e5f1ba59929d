"""Engine totals against hand calculations: chains, loops, units, allocation, substitution."""

from __future__ import annotations

import numpy as np
import pytest

from pcfrules.engine import (
    Allocation,
    Dataset,
    Emission,
    Exchange,
    GwpSet,
    Lca,
    Process,
    ProductSystem,
)
from pcfrules.errors import ProductSystemError, SingularSystemError

CH4 = 27.9  # AR6 GWP100
N2O = 273.0


def steel_power_loop() -> ProductSystem:
    """Steel needs 500 kWh and 0.6 t coal; power (per MWh) needs 0.4 t coal and 1 kg steel."""
    return ProductSystem(
        reference=Exchange("steel", 1, "t"),
        processes=[
            Process(
                "steelmaking",
                [Exchange("steel", 1, "t")],
                [Exchange("electricity", 500, "kWh"), Exchange("coal", 0.6, "t")],
                [Emission("CO2", 1.5, "t")],
                stage="production",
            ),
            Process(
                "power",
                [Exchange("electricity", 1, "MWh")],
                [Exchange("coal", 400, "kg"), Exchange("steel", 1, "kg")],
                [Emission("CO2", 900, "kg"), Emission("CH4", 1000, "g")],
                stage="energy",
            ),
        ],
        datasets=[
            Dataset(
                "coal",
                "t",
                [Emission("CH4", 5, "kg"), Emission("CO2", 50, "kg")],
                "test",
                stage="raw",
            )
        ],
    )


def test_loop_with_unit_conversion_matches_hand_calculation(ar6: GwpSet) -> None:
    # s = 1 + 0.001 p ; p = 0.5 s  →  s = 1 / 0.9995
    s = 1 / 0.9995
    p = 0.5 * s
    coal = 0.6 * s + 0.4 * p
    co2 = 1500 * s + 900 * p + 50 * coal
    ch4 = 1 * p + 5 * coal
    result = Lca(steel_power_loop(), ar6).footprint()
    assert result.total == pytest.approx(co2 + CH4 * ch4, rel=1e-12)
    assert result.inventory["fossil"]["CO2"] == pytest.approx(co2, rel=1e-12)
    assert result.inventory["fossil"]["CH4"] == pytest.approx(ch4, rel=1e-12)
    assert result.by_gas["CH4"] == pytest.approx(CH4 * ch4, rel=1e-12)
    assert result.by_stage["production"] == pytest.approx(1500 * s, rel=1e-12)
    assert result.by_stage["raw"] == pytest.approx(CH4 * 5 * coal + 50 * coal, rel=1e-12)
    assert sum(result.by_process.values()) == pytest.approx(result.total, rel=1e-12)


def test_scores_of_all_products_match_separate_solves(ar6: GwpSet) -> None:
    lca = Lca(steel_power_loop(), ar6)
    all_scores = lca.scores_of_all()
    for flow, row in zip(lca.m.flows, range(len(lca.m.flows)), strict=True):
        demand = np.zeros(len(lca.m.flows))
        demand[row] = 1.0
        assert all_scores[flow] == pytest.approx(lca.footprint(demand).total, rel=1e-10)


def _two_outputs(allocation: Allocation) -> ProductSystem:
    return ProductSystem(
        reference=Exchange("a", 1, "t"),
        processes=[
            Process(
                "joint",
                [Exchange("a", 3, "t"), Exchange("b", 1000, "kg")],
                [Exchange("fuel", 10, "GJ")],
                [Emission("CO2", 400, "kg")],
                allocation=allocation,
            )
        ],
        datasets=[Dataset("fuel", "GJ", [Emission("CO2", 10, "kg")], "test")],
    )


@pytest.mark.parametrize(
    ("allocation", "share_a"),
    [
        (Allocation("physical"), 0.75),  # by mass 3 t : 1 t
        (Allocation("economic", properties={"a": 10.0, "b": 0.03}), 0.5),  # 30 : 30 (price/kg)
        (Allocation("physical", properties={"a": 2.0, "b": 0.006}), 0.5),  # energy 6 : 6
        (Allocation("explicit", factors={"a": 0.9, "b": 0.1}), 0.9),
    ],
)
def test_allocation(ar6: GwpSet, allocation: Allocation, share_a: float) -> None:
    result = Lca(_two_outputs(allocation), ar6).footprint()
    assert result.total == pytest.approx(share_a * (400 + 100) / 3, rel=1e-12)
    assert result.allocation["joint"]["method"] == allocation.method
    assert result.allocation["joint"]["factors"]["a"] == pytest.approx(share_a)


def test_substitution_credits_displaced_product(ar6: GwpSet) -> None:
    system = ProductSystem(
        reference=Exchange("clinker", 1, "t"),
        processes=[
            Process(
                "kiln",
                [Exchange("clinker", 1, "t"), Exchange("power", 500, "kWh")],
                [],
                [Emission("CO2", 1000, "kg")],
                allocation=Allocation("substitution"),
            )
        ],
        datasets=[Dataset("power", "MWh", [Emission("CO2", 600, "kg")], "grid")],
    )
    result = Lca(system, ar6).footprint()
    assert result.total == pytest.approx(1000 - 0.5 * 600, rel=1e-12)
    assert result.by_process["dataset:power"] == pytest.approx(-300)


def test_origins_reported_apart(ar6: GwpSet) -> None:
    system = ProductSystem(
        reference=Exchange("x", 2, "kg"),
        processes=[
            Process(
                "p",
                [Exchange("x", 1, "kg")],
                [],
                [
                    Emission("CO2", 1, "kg", "fossil"),
                    Emission("CO2", 2, "kg", "biogenic"),
                    Emission("CH4", 0.1, "kg", "biogenic"),
                    Emission("CO2", 3, "kg", "dluc"),
                    Emission("N2O", 0.01, "kg", "aircraft"),
                ],
            )
        ],
    )
    result = Lca(system, ar6).footprint()
    assert result.by_origin == pytest.approx(
        {"fossil": 2.0, "biogenic": 2 * (2 + 0.1 * CH4), "dluc": 6.0, "aircraft": 2 * 0.01 * N2O}
    )
    assert result.inventory["biogenic"] == pytest.approx({"CO2": 4.0, "CH4": 0.2})


def test_unit_that_does_not_convert_names_the_exchange(ar6: GwpSet) -> None:
    system = steel_power_loop()
    system.processes[0].inputs[1] = Exchange("coal", 3, "kWh")
    with pytest.raises(ProductSystemError, match=r"steelmaking\.inputs\.coal"):
        Lca(system, ar6)


def test_missing_producer_is_named(ar6: GwpSet) -> None:
    system = steel_power_loop()
    system.datasets = []
    with pytest.raises(ProductSystemError, match="'coal' has no producer and no dataset"):
        Lca(system, ar6)


def test_two_producers_refused(ar6: GwpSet) -> None:
    system = steel_power_loop()
    system.datasets.append(Dataset("steel", "t", [], "dup"))
    with pytest.raises(ProductSystemError, match="two producers"):
        Lca(system, ar6)


def test_unknown_gas_refused(ar6: GwpSet) -> None:
    system = steel_power_loop()
    system.processes[0].emissions.append(Emission("Unobtainium", 1))
    with pytest.raises(ProductSystemError, match="Unobtainium"):
        Lca(system, ar6)


def test_self_consuming_process_is_unproductive(ar6: GwpSet) -> None:
    system = ProductSystem(
        Exchange("x", 1, "kg"),
        [Process("p", [Exchange("x", 1, "kg")], [Exchange("x", 1, "kg")], [Emission("CO2", 1)])],
    )
    with pytest.raises(SingularSystemError, match="p"):
        Lca(system, ar6)


def test_unproductive_loop_names_processes(ar6: GwpSet) -> None:
    system = ProductSystem(
        Exchange("x", 1, "kg"),
        [
            Process("px", [Exchange("x", 1, "kg")], [Exchange("y", 2, "kg")], [Emission("CO2", 1)]),
            Process("py", [Exchange("y", 1, "kg")], [Exchange("x", 0.6, "kg")], []),
        ],
    )
    with pytest.raises(SingularSystemError, match="px"):
        Lca(system, ar6).footprint()


def test_contribution_tree_adds_up(ar6: GwpSet) -> None:
    result = Lca(steel_power_loop(), ar6).footprint()
    root = result.tree
    assert root.process == "steelmaking"
    children = sum(c.upstream for c in root.children)
    assert root.direct + children == pytest.approx(root.upstream, rel=1e-9)


def test_primary_share_and_dqr_weighting(ar6: GwpSet) -> None:
    system = ProductSystem(
        Exchange("x", 1, "kg"),
        [
            Process(
                "p",
                [Exchange("x", 1, "kg")],
                [],
                [Emission("CO2", 3, primary=True, dqr=1.0), Emission("CO2", 1, dqr=3.0)],
            )
        ],
    )
    result = Lca(system, ar6).footprint()
    assert result.primary_data_share == pytest.approx(75.0)
    assert result.dqr == pytest.approx((3 * 1 + 1 * 3) / 4)


def test_biogenic_carbon_content_of_the_product(ar6: GwpSet) -> None:
    system = ProductSystem(
        Exchange("board", 2, "t"),
        [Process("press", [Exchange("board", 1, "t")], [], [Emission("CO2", 5)])],
        biogenic_carbon_per_unit=450.0,
    )  # kg C per t of board
    result = Lca(system, ar6).footprint()
    assert result.biogenic_carbon == pytest.approx(900.0)
    assert result.to_dict()["biogenic_carbon_content"] == {"value": 900.0, "unit": "kg C"}
