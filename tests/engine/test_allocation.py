"""Allocation is applied as written or refused: never renormalised, never a quiet fallback."""

from __future__ import annotations

import pytest

from pcfrules.engine import Allocation, GwpSet, Lca
from pcfrules.engine.allocate import FACTOR_SUM_TOLERANCE
from pcfrules.errors import ProductSystemError
from tests.engine.test_lca import _two_outputs


@pytest.mark.parametrize(
    ("factors", "message"),
    [
        ({"a": 0.6, "b": 0.6}, "add up to 1.2, not 1"),
        ({"a": 0.45, "b": 0.45}, "add up to 0.9, not 1"),
        ({"a": 1.0}, "missing: ['b']"),
        ({"a": 0.5, "b": 0.4, "c": 0.1}, "not an output: ['c']"),
        ({"a": 1.5, "b": -0.5}, "factors must be 0 to 1"),
        ({"a": float("nan"), "b": 0.5}, "factors must be 0 to 1"),
    ],
)
def test_explicit_factors_are_applied_as_written_or_refused(
    ar6: GwpSet, factors: dict[str, float], message: str
) -> None:
    with pytest.raises(
        ProductSystemError, match=message.replace("[", r"\[").replace("]", r"\]")
    ) as err:
        Lca(_two_outputs(Allocation("explicit", factors=factors)), ar6)
    assert err.value.location.path == "joint.allocation"
    assert "joint" in err.value.zh


def test_explicit_factors_within_the_tolerance_are_kept_as_written(ar6: GwpSet) -> None:
    a = 0.9 + FACTOR_SUM_TOLERANCE / 2
    result = Lca(_two_outputs(Allocation("explicit", factors={"a": a, "b": 0.1})), ar6).footprint()
    assert result.allocation["joint"]["factors"] == {"a": a, "b": 0.1}  # not renormalised
    assert result.total == pytest.approx(a * 500 / 3, rel=1e-12)


def test_economic_allocation_without_prices_is_an_error_not_mass(ar6: GwpSet) -> None:
    with pytest.raises(ProductSystemError, match="gives no prices") as err:
        Lca(_two_outputs(Allocation("economic")), ar6)
    assert err.value.location.path == "joint.allocation"


def test_economic_allocation_needs_every_price(ar6: GwpSet) -> None:
    with pytest.raises(ProductSystemError, match="no allocation property for output 'b'"):
        Lca(_two_outputs(Allocation("economic", properties={"a": 10.0})), ar6)


@pytest.mark.parametrize("price", [-1.0, float("inf")])
def test_a_negative_or_infinite_price_is_refused(ar6: GwpSet, price: float) -> None:
    with pytest.raises(ProductSystemError, match="invalid allocation basis"):
        Lca(_two_outputs(Allocation("economic", properties={"a": 10.0, "b": price})), ar6)
