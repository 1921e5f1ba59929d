"""A study under its rule → the engine's product system.

Each unit process of the rule becomes an engine process that delivers one "period of
operation" and emits what the rule's formulas give for the reference period. A site process
makes the period's output of the product (the rule's reference-flow item) and its
co-products, consuming one period of every unit process; the demand is one functional unit.
Co-products follow the rule: allocation (mass, energy, economic), substitution, or cut-off.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, NoReturn

import numpy as np
import pint

from pcfrules.engine.model import (
    Allocation,
    Dataset,
    Emission,
    Exchange,
    Process,
    ProductSystem,
)
from pcfrules.errors import Location, StudyError
from pcfrules.rules import expr
from pcfrules.rules.model import CoProductRule, Formula, RuleStandard
from pcfrules.studies.values import Value

SITE = "site"
CREDIT_STAGE = "co_product_credits"
PERIOD_UNIT = "dimensionless"


@dataclass
class Built:
    """The product system and what the study check and the result need to know of it."""

    system: ProductSystem
    formula_results: dict[str, float] = field(default_factory=dict)  # kg over the period
    defaults_used: list[str] = field(default_factory=list)


def product_system(
    rule: RuleStandard,
    values: dict[str, Value],
    draws: dict[str, object] | None = None,
    samples: int = 0,
) -> Built:
    """Build the product system; ``draws`` (quantities with arrays) feed Monte Carlo."""
    built = Built(ProductSystem(reference=_reference(rule), processes=[]))
    processes = rule.processes()
    emissions: dict[str, list[Emission]] = {pid: [] for pid in processes}
    for formula in rule.inventory.formulas:
        emission = _emission(formula, values, draws, samples)
        emissions[formula.process].append(emission)
        built.formula_results[formula.id] = emission.amount
    for pid, (stage, _) in processes.items():
        built.system.processes.append(
            Process(
                id=pid,
                stage=stage.id,
                outputs=[Exchange(_period(pid), 1.0, PERIOD_UNIT)],
                emissions=emissions[pid],
            )
        )
    intermediates = [c for c in rule.allocation.co_products if c.item and c.made_by]
    taken: set[str] = set()
    linked = []
    for co in intermediates:
        taken.update(co.made_by)
        if _unused(co, values, emissions):
            continue
        built.system.processes.append(_intermediate(rule, values, co))
        linked.append(co)
    site, datasets = _site(rule, values, [p for p in processes if p not in taken], linked)
    built.system.processes.append(site)
    built.system.datasets.extend(datasets)
    built.defaults_used = sorted(n for n, v in values.items() if v.origin == "default")
    built.system.biogenic_carbon_per_unit = _carbon(rule, values, rule.unit.biogenic_carbon_item)
    built.system.fossil_carbon_per_unit = _carbon(rule, values, rule.unit.fossil_carbon_item)
    return built


def _carbon(rule: RuleStandard, values: dict[str, Value], name: str) -> float:
    """Kg C per unit of the product (in the reference-flow item's unit), or 0 without item."""
    if not name:
        return 0.0
    unit_of_product = 1.0 * values[rule.unit.reference_flow.item].quantity.units
    return float((values[name].quantity * unit_of_product).to("kg").magnitude)


def _period(process_id: str) -> str:
    return f"{process_id}:period"


def _reference(rule: RuleStandard) -> Exchange:
    return Exchange(_product_flow(rule), rule.unit.quantity, rule.unit.unit)


def _product_flow(rule: RuleStandard) -> str:
    return f"product:{rule.identity.id}"


def _emission(
    formula: Formula, values: dict[str, Value], draws: dict[str, object] | None, samples: int
) -> Emission:
    where = Location(path=f"inventory.formulas.{formula.id}")
    parsed = expr.parse(formula.expression, where)
    used = [values[n] for n in parsed.names if n in values]
    missing = sorted(parsed.names - set(values))
    if missing:
        raise StudyError(
            zh=f"公式“{formula.id}”缺少数值：{', '.join(missing)}",
            en=f"formula '{formula.id}' lacks values for {', '.join(missing)}",
            location=Location(path=f"inventory.formulas.{formula.id}"),
        )
    names = sorted(parsed.names)
    if not all(np.isfinite(values[n].quantity.magnitude) for n in names):
        _not_finite(formula, values, names)  # say which value, before the formula fails
    quantity = parsed.evaluate({n: values[n].quantity for n in parsed.names}, where)
    amount = float(quantity.to("kg").magnitude)
    if not math.isfinite(amount):
        _not_finite(formula, values, names)
    sample_values = None
    if draws is not None and any(values[n].uncertainty is not None for n in parsed.names):
        drawn = parsed.evaluate({n: draws[n] for n in parsed.names}, where).to("kg").magnitude
        sample_values = np.broadcast_to(np.asarray(drawn, dtype=float), (samples,)).copy()
    measured = [v for v in used if v.origin in {"measured", "default", "absent"}]
    dqrs = [v.dqr for v in measured if v.dqr is not None]
    scored = [v.scores for v in measured if v.scores]
    dqi = {k: sum(s[k] for s in scored) / len(scored) for k in scored[0]} if scored else None
    return Emission(
        gas=formula.gas,
        amount=amount,
        unit="kg",
        origin=formula.origin,
        primary=bool(measured) and all(v.primary for v in measured),
        dqr=sum(dqrs) / len(dqrs) if dqrs else None,
        label=formula.id,
        dqi=dqi,
        samples=sample_values,
    )


def _not_finite(formula: Formula, values: dict[str, Value], names: list[str]) -> NoReturn:
    """Refuse a formula whose result is NaN or infinite, naming the values behind it."""
    bad = [n for n in names if not np.isfinite(values[n].quantity.magnitude)]
    because = f"（{', '.join(bad)} 不是有限数）" if bad else "（数值溢出）"
    reason = f" ({', '.join(bad)} not finite)" if bad else " (overflow)"
    raise StudyError(
        zh=f"公式“{formula.id}”的结果不是有限数{because}",
        en=f"formula '{formula.id}' does not give a finite number{reason}",
        location=Location(path=f"inventory.formulas.{formula.id}"),
    )


def _intermediate_flow(co: CoProductRule) -> str:
    return f"intermediate:{co.item}"


def _unused(
    co: CoProductRule, values: dict[str, Value], emissions: dict[str, list[Emission]]
) -> bool:
    """An intermediate the product uses none of carries none of its processes' burden.

    A pack maker buying all its cells has empty cell-making processes; the node would make
    nothing and could not be solved. If those processes emit while nothing of the
    intermediate is used or sold, the study has left out what was made, which is refused
    rather than dropped.
    """
    if _amount(values, co.main_item) != 0:
        return False
    emitted = any(e.amount != 0 for pid in co.made_by for e in emissions[pid])
    if emitted and _amount(values, co.item) == 0:
        raise StudyError(
            zh=f"“{co.main_item}”与“{co.item}”均为 0，但生产它的过程（{', '.join(co.made_by)}）"
            "有排放：请给出其用于本产品或外售的数量",
            en=f"'{co.main_item}' and '{co.item}' are both 0, yet the processes making it "
            f"({', '.join(co.made_by)}) emit: give how much of it the product used or was sold",
            location=Location(path=f"activity.{co.main_item}"),
        )
    return True


def _amount(values: dict[str, Value], name: str) -> float:
    """The value of an item the study gave, or 0 when it gave none."""
    value = values.get(name)
    return float(value.quantity.magnitude) if value is not None else 0.0


def _intermediate(rule: RuleStandard, values: dict[str, Value], co: CoProductRule) -> Process:
    """The processes that make an intermediate sold in part (clinker), as one node.

    It consumes one period of each ``made_by`` process and yields the amount the main
    product uses (``main_item``) and the amount sold (``item``); the sold part leaves the
    system with its share of these processes' burdens only (by mass, energy or value).
    """
    used, sold = values[co.main_item].quantity, values[co.item].quantity
    outputs = [Exchange(_intermediate_flow(co), float(used.magnitude), f"{used.units:~}")]
    inputs = [Exchange(_period(pid), 1.0, PERIOD_UNIT) for pid in co.made_by]
    if not sold.magnitude > 0:  # nothing sold this period: the product bears it all
        return Process(_intermediate_flow(co), outputs, inputs, [], stage=None)
    outputs.append(Exchange(f"co-product:{co.item}", float(sold.magnitude), f"{sold.units:~}"))
    if co.method == "physical_mass":
        allocation = Allocation("physical")
    elif co.method in {"economic", "physical_energy"}:
        properties = {
            _intermediate_flow(co): float(values[rule.allocation.main_property].quantity.magnitude),
            f"co-product:{co.item}": float(values[co.property].quantity.magnitude),
        }
        if co.method == "economic":
            allocation = Allocation("economic", properties=properties)
        else:
            allocation = Allocation("physical", properties=properties)
    else:
        raise StudyError(
            zh=f"共生产品“{co.item}”按中间产品分摊（made_by）时只能采用质量、能量或经济价值分配",
            en=f"co-product '{co.item}' shared from an intermediate (made_by) needs mass, "
            f"energy or economic allocation, not {co.method}",
            location=Location(path="allocation.co_products"),
        )
    return Process(_intermediate_flow(co), outputs, inputs, [], stage=None, allocation=allocation)


def _site(
    rule: RuleStandard,
    values: dict[str, Value],
    process_ids: list[str],
    intermediates: list[CoProductRule],
) -> tuple[Process, list[Dataset]]:
    """The site: makes the product (and co-products) from one period of every process.

    Processes that make an intermediate sold in part come in through that intermediate,
    in the amount the product uses.
    """
    ref_item = rule.unit.reference_flow.item
    output = values[ref_item].quantity
    outputs = [Exchange(_product_flow(rule), float(output.magnitude), f"{output.units:~}")]
    inputs = [Exchange(_period(pid), 1.0, PERIOD_UNIT) for pid in process_ids]
    for co in intermediates:
        used = values[co.main_item].quantity
        inputs.append(Exchange(_intermediate_flow(co), float(used.magnitude), f"{used.units:~}"))
    computed = [c for c in rule.allocation.co_products if not c.made_by and _made(c, values)]
    datasets: list[Dataset] = []
    allocation = None
    if computed:
        allocation, co_outputs, datasets = _co_products(rule, values, computed)
        outputs += co_outputs
    return Process(SITE, outputs, inputs, [], stage=None, allocation=allocation), datasets


def _made(co: CoProductRule, values: dict[str, Value]) -> bool:
    """A co-product the study made in the period: one the rule computes, of a non-zero amount.

    A plant that made none of it (no heat supplied by a power plant without heat customers)
    gives it no share of the burden rather than a zero output the engine cannot allocate to.
    """
    if not co.item or co.method == "cut_off":
        return False
    value = values.get(co.item)
    return value is not None and value.quantity.magnitude != 0


def _co_products(
    rule: RuleStandard, values: dict[str, Value], co_products: list[CoProductRule]
) -> tuple[Allocation, list[Exchange], list[Dataset]]:
    methods = {c.method for c in co_products}
    if len(methods) > 1:
        raise StudyError(
            zh="同一规则的共生产品须采用同一种方法",
            en=f"co-products of one rule must share one method, got {sorted(methods)}",
            location=Location(path="allocation.co_products"),
        )
    method = methods.pop()
    outputs, datasets, properties = [], [], {}
    for co in co_products:
        flow = f"co-product:{co.item}"
        quantity = values[co.item].quantity
        outputs.append(Exchange(flow, float(quantity.magnitude), f"{quantity.units:~}"))
        if method in {"substitution", "system_expansion"}:
            credit = _substitute(co, values)  # burden avoided per unit of co-product
            per_unit = float((credit * _one_unit(quantity)).to("kg").magnitude)
            datasets.append(
                Dataset(
                    flow,
                    f"{quantity.units:~}",
                    [Emission("CO2e", per_unit, "kg", label=f"substitute {co.item}")],
                    source=f"rule parameter {co.substitute}",
                    stage=CREDIT_STAGE,
                )
            )
        elif method in {"economic", "physical_energy"}:
            properties[flow] = float(values[co.property].quantity.magnitude)
    if method in {"substitution", "system_expansion"}:
        return Allocation("substitution"), outputs, datasets
    if method == "physical_mass":
        return Allocation("physical"), outputs, datasets
    properties[_product_flow(rule)] = float(
        values[rule.allocation.main_property].quantity.magnitude
    )
    if method == "economic":
        return Allocation("economic", properties=properties), outputs, datasets
    return Allocation("physical", properties=properties), outputs, datasets


def _substitute(co: CoProductRule, values: dict[str, Value]) -> pint.Quantity[Any]:
    """The avoided burden per unit of the co-product: an item, a parameter or a formula of them."""
    if co.substitute in values:
        return values[co.substitute].quantity
    where = Location(path=f"allocation.co_products.{co.item}.substitute")
    parsed = expr.parse(co.substitute, where)
    missing = sorted(parsed.names - set(values))
    if missing:
        raise StudyError(
            zh=f"共生产品“{co.item}”的替代扣减公式缺少数值：{', '.join(missing)}",
            en=f"substitution credit of co-product '{co.item}' lacks values for "
            f"{', '.join(missing)}",
            location=where,
        )
    quantity: pint.Quantity[Any] = parsed.evaluate(
        {n: values[n].quantity for n in parsed.names}, where
    )
    return quantity


def _one_unit(quantity: pint.Quantity[Any]) -> pint.Quantity[Any]:
    """One unit of ``quantity``'s unit (to turn 'kg per t' into kg for one t)."""
    one: pint.Quantity[Any] = 1.0 * quantity.units
    return one
