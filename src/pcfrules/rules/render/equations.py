"""A rule's formulas as numbered equations in mathematical notation, with their 式中 lists.

Each formula's syntax tree (``pcfrules.rules.expr``, whose parsing is not repeated here) is
walked into a small tree of mathematical parts — symbols with subscripts, numbers, operators,
fractions, powers, brackets and functions — that each writer sets in its own way. Every
name gets one symbol for the whole text: the rule's activity items are *A*₁, *A*₂ … in the
order of the data-collection tables, its parameters *P*₁, *P*₂ … in the order of the
defaults, and each formula's result *E*ₖ; the 式中 list gives each symbol's meaning and
unit from the rule's own names. The formula's source code is never shown.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from pcfrules.rules.expr import parse
from pcfrules.rules.model import Formula, Lang, RuleStandard
from pcfrules.rules.render.units import unit_name


@dataclass(frozen=True)
class Sym:
    """A symbol: an italic letter with a subscript (``E`` ₃)."""

    letter: str
    index: str


@dataclass(frozen=True)
class Num:
    """A number as written in the formula."""

    text: str


@dataclass(frozen=True)
class Op:
    """An operator: ``+``, ``−``, ``×``, ``=`` or a comma between arguments."""

    text: str


@dataclass(frozen=True)
class Frac:
    """A fraction: numerator over denominator."""

    num: Math
    den: Math


@dataclass(frozen=True)
class Pow:
    """A power: base with a superscript exponent."""

    base: Math
    exp: Math


@dataclass(frozen=True)
class Group:
    """Brackets around a part; ``name`` for a function (``min``, ``max``) or ``|…|`` for abs."""

    body: Math
    name: str = ""


Part = Sym | Num | Op | Frac | Pow | Group
Math = tuple[Part, ...]


@dataclass(frozen=True)
class Where:
    """One line of a 式中 list: a symbol, what it stands for and its unit."""

    symbol: Sym
    meaning: str
    unit: str


@dataclass(frozen=True)
class Equation:
    """A numbered equation ``(n)``: the result's symbol, the right-hand side, its 式中 list."""

    number: str
    lhs: Sym
    rhs: Math
    where: tuple[Where, ...]
    lead: str = ""  # the sentence that introduces it, kept on its page ("…按式(1)计算：")


_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Pow: 4}
_OPS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×"}


class Symbols:
    """The symbol of every item, parameter and formula of a rule, fixed for the whole text."""

    def __init__(self, rule: RuleStandard) -> None:
        self.rule = rule
        self.of: dict[str, Sym] = {}
        for i, item in enumerate(rule.data_collection.items, start=1):
            self.of.setdefault(item.id, Sym("A", str(i)))
        for i, param in enumerate(rule.inventory.parameters, start=1):
            self.of.setdefault(param.id, Sym("P", str(i)))

    def meaning(self, name: str, lang: Lang) -> tuple[str, str]:
        """What ``name`` stands for and its unit, in ``lang``."""
        items, params = self.rule.items(), self.rule.parameters()
        if name in items:
            return items[name].name.get(lang), unit_name(items[name].unit, lang)
        param = params[name]
        return param.name.get(lang), unit_name(param.unit, lang)


def equations(rule: RuleStandard, lang: Lang, first: int = 1) -> dict[str, Equation]:
    """Each formula as equation ``(first)``, ``(first + 1)`` …, by formula id.

    Numbered in the order the text shows them: stage by stage, as clause 7.3 does.
    """
    symbols = Symbols(rule)
    order = {p.id: i for i, s in enumerate(rule.boundary.stages) for p in s.processes}
    shown = sorted(rule.inventory.formulas, key=lambda f: order.get(f.process, len(order)))
    return {
        formula.id: _equation(formula, str(k), symbols, lang)
        for k, formula in enumerate(shown, start=first)
    }


