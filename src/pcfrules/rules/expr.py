"""The safe formula language of rule standards.

A formula is an arithmetic expression over activity items and parameters, e.g.
``clinker_output * (cao_content - cao_noncarbonate) * co2_per_cao * ckd_correction``.
Allowed: numbers, names, ``+ - * / **``, unary minus, parentheses and the functions
``min``, ``max``, ``abs``. It is parsed with :mod:`ast` and walked node by node — never
handed to Python's ``eval`` — so a rule file cannot run code.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pcfrules.errors import ExpressionError, Location

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
MAX_LENGTH = 2000


@dataclass(frozen=True)
class Expression:
    """A parsed formula: its text, its tree, and the names it reads."""

    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """Evaluate with ``values`` (numbers or pint quantities) bound to the names."""
        return _Evaluator(values, self.text).visit(self.tree.body)


def parse(text: str, where: Location | None = None) -> Expression:
    """Parse ``text`` into an :class:`Expression`, refusing anything outside the language."""
    where = where or Location()
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            zh=f"公式过长（超过 {MAX_LENGTH} 个字符）",
            en=f"formula longer than {MAX_LENGTH} characters",
            location=where,
        )
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(
            zh=f"公式语法错误：{exc.msg}", en=f"formula syntax error: {exc.msg}", location=where
        ) from exc
    names: set[str] = set()
    for node in ast.walk(tree):
        _check_node(node, where)
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS:
            names.add(node.id)
    return Expression(text=text, tree=tree, names=frozenset(names))


def _check_node(node: ast.AST, where: Location) -> None:
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

    def __init__(self, values: Mapping[str, Any], text: str) -> None:
        self.values = values
        self.text = text

    def visit(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](self.visit(node.left), self.visit(node.right))
        if isinstance(node, ast.UnaryOp):
            return _UNARY[type(node.op)](self.visit(node.operand))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return FUNCTIONS[node.func.id](*(self.visit(a) for a in node.args))
        raise ExpressionError(zh="无法计算的公式", en=f"cannot evaluate formula '{self.text}'")

    def _name(self, name: str) -> Any:
        if name not in self.values:
            raise ExpressionError(
                zh=f"公式引用了未定义的名称“{name}”",
                en=f"formula uses undefined name '{name}'",
                location=Location(path=name),
            )
        return self.values[name]
