"""A chain of linked studies computed at once, loops between them solved as one system.

When studies supply one another's inputs — electricity in a coal mine, coal in a power plant —
computing them one after another cannot end, and iterating to a guess is not an answer.
A study's footprint is linear in the footprints it takes from the others: with ``F`` the
footprints per declared unit of the studies of the chain,

    F_i = d_i + Σ_j q_ij · F_j

where ``d_i`` is study *i*'s footprint with every input from the chain at zero and ``q_ij``
how much study *i*'s footprint grows per kg CO2e of one declared unit of study *j* (the
quantity of *j*'s product it uses). Both are measured by computing the study itself, and the
linearity is checked with a second point, so a formula that is not linear in a supplied
footprint is refused rather than solved wrongly. Then (I − Q) F = d is solved exactly, and
every study is computed once more with the footprints it takes from the others.

Inputs a study supplies from outside the chain (another study file, a supplier's PACT file, a
background dataset) are resolved as they are for one study. The result of each study records,
for an input from the chain, the study that supplied it and that it was solved with the chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pcfrules.errors import Location, StudyError
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.sources import FoundRule, RegistryRules
from pcfrules.studies import links
from pcfrules.studies.model import ActivityValue, ParameterValue, Study
from pcfrules.studies.result_model import Result
from pcfrules.studies.run import errors_in, load_input, rule_for, run_study, with_files

LINEARITY = 1e-9  # relative: F_i at twice a supplied footprint against the straight line
PROBE = 1000.0  # kg CO2e per declared unit used to measure each q_ij


@dataclass(frozen=True)
class Member:
    """One study of the chain: its file, the study, its rule, and what it takes from the chain."""

    path: Path
    study: Study
    found: FoundRule
    takes: dict[str, int]  # input name → index of the member that supplies it

    @property
    def rule(self) -> RuleStandard:
        """The rule the study follows."""
        return self.found.rule


@dataclass(frozen=True)
class Chained:
    """Every member's result and footprint per declared unit, in the order given.

    ``arising[i][j]`` is the part of member *i*'s footprint per declared unit that arises in
    member *j* itself — its own processes and what it takes from outside the chain — through
    every path of the chain: with L = (I − Q)⁻¹, ``arising[i][j]`` = L_ij · d_j, and each row
    sums to ``per_unit[i]``. It is a product's footprint broken down by the upstream standard
    under which each part was quantified.
    """

    paths: list[Path]
    results: list[Result]
    per_unit: list[float]
    units: list[str]
    arising: list[list[float]]

    def rules(self) -> list[str]:
        """The rule id of each member, in the order given."""
        return [r.rule.id if r.rule else "" for r in self.results]

    def names(self) -> list[str]:
        """Each member's name, which its result is saved by.

        The file's stem when all share a folder (``2-aluminium``), else ``folder.stem``
        (``lime.example``).
        """
        if len({p.parent.resolve() for p in self.paths}) == 1:
            return [p.stem for p in self.paths]
        return [f"{p.parent.name}.{p.stem}" for p in self.paths]

    def summary(self) -> dict[str, Any]:
        """The chain as ``chain.json`` holds it: each study, what it took, where it arises."""
        names, rules = self.names(), self.rules()
        studies = []
        for i, result in enumerate(self.results):
            chained = {k: v for k, v in (result.input_sources or {}).items() if v.get("chain")}
            studies.append(
                {
                    "study": names[i],
                    "rule": rules[i],
                    "kg_co2e_per_unit": self.per_unit[i],
                    "unit": self.units[i],
                    "from_the_chain": {k: v["file"] for k, v in chained.items()},
                    "contributions": {k: v["contribution"] for k, v in chained.items()},
                    "arising": [
                        {"study": names[j], "rule": rules[j], "kg_co2e_per_unit": value}
                        for j, value in enumerate(self.arising[i])
                        if value != 0
                    ],
                }
            )
        return {"format": "pcfrules.chain/1", "studies": studies}


def compute_chain(
    paths: Sequence[Path],
    registry: RegistryRules | None = None,
    footprints: links.Footprints | None = None,
    background: links.BackgroundData | None = None,
) -> Chained:
    """Compute the studies in ``paths`` together; loops between them solved as one system."""
    members = _members(paths, registry)
    if not members:
        raise StudyError(
            zh="请至少给出一个研究文件", en="give at least one study file", location=Location()
        )
    _same_rules(members)
    extra = _Outside(registry, footprints, background)
    d, q, slopes = _coefficients(members, extra)
    per_unit = _solve(members, d, q)
    results = [_final(m, members, per_unit, slopes[i], extra) for i, m in enumerate(members)]
    return Chained(
        [m.path for m in members],
        results,
        per_unit.tolist(),
        [_unit(m) for m in members],
        _arising(q, d),
    )


def _arising(q: np.ndarray, d: np.ndarray) -> list[list[float]]:
    """L_ij · d_j with L = (I − Q)⁻¹: where each member's footprint arises (see Chained).

    A study no path of the chain leads from contributes exactly nothing, not the rounding
    residue of the inverse.
    """
    leontief = np.linalg.inv(np.eye(len(d)) - q) * _reachable(q)
    return [[float(v) for v in row] for row in leontief * d[np.newaxis, :]]


def _reachable(q: np.ndarray) -> np.ndarray:
    """reach[i, j]: member i takes, directly or through others, from member j (or i is j)."""
    reach: np.ndarray = np.eye(len(q), dtype=bool) | (q != 0)
    while True:
        wider: np.ndarray = reach | ((reach.astype(int) @ reach.astype(int)) > 0)
        if (wider == reach).all():
            return reach
        reach = wider


@dataclass(frozen=True)
class _Outside:
    """What answers the supplies from outside the chain."""

    registry: RegistryRules | None
    footprints: links.Footprints | None
    background: links.BackgroundData | None


def _members(paths: Sequence[Path], registry: RegistryRules | None) -> list[Member]:
    """Read every study, find its rule, and which of its supplies come from the chain."""
    resolved = [p.resolve() for p in paths]
    if len(set(resolved)) != len(resolved):
        twice = next(p for p in paths if resolved.count(p.resolve()) > 1)
        raise StudyError(
            zh=f"研究“{twice}”在链中出现两次",
            en=f"the study '{twice}' is in the chain twice",
            location=Location(file=str(twice)),
        )
    index = {p: i for i, p in enumerate(resolved)}
    members = []
    for path in paths:
        with errors_in(path):
            study = _study(path)
            found = rule_for(study, path, None, registry)
            takes = _takes(study, found.rule, path, index)
        members.append(Member(path, study, found, takes))
    return members


def _study(path: Path) -> Study:
    data = load_input(path)
    if not isinstance(data, Study):
        raise StudyError(
            zh="链中只能有依据规则的研究，不能有原始产品系统",
            en="a chain holds studies under rules, not raw product systems",
            location=Location(file=str(path)),
        )
    return data


def _takes(study: Study, rule: RuleStandard, path: Path, index: dict[Path, int]) -> dict[str, int]:
    """The inputs the study supplies from another study of the chain, by that study's index."""
    linked = links.upstream_inputs(rule)
    takes = {}
    for name, supply in study.supplied.items():
        if supply.study is None:
            continue
        source = (path.parent / supply.study).resolve()
        if source in index:
            if name not in linked:
                raise StudyError(
                    zh=f"“{name}”不是规则标明为上游足迹的输入",
                    en=f"'{name}' is not an input the rule marks as an upstream footprint",
                    location=Location(file=str(path), path=f"supplied.{name}"),
                )
            takes[name] = index[source]
    return takes


