"""The safe formula language: arithmetic evaluates exactly; anything else is refused."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcfrules.errors import ExpressionError
from pcfrules.rules import expr
from pcfrules.units import registry


def test_names_and_arithmetic() -> None:
    parsed = expr.parse("a * (b - c) + max(a, 2) / 4 - -1")
    assert parsed.names == {"a", "b", "c"}
    assert parsed.evaluate({"a": 3.0, "b": 5.0, "c": 1.0}) == 3 * 4 + 3 / 4 + 1


def test_evaluates_pint_quantities() -> None:
    ureg = registry()
    parsed = expr.parse("coal * ncv * ef")
    result = parsed.evaluate(
        {
            "coal": ureg.Quantity(2, "t"),
            "ncv": ureg.Quantity(20, "GJ/t"),
            "ef": ureg.Quantity(94.6, "kg/GJ"),
        }
    )
    assert result.to("kg").magnitude == pytest.approx(2 * 20 * 94.6)


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('id')",
        "a.b",
        "a[0]",
        "'text'",
        "lambda: 1",
        "[x for x in a]",
        "a if b else c",
        "a < b",
        "open('f')",
        "min(a, key=b)",
        "True",
        "a and b",
        "f(a)(b)",
    ],
)
def test_refuses_everything_but_arithmetic(text: str) -> None:
    with pytest.raises(ExpressionError):
        expr.parse(text)


def test_syntax_error_is_bilingual() -> None:
    with pytest.raises(ExpressionError) as info:
        expr.parse("a * (b")
    assert info.value.zh.startswith("公式语法错误")


def test_undefined_name_at_evaluation() -> None:
    with pytest.raises(ExpressionError, match="'b'"):
        expr.parse("a + b").evaluate({"a": 1})


def test_overlong_formula_refused() -> None:
    with pytest.raises(ExpressionError):
        expr.parse("+".join(["a"] * 1500))


# Random expression trees, built together with their value computed independently.
_leaf = st.floats(min_value=0.5, max_value=100, allow_nan=False).map(lambda v: (repr(v), v))


def _combine(children: st.SearchStrategy) -> st.SearchStrategy:
    def join(args: tuple[tuple[str, float], str, tuple[str, float]]) -> tuple[str, float]:
        (lt, lv), op, (rt, rv) = args
        value = {"+": lv + rv, "-": lv - rv, "*": lv * rv, "/": lv / rv if rv else math.inf}[op]
        return f"({lt} {op} {rt})", value

    return st.tuples(children, st.sampled_from("+-*"), children).map(join)


@given(st.recursive(_leaf, _combine, max_leaves=12))
def test_random_arithmetic_matches_independent_value(case: tuple[str, float]) -> None:
    text, value = case
    assert expr.parse(text).evaluate({}) == pytest.approx(value, rel=1e-12, abs=1e-9)
