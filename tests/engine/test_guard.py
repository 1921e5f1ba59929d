"""The engine refuses what it cannot compute honestly, whatever way the system came in."""

from __future__ import annotations

import numpy as np
import pytest

from pcfrules.engine import Emission, Exchange, GwpSet, Lca, Process, ProductSystem
from pcfrules.errors import ProductSystemError, SingularSystemError


def _system(
    emission: float = 2.0, output: float = 1.0, reference: float = 1.0, own_input: float = 0.0
) -> ProductSystem:
    """One process making ``output`` kg of x, consuming ``own_input`` kg of x, emitting CO2."""
    inputs = [Exchange("x", own_input, "kg")] if own_input else []
    return ProductSystem(
        Exchange("x", reference, "kg"),
        [Process("p", [Exchange("x", output, "kg")], inputs, [Emission("CO2", emission)])],
    )


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_emission_is_refused_naming_it(ar6: GwpSet, bad: float) -> None:
    with pytest.raises(ProductSystemError, match="not a finite number") as err:
        Lca(_system(emission=bad), ar6)
    assert err.value.location.path == "p.emissions[0] CO2"


def test_non_finite_output_is_refused_naming_it(ar6: GwpSet) -> None:
    with pytest.raises(ProductSystemError, match="not a finite number") as err:
        Lca(_system(output=float("nan")), ar6)
    assert err.value.location.path == "p.outputs.x"


def test_an_overflowing_footprint_is_refused(ar6: GwpSet) -> None:
    """Finite inputs whose footprint overflows: never an infinite total."""
    system = _system(emission=1e300, reference=1e10)
    with pytest.raises(ProductSystemError, match="not a finite number"):
        Lca(system, ar6).footprint()


def test_non_finite_gwp_is_refused_naming_the_gas() -> None:
    with pytest.raises(ProductSystemError, match="'CO2'") as err:
        Lca(_system(), GwpSet("broken", {"CO2": float("nan")}))
    assert err.value.location.path == "gwp.CO2"


@pytest.mark.parametrize("amount", [0.0, -1.0, float("nan")])
def test_reference_amount_must_be_positive(ar6: GwpSet, amount: float) -> None:
    with pytest.raises(ProductSystemError, match="positive finite number") as err:
        Lca(_system(reference=amount), ar6)
    assert err.value.location.path == "reference.amount"


@pytest.mark.parametrize(("output", "own_input"), [(0.0, 0.0), (1.0, 1.0), (1.0, 3.0), (-2.0, 0.0)])
def test_net_output_of_its_own_product_must_be_positive(
    ar6: GwpSet, output: float, own_input: float
) -> None:
    with pytest.raises(SingularSystemError, match="net output") as err:
        Lca(_system(output=output, own_input=own_input), ar6)
    assert "p (x:" in err.value.en and err.value.location.path == "p.outputs"


def test_a_process_that_consumes_some_of_its_product_still_computes(ar6: GwpSet) -> None:
    result = Lca(_system(own_input=0.5), ar6).footprint()
    assert result.total == pytest.approx(2.0 / 0.5)
    assert np.isfinite(result.total)
