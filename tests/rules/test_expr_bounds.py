"""The formula language is bounded: ``9**9**9`` and its kin are refused at once, and a
formula that cannot be evaluated (zero divisor, overflow, mixed units) is an
ExpressionError naming the formula, never a traceback."""

from __future__ import annotations

import numpy as np
import pytest

from pcfrules.errors import ExpressionError, Location
from pcfrules.limits import FORMULA_DEPTH, FORMULA_EXPONENT, FORMULA_LENGTH
from pcfrules.rules import expr
from pcfrules.units import registry
from tests.bounds import refused_within


@pytest.mark.parametrize(
    "text", ["9**9**9", "9 ** (9 ** 9)", "a ** 1000", "a ** -101", "2 ** (3 ** 999)"]
)
def test_a_written_exponent_beyond_the_limit_is_refused_when_parsed(text: str) -> None:
    error = refused_within(0.5, ExpressionError, lambda: expr.parse(text, Location(path="f")))
    assert str(FORMULA_EXPONENT.value) in error.en and "指数" in error.zh
    assert error.location.path == "f"


def test_a_computed_exponent_beyond_the_limit_is_refused_when_evaluated() -> None:
    parsed = expr.parse("9 ** (n ** 9)")  # known only when n is
    values = {"n": 9.0}
    error = refused_within(
        0.5, ExpressionError, lambda: parsed.evaluate(values, Location(path="g"))
    )
    assert "387420489" in error.en and error.location.path == "g"
    draws = {"n": np.array([2.0, 500.0])}
    refused_within(0.5, ExpressionError, lambda: expr.parse("a ** n").evaluate({"a": 2, **draws}))


def test_exponents_within_the_limit_evaluate() -> None:
    assert expr.parse("a ** 2 + 10 ** -3").evaluate({"a": 3.0}) == pytest.approx(9.001)
    assert expr.parse("a ** n").evaluate({"a": 2.0, "n": 100}) == 2.0**100


@pytest.mark.parametrize(
    "text",
    ["-" * 1500 + "1", "+".join(["a"] * 900), "(a*" * 70 + "a" + ")" * 70],
)
def test_a_formula_nested_beyond_the_limit_is_refused(text: str) -> None:
    assert len(text) <= FORMULA_LENGTH.value
    error = refused_within(0.5, ExpressionError, lambda: expr.parse(text))
    assert str(FORMULA_DEPTH.value) in error.en


def test_a_long_sum_within_the_depth_evaluates() -> None:
    parsed = expr.parse(" + ".join(f"x{i}" for i in range(FORMULA_DEPTH.value - 1)))
    assert parsed.evaluate({n: 1.0 for n in parsed.names}) == FORMULA_DEPTH.value - 1


def test_a_formula_beyond_the_length_is_refused() -> None:
    with pytest.raises(ExpressionError) as info:
        expr.parse("a+" * FORMULA_LENGTH.value + "a")
    assert str(FORMULA_LENGTH.value) in info.value.en and "公式长度" in info.value.zh


@pytest.mark.parametrize(
    ("text", "values", "en", "zh"),
    [
        ("a / b", {"a": 1.0, "b": 0.0}, "division by zero", "除以零"),
        ("a / (b - b)", {"a": 1.0, "b": 2.0}, "division by zero", "除以零"),
        ("a ** 100 * a ** 100", {"a": 1e200}, "overflow", "超出"),
        ("1e308 * 10 + a", {"a": 0.0}, "not a finite number", "有限"),
    ],
)
def test_arithmetic_that_fails_is_an_expression_error(
    text: str, values: dict[str, float], en: str, zh: str
) -> None:
    with pytest.raises(ExpressionError) as info:
        expr.parse(text).evaluate(values, Location(path="inventory.formulas.x"))
    assert en in info.value.en and zh in info.value.zh
    assert text in info.value.en and info.value.location.path == "inventory.formulas.x"


def test_a_zero_divisor_or_an_overflow_among_the_draws_is_refused() -> None:
    parsed = expr.parse("a / b")
    with pytest.raises(ExpressionError) as info:
        parsed.evaluate({"a": np.ones(3), "b": np.array([1.0, 0.0, 2.0])})
    assert "divide by zero" in info.value.en and "抽样值" in info.value.zh
    with pytest.raises(ExpressionError) as info:
        parsed.evaluate({"a": np.array([1e308, 1.0]), "b": np.array([1e-10, 1.0])})
    assert "overflow" in info.value.en


def test_incompatible_units_are_an_expression_error() -> None:
    ureg = registry()
    parsed = expr.parse("coal + power")
    with pytest.raises(ExpressionError) as info:
        parsed.evaluate({"coal": ureg.Quantity(1, "t"), "power": ureg.Quantity(1, "kWh")})
    assert "incompatible units" in info.value.en and "单位不相容" in info.value.zh
