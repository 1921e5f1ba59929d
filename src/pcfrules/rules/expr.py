"""The safe formula language of rule standards.

A formula is an arithmetic expression over activity items and parameters, e.g.
``clinker_output * (cao_content - cao_noncarbonate) * co2_per_cao * ckd_correction``.
Allowed: numbers, names, ``+ - * / **``, unary minus, parentheses and the functions
``min``, ``max``, ``abs``. It is parsed with :mod:`ast` and walked node by node — never
handed to Python's ``eval`` — so a rule file cannot run code.

Nor can it tie up the machine: a formula is bounded in length
(:data:`~pcfrules.limits.FORMULA_LENGTH`), in nesting
(:data:`~pcfrules.limits.FORMULA_DEPTH`) and in the size of its exponents
(:data:`~pcfrules.limits.FORMULA_EXPONENT`: checked when parsed for a written number, when
evaluated for a computed one), and numbers are evaluated as floats, so ``9**9**9`` is
refused at once instead of computing an integer of 370 million digits. Dividing by zero,
overflowing or mixing incompatible units is an :class:`~pcfrules.errors.ExpressionError`
naming the formula, never a traceback.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pint

from pcfrules.errors import ExpressionError, Location
from pcfrules.limits import FORMULA_DEPTH, FORMULA_EXPONENT, FORMULA_LENGTH

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
FUNCTIONS: dict[str, Callable[..., Any]] = {"min": min, "max": max, "abs": abs}


@dataclass(frozen=True)
class Expression:
    """A parsed formula: its text, its tree, and the names it reads."""

    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Any], where: Location | None = None) -> Any:
        """Evaluate with ``values`` (numbers, arrays of draws or pint quantities) bound.

        Division by zero, overflow, a result that is not finite (float multiplication
        overflows to inf without a word) and incompatible units are an ExpressionError
        at ``where``; numpy is told to raise on them too, for arrays of draws.
        """
        try:
            with np.errstate(divide="raise", over="raise", invalid="raise"):
                result = _Evaluator(values, self.text, where or Location()).visit(self.tree.body)
        except ZeroDivisionError as exc:
            raise _failed(self.text, "除以零", "division by zero", where) from exc
        except FloatingPointError as exc:
            zh = "抽样值的运算失败（除以零、溢出或无效值）"
            raise _failed(self.text, zh, f"{exc} (in the draws)", where) from exc
        except OverflowError as exc:
            raise _failed(self.text, "结果超出浮点数范围", "the result overflows", where) from exc
        except pint.errors.DimensionalityError as exc:
            raise _failed(
                self.text,
                f"单位不相容（{exc.units1} 与 {exc.units2}）",
                f"incompatible units ({exc.units1} and {exc.units2})",
                where,
            ) from exc
        if not np.all(np.isfinite(getattr(result, "magnitude", result))):
            raise _failed(self.text, "结果不是有限数值", "the result is not a finite number", where)
        return result


def _failed(text: str, zh: str, en: str, where: Location | None) -> ExpressionError:
    return ExpressionError(
        zh=f"公式“{text}”无法计算：{zh}",
        en=f"formula '{text}' cannot be evaluated: {en}",
        location=where or Location(),
    )


def parse(text: str, where: Location | None = None) -> Expression:
    """Parse ``text`` into an :class:`Expression`, refusing anything outside the language."""
    where = where or Location()
    FORMULA_LENGTH.check(len(text), ExpressionError, where)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, MemoryError, RecursionError) as exc:  # the last two: too deep
        message = getattr(exc, "msg", "too deeply nested")
        raise ExpressionError(
            zh=f"公式语法错误：{message}", en=f"formula syntax error: {message}", location=where
        ) from exc
    FORMULA_DEPTH.check(_depth(tree.body), ExpressionError, where)
    names: set[str] = set()
    for node in ast.walk(tree):
        _check_node(node, text, where)
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS:
            names.add(node.id)
    return Expression(text=text, tree=tree, names=frozenset(names))


def _depth(root: ast.AST) -> int:
    """Levels of operations in a tree (a name or number is 1), walked without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node) if _counts(child))
    return deepest


def _counts(node: ast.AST) -> bool:
    """Operators and function names are parts of their node, not levels of their own."""
    return not isinstance(node, ast.operator | ast.unaryop | ast.expr_context)


def _written_exponent(node: ast.BinOp, text: str, where: Location) -> float | None:
    """The exponent of ``x ** 3`` or ``x ** (9 ** 9)`` when it is written in numbers.

    It is computed here, under the same bounds, so that a rule with ``9**9**9`` is refused
    when it is loaded, not only when a study is computed.
    """
    if any(isinstance(part, ast.Name) for part in ast.walk(node.right)):
        return None
    exponent = Expression(text, ast.Expression(body=node.right), frozenset()).evaluate({}, where)
    return float(exponent)


def _check_node(node: ast.AST, text: str, where: Location) -> None:
    """Refuse every node type that is not plain arithmetic over names and numbers."""
    allowed = (
        ast.Expression,
        ast.BinOp,
        ast.UnaryOp,
        ast.Name,
        ast.Load,
        ast.Call,
        *_BINARY,
        *_UNARY,
    )
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ExpressionError(
                zh="公式中只允许数字常量", en="only numeric constants are allowed", location=where
            )
        return
    if not isinstance(node, allowed):
        kind = type(node).__name__
        raise ExpressionError(
            zh=f"公式中不允许的语法：{kind}",
            en=f"not allowed in a formula: {kind} "
            "(allowed: numbers, names, + - * / **, min, max, abs)",
            location=where,
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        exponent = _written_exponent(node, text, where)
        if exponent is not None:
            FORMULA_EXPONENT.check(abs(exponent), ExpressionError, where)
    if isinstance(node, ast.Call) and (
        not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords
    ):
        raise ExpressionError(
            zh="公式中只允许调用 min、max、abs",
            en="only min(), max() and abs() may be called in a formula",
            location=where,
        )


class _Evaluator:
    """Walks an expression tree; each node type has one small method."""

    def __init__(self, values: Mapping[str, Any], text: str, where: Location) -> None:
        self.values = values
        self.text = text
        self.where = where

    def visit(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return float(cast(float, node.value))  # numeric (parse checked); never a big int
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.BinOp):
            left, right = self.visit(node.left), self.visit(node.right)
            if isinstance(node.op, ast.Pow):
                self._bounded_exponent(right)
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            return _UNARY[type(node.op)](self.visit(node.operand))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return FUNCTIONS[node.func.id](*(self.visit(a) for a in node.args))
        raise ExpressionError(zh="无法计算的公式", en=f"cannot evaluate formula '{self.text}'")

    def _bounded_exponent(self, exponent: Any) -> None:
        """Refuse a computed exponent beyond the limit (a number, a quantity or draws)."""
        magnitude = getattr(exponent, "magnitude", exponent)
        largest = float(np.max(np.abs(magnitude), initial=0.0))
        FORMULA_EXPONENT.check(largest, ExpressionError, self.where)

    def _name(self, name: str) -> Any:
        if name not in self.values:
            raise ExpressionError(
                zh=f"公式引用了未定义的名称“{name}”",
                en=f"formula uses undefined name '{name}'",
                location=Location(path=name),
            )
        return self.values[name]