def _equation(formula: Formula, number: str, symbols: Symbols, lang: Lang) -> Equation:
    tree = parse(formula.expression).tree.body
    lhs = Sym("E", number)
    rhs = _part(tree, symbols)
    meaning = chem(formula.description.get(lang))
    gas = gas_name(formula.gas)
    if gas not in meaning:
        meaning = f"{meaning}（{gas}）" if lang == "zh" else f"{meaning} ({gas})"
    where = [Where(lhs, meaning, unit_name(formula.unit, lang))]
    names = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in symbols.of]
    for node in sorted(names, key=lambda n: n.col_offset):  # as the equation reads
        if symbols.of[node.id] not in {w.symbol for w in where}:
            name, unit = symbols.meaning(node.id, lang)
            where.append(Where(symbols.of[node.id], chem(name), unit))
    return Equation(f"({number})", lhs, rhs, tuple(where))


def gas_name(gas: str) -> str:
    """A gas formula with its digits as subscripts (CO₂, N₂O, CF₄); CO₂e for CO2e."""
    return gas.translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


_GASES = re.compile(r"(?<![A-Za-z0-9])(CO2e?|CH4|N2O|CF4|C2F6|SF6|NF3|HFC-?\d+\w*)(?![0-9])")


def chem(text: str) -> str:
    """A text with the formulas of greenhouse gases set with subscripts (CO2 → CO₂)."""
    return _GASES.sub(lambda m: m[0] if m[0].startswith("HFC") else gas_name(m[0]), text)


def _part(node: ast.AST, symbols: Symbols) -> Math:
    if isinstance(node, ast.Constant):
        return (Num(f"{node.value:g}" if isinstance(node.value, float) else str(node.value)),)
    if isinstance(node, ast.Name):
        return (symbols.of.get(node.id, Sym(node.id, "")),)
    if isinstance(node, ast.UnaryOp):
        sign = "−" if isinstance(node.op, ast.USub) else "+"
        return (Op(sign), *_bracketed(node.operand, 3, symbols))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args: list[Part] = []
        for i, arg in enumerate(node.args):
            args += [Op(", ")] if i else []
            args += _part(arg, symbols)
        return (Group(tuple(args), "|" if node.func.id == "abs" else node.func.id),)
    assert isinstance(node, ast.BinOp)
    if isinstance(node.op, ast.Div):
        return (Frac(_part(node.left, symbols), _part(node.right, symbols)),)
    if isinstance(node.op, ast.Pow):
        return (Pow(_bracketed(node.left, 5, symbols), _part(node.right, symbols)),)
    level = _PRECEDENCE[type(node.op)]
    if isinstance(node.right, ast.UnaryOp):  # a − (−b): a sign never follows an operator
        return (*_bracketed(node.left, level, symbols), Op(_OPS[type(node.op)]),
                Group(_part(node.right, symbols)))  # fmt: skip
    left = _bracketed(node.left, level, symbols)
    # a - (b - c) and a × (b / c) keep their brackets on the right; a + b + c needs none
    right = _bracketed(
        node.right, level + (0 if isinstance(node.op, ast.Add | ast.Mult) else 1), symbols
    )
    return (*left, Op(_OPS[type(node.op)]), *right)


def _bracketed(node: ast.AST, level: int, symbols: Symbols) -> Math:
    """``node`` in brackets when it binds more loosely than its place needs."""
    inner = _part(node, symbols)
    own = _PRECEDENCE.get(type(node.op), 9) if isinstance(node, ast.BinOp) else 9
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        own = 9  # a fraction is set apart by its bar
    if isinstance(node, ast.UnaryOp):
        own = 3
    return (Group(inner),) if own < level else inner


def linear(math: Math) -> str:
    """The equation as one line of plain text (Markdown, alt text): E₃ = A₁ × (A₄ − A₅)."""
    out = []
    for part in math:
        if isinstance(part, Sym):
            out.append(
                part.letter + part.index.translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
            )
        elif isinstance(part, Num):
            out.append(part.text)
        elif isinstance(part, Op):  # a sign that starts a group sticks to what it signs
            out.append(part.text if part.text == ", " or not out else f" {part.text} ")
        elif isinstance(part, Frac):
            out.append(f"({linear(part.num)}) / ({linear(part.den)})")
        elif isinstance(part, Pow):
            out.append(f"{linear(part.base)}^{linear(part.exp)}")
        elif part.name == "|":
            out.append(f"|{linear(part.body)}|")
        else:
            out.append(f"{part.name}({linear(part.body)})")
    return "".join(out).replace("  ", " ").strip()