def _same_rules(members: list[Member]) -> None:
    """An input the chain supplies must be a footprint under the rule of the study supplying it."""
    for member in members:
        wanted = links.upstream_inputs(member.rule)
        for name, j in member.takes.items():
            found = members[j].rule.identity.id
            if wanted[name] != found:
                raise StudyError(
                    zh=f"“{members[j].path.name}”依据的规则是“{found}”，而该输入应来自规则"
                    f"“{wanted[name]}”的足迹",
                    en=f"'{members[j].path.name}' follows rule '{found}', but this input is a "
                    f"footprint under rule '{wanted[name]}'",
                    location=Location(file=str(member.path), path=f"supplied.{name}"),
                )


def _coefficients(
    members: list[Member], extra: _Outside
) -> tuple[np.ndarray, np.ndarray, list[dict[str, float]]]:
    """The vector d (chain inputs at zero), the matrix Q and each chain input's own slope."""
    n = len(members)
    d, q = np.zeros(n), np.zeros((n, n))
    slopes: list[dict[str, float]] = [{} for _ in members]
    for i, member in enumerate(members):
        zero = np.zeros(n)
        d[i] = _per_unit(_run(member, members, zero, extra))
        for name, j in member.takes.items():
            probe = zero.copy()
            probe[j] = PROBE
            once = _per_unit(_run(member, members, probe, extra))
            probe[j] = 2 * PROBE
            twice = _per_unit(_run(member, members, probe, extra))
            slope = (once - d[i]) / PROBE
            _linear(member, name, d[i], once, twice)
            q[i, j] += slope
            slopes[i][name] = slope
    return d, q, slopes


