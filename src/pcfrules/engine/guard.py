"""The engine's refusal of numbers it cannot stand behind: never a NaN, never a silent zero.

Files are checked where they are read (a study names the field of a NaN), but the engine is
also handed product systems and prepared arrays directly, and finite inputs can still
overflow. So, whatever the way in, the engine checks once per system, vectorised:

- every matrix value, the demand and the GWP of every gas are finite;
- the reference amount is positive (a zero demand would be a footprint of zero);
- every producer of a system built from processes makes a positive net amount of its own
  product (its output less what it consumes of it): zero or less cannot be scaled to meet
  a demand (prepared arrays may hold waste treatments, negative by convention);
- the carbon in the product (fossil, biogenic) is 0 or more and, for a product counted in
  mass, at most the product's own mass: a carbon share is a fraction 0 to 1;

and no answer (activities, total) that is not finite is ever returned. Each refusal is a
:class:`~pcfrules.errors.ProductSystemError` naming the exchange, gas or process (an
unproductive producer, a :class:`~pcfrules.errors.SingularSystemError`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from pcfrules.engine.tables import Entries
from pcfrules.errors import Location, ProductSystemError, SingularSystemError

SHOWN = 12  # names listed in one error


def finite_entries(entries: Entries, label: Callable[[int], str]) -> None:
    """Every value of a matrix is finite; else name the exchange it comes from."""
    bad = np.flatnonzero(~np.isfinite(entries.values))
    if bad.size:
        raise ProductSystemError(
            zh="数值不是有限数（NaN 或无穷大），无法据此计算",
            en="the amount is not a finite number (NaN or infinite): nothing is computed from it",
            location=Location(path=label(int(entries.exchange[bad[0]]))),
        )


def finite_characterisation(
    factors: np.ndarray, elementary: Sequence[tuple[str, str]], gwp: str
) -> None:
    """Every GWP the system uses is finite; else name the gas."""
    bad = np.flatnonzero(~np.isfinite(factors))
    if bad.size:
        gas = elementary[int(bad[0])][0]
        raise ProductSystemError(
            zh=f"GWP 集 {gwp} 中气体“{gas}”的数值不是有限数",
            en=f"the GWP of '{gas}' in {gwp} is not a finite number",
            location=Location(path=f"gwp.{gas}"),
        )


def positive_reference(amount: float, flow: str) -> None:
    """The reference amount is a positive finite number: a zero demand has no footprint."""
    if not (np.isfinite(amount) and amount > 0):
        raise ProductSystemError(
            zh=f"基准流“{flow}”的数量应为正的有限数，实为 {amount}",
            en=f"the reference amount of '{flow}' must be a positive finite number, not {amount}",
            location=Location(path="reference.amount"),
        )


def carbon_within_mass(carbon: dict[str, float], kg_per_unit: float | None, flow: str) -> None:
    """Kg C per unit of the product: finite, not negative, at most one unit's mass (if a mass)."""
    for kind, kg in carbon.items():
        if not (np.isfinite(kg) and kg >= 0 and (kg_per_unit is None or kg <= kg_per_unit)):
            limit = f"0 … {kg_per_unit:g}" if kg_per_unit is not None else "≥ 0"
            raise ProductSystemError(
                zh=f"产品“{flow}”每单位的{kind}碳含量 {kg:g} kg 不在 {limit} kg 之内"
                "（碳含量是质量比例，应在 0 到 1 之间）",
                en=f"the {kind} carbon content of '{flow}' is {kg:g} kg per unit, outside "
                f"{limit} kg (a carbon share is a fraction 0 to 1 of the product's mass)",
                location=Location(path=f"{kind}_carbon_content"),
            )


def positive_net_outputs(
    diagonal: np.ndarray, columns: Sequence[str], flows: Sequence[str]
) -> None:
    """Each producer makes more of its own product than it consumes of it."""
    bad = np.flatnonzero(~(diagonal > 0))
    if bad.size:
        names = ", ".join(
            f"{columns[i]} ({flows[i]}: {float(diagonal[i]):g})" for i in bad[:SHOWN].tolist()
        )
        raise SingularSystemError(
            zh=f"以下过程自身产品的净产出为零或负（产出减去自身消耗）：{names}",
            en=f"the net output of their own product (output less own consumption) is zero "
            f"or negative for: {names}",
            location=Location(path=f"{columns[int(bad[0])]}.outputs"),
        )


def finite_answer(values: np.ndarray, names: Sequence[str], what: tuple[str, str]) -> None:
    """An answer (``what``: zh, en) is returned only when finite; else name where it is not."""
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        listed = ", ".join(names[i] for i in bad[:SHOWN].tolist())
        raise ProductSystemError(
            zh=f"{what[0]}不是有限数（数值溢出或无定义）：{listed}",
            en=f"{what[1]} is not a finite number (overflow or undefined): {listed}",
            location=Location(path=names[int(bad[0])]),
        )