def _linear(member: Member, name: str, zero: float, once: float, twice: float) -> None:
    """Refuse a footprint that is not a straight line in a supplied footprint."""
    expected = 2 * once - zero
    if abs(twice - expected) > LINEARITY * max(abs(twice), abs(expected), 1.0):
        raise StudyError(
            zh=f"研究的碳足迹与链中提供的输入“{name}”不成线性关系，无法作为一个系统求解",
            en=f"the study's footprint is not linear in '{name}', supplied by the chain: it "
            "cannot be solved as one system",
            location=Location(file=str(member.path), path=f"supplied.{name}"),
        )


def _solve(members: list[Member], d: np.ndarray, q: np.ndarray) -> np.ndarray:
    """(I − Q) F = d, exactly; a loop that takes more than it gives is refused, naming it."""
    system = np.eye(len(members)) - q
    names = ", ".join(m.path.name for m in members)
    try:
        per_unit = np.linalg.solve(system, d)
    except np.linalg.LinAlgError:
        per_unit = np.full(len(members), np.nan)
    looped = np.abs(q).sum() > 0
    bad = not np.all(np.isfinite(per_unit)) or (looped and np.any(per_unit < 0) and np.all(d >= 0))
    if bad:
        raise StudyError(
            zh=f"链中的研究相互提供的输入多于其产出，系统无解：{names}",
            en=f"the studies of the chain take more from one another than they make; the system "
            f"has no solution: {names}",
            location=Location(),
        )
    return per_unit


def _final(
    member: Member,
    members: list[Member],
    per_unit: np.ndarray,
    slopes: dict[str, float],
    extra: _Outside,
) -> Result:
    """The member computed with the chain's answer; each chain input says what it adds."""
    result = _run(member, members, per_unit, extra, final=True)
    sources = dict(result.input_sources or {})
    for name, j in member.takes.items():
        sources[name] = {**sources[name], "contribution": slopes[name] * float(per_unit[j])}
    return result.model_copy(update={"input_sources": sources})


def _run(
    member: Member,
    members: list[Member],
    values: np.ndarray,
    extra: _Outside,
    final: bool = False,
) -> Result:
    """The member computed with each input from the chain at ``values`` of its supplier."""
    study = member.study
    activity, parameters = dict(study.activity), dict(study.parameters)
    supplied = {k: v for k, v in study.supplied.items() if k not in member.takes}
    chained: dict[str, dict[str, Any]] = {}
    for name, j in member.takes.items():
        supplier = members[j]
        unit, label, year = f"kg/{_unit(supplier)}", _label(supplier), _year(supplier)
        value = float(values[j])
        if name in member.rule.parameters():
            parameters[name] = ParameterValue(value=value, unit=unit, source=label, year=year)
        else:
            activity[name] = ActivityValue(
                value=value, unit=unit, source=label, data_type="secondary"
            )
        chained[name] = _source(supplier, member, name, value, unit, label, year)
    plain = study.model_copy(
        update={"activity": activity, "parameters": parameters, "supplied": supplied}
    )
    with errors_in(member.path):
        resolved, sources = with_files(
            plain,
            member.found,
            member.path.parent,
            extra.registry,
            extra.footprints,
            (member.path.resolve(),),
            background=extra.background,
        )
        return run_study(
            resolved, member.found, sources={**sources, **chained} if final else sources
        )


def _source(
    supplier: Member, member: Member, name: str, value: float, unit: str, label: str, year: int
) -> dict[str, Any]:
    """What the result records of an input the chain supplied."""
    enterprise = supplier.study.enterprise
    return {
        "kind": "study",
        "chain": True,
        "file": str(supplier.path),
        "upstream": links.upstream_inputs(member.rule)[name],
        "rule": {
            "id": supplier.rule.identity.id,
            "version": supplier.rule.identity.version,
            "fingerprint": supplier.rule.fingerprint(),
        },
        "enterprise": {"zh": enterprise.zh, "en": enterprise.en},
        "period_end": str(supplier.study.period.end),
        "value": value,
        "unit": unit,
        "label": label,
        "year": year,
    }


def _unit(member: Member) -> str:
    return member.rule.unit.unit


def _per_unit(result: Result) -> float:
    return result.total.value / float(result.functional_unit["quantity"])


def _label(supplier: Member) -> str:
    rule = supplier.rule
    return (
        f"{rule.identity.id} {rule.identity.version} study {supplier.path.name} "
        f"({supplier.study.enterprise.en or supplier.study.enterprise.zh or '—'}), "
        f"solved with the chain, rule fingerprint {rule.fingerprint()[:16]}"
    )


def _year(supplier: Member) -> int:
    return supplier.study.period.end.year
