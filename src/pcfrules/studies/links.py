"""Linked inputs: an input of a study supplied by another footprint instead of a typed value.

A rule marks an item or parameter as the footprint of another rule's product
(``upstream: hydrogen``). The rules of the catalogue state the preference for such an
input: a footprint computed under the upstream product's own rule (another study), then a
supplier's PACT footprint, then the rule's published default. A study names its choice
under ``supplied:``; what it does not supply is typed in ``activity``/``parameters`` with
its source, or falls to the rule's default.

Each supplied input is resolved here, before the study is checked and computed, into a plain
value in the unit of the upstream footprint (``kg/t``, ``kg/kWh`` …, converted to the rule's
unit by :mod:`pcfrules.studies.values` like any value), and recorded as the source the result
carries (``input_sources``). A linked study is computed with its own rule, found as any study's
rule is; a chain of studies is followed to :data:`~pcfrules.limits.LINKED_STUDIES` deep, and
a study that would supply itself, directly or through others, is refused naming the chain.

Reading a supplier's PACT file is the interchange room's; it is handed in as
:class:`Footprints` (``interchange.pact.PACT_FOOTPRINTS``), so this room imports nothing above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pcfrules.errors import Location, StudyError
from pcfrules.limits import LINKED_STUDIES
from pcfrules.rules.model import RuleStandard
from pcfrules.studies.model import ActivityValue, ParameterValue, Study, Supply
from pcfrules.studies.result_model import Result


@dataclass(frozen=True)
class Supplied:
    """A supplier's footprint per one unit of its declared unit, and who declared it."""

    kg_co2e: float
    unit: str
    label: str
    year: int


class Footprints(Protocol):
    """Reads a supplier's footprint file; the interchange room answers for PACT."""

    def per_unit(self, path: Path) -> Supplied:
        """The footprint in ``path`` per one declared unit; a bilingual error if unreadable."""
        ...


# Computes a linked study file (with the chain of files that led to it) to its result.
Computer = Callable[[Path], Result]


def upstream_inputs(rule: RuleStandard) -> dict[str, str]:
    """Every item and parameter the rule links to another rule: ``{name: upstream rule id}``."""
    linked = {item.id: item.upstream for item in rule.data_collection.items if item.upstream}
    for pid, param in rule.parameters().items():
        if param.upstream:
            linked[pid] = param.upstream
    return linked


def with_supplied(
    study: Study,
    rule: RuleStandard,
    base: Path | None,
    computed: Computer,
    footprints: Footprints | None,
) -> tuple[Study, dict[str, dict[str, Any]]]:
    """The study with every supplied input turned into a value, and each linked input's source."""
    linked = upstream_inputs(rule)
    activity, parameters = dict(study.activity), dict(study.parameters)
    sources: dict[str, dict[str, Any]] = {}
    for name, supply in study.supplied.items():
        where = Location(path=f"supplied.{name}")
        _refuse_unlinked(name, linked, study, where)
        if base is None:
            raise StudyError(
                zh="只有磁盘上的研究文件才能引用其他文件提供的输入；请直接填写数值及其来源",
                en="only a study file on disk can name other files for its inputs; give the "
                "value and its source instead",
                location=where,
            )
        value, unit, source = _resolve(supply, base, linked[name], computed, footprints, where)
        if name in rule.parameters():
            parameters[name] = ParameterValue(
                value=value, unit=unit, source=source["label"], year=source["year"]
            )
        else:
            activity[name] = ActivityValue(
                value=value, unit=unit, source=source["label"], data_type="secondary"
            )
        sources[name] = source
    for name, upstream in linked.items():
        if name not in sources:
            sources[name] = _not_linked(name, upstream, study, rule)
    resolved = study.model_copy(
        update={"activity": activity, "parameters": parameters, "supplied": {}}
    )
    return resolved, dict(sorted(sources.items()))


def _refuse_unlinked(name: str, linked: dict[str, str], study: Study, where: Location) -> None:
    if name not in linked:
        names = ", ".join(sorted(linked)) or "—"
        raise StudyError(
            zh=f"“{name}”不是规则中标明上游规则（upstream）的输入，不能由其他足迹提供（可提供：{names}）",
            en=f"'{name}' is not an input the rule links to an upstream rule (upstream), so no "
            f"other footprint can supply it (linked inputs: {names})",
            location=where,
        )
    if name in study.activity or name in study.parameters:
        raise StudyError(
            zh=f"“{name}”既在 supplied 中又有填写的数值：只能二选一",
            en=f"'{name}' is both supplied and given a value: keep one",
            location=where,
        )


def _resolve(
    supply: Supply,
    base: Path,
    upstream: str,
    computed: Computer,
    footprints: Footprints | None,
    where: Location,
) -> tuple[float, str, dict[str, Any]]:
    path = base / supply.file
    if supply.study is not None:
        return _from_study(path, supply.study, upstream, computed, where)
    if footprints is None:
        raise StudyError(
            zh="此处无法读取供应商的 PACT 文件；请通过 pcfrules calc 计算或直接填写数值",
            en="a supplier's PACT file cannot be read here; compute with pcfrules calc or give "
            "the value",
            location=where,
        )
    supplied = footprints.per_unit(path)
    source = {
        "kind": "pact",
        "file": supply.file,
        "upstream": upstream,
        "value": supplied.kg_co2e,
        "unit": f"kg/{supplied.unit}",
        "label": supplied.label,
        "year": supplied.year,
    }
    return supplied.kg_co2e, f"kg/{supplied.unit}", source


def _from_study(
    path: Path, written: str, upstream: str, computed: Computer, where: Location
) -> tuple[float, str, dict[str, Any]]:
    result = computed(path)
    if result.rule is None or result.rule.id != upstream:
        found = result.rule.id if result.rule is not None else "—"
        raise StudyError(
            zh=f"“{written}”依据的规则是“{found}”，而该输入应来自规则“{upstream}”的足迹",
            en=f"'{written}' follows rule '{found}', but this input is a footprint under "
            f"rule '{upstream}'",
            location=where,
        )
    fu = result.functional_unit
    per = float(fu["quantity"])
    value = result.total.value / per
    unit = f"kg/{fu['unit']}"
    period = (result.study or {}).get("period", {})
    year = int(str(period.get("end", "0000"))[:4])
    enterprise = (result.study or {}).get("enterprise", {})
    label = (
        f"{result.rule.id} {result.rule.version} study {written} "
        f"({enterprise.get('en') or enterprise.get('zh') or '—'}, period to {period.get('end')}), "
        f"rule fingerprint {result.rule.fingerprint[:16]}"
    )
    source = {
        "kind": "study",
        "file": written,
        "upstream": upstream,
        "rule": {
            "id": result.rule.id,
            "version": result.rule.version,
            "fingerprint": result.rule.fingerprint,
        },
        "enterprise": {"zh": enterprise.get("zh", ""), "en": enterprise.get("en", "")},
        "period_end": str(period.get("end", "")),
        "value": value,
        "unit": unit,
        "label": label,
        "year": year,
    }
    return value, unit, source


def _not_linked(name: str, upstream: str, study: Study, rule: RuleStandard) -> dict[str, Any]:
    """The source of a linked input the study did not link: typed with its source, or default."""
    given = study.activity.get(name) or study.parameters.get(name)
    if given is not None:
        return {
            "kind": "given",
            "upstream": upstream,
            "value": given.value,
            "unit": given.unit,
            "label": given.source or "—",
        }
    param = rule.parameters().get(name)
    item = next((i for i in rule.data_collection.items if i.id == name), None)
    default = param if param is not None else rule.parameters().get((item and item.default) or "")
    if default is not None and default.value is not None:
        return {
            "kind": "default",
            "upstream": upstream,
            "value": default.value,
            "unit": default.unit,
            "label": f"{default.source} ({default.year})",
        }
    return {"kind": "absent", "upstream": upstream, "label": "—"}


def follow(path: Path, chain: tuple[Path, ...], where: Location | None = None) -> tuple[Path, ...]:
    """The chain with ``path`` added; refused when it closes a loop or grows too deep."""
    resolved = path.resolve()
    if resolved in chain:
        loop = " → ".join(p.name for p in (*chain, resolved))
        raise StudyError(
            zh=f"研究相互提供输入形成循环：{loop}",
            en=f"linked studies form a loop: {loop}",
            location=where or Location(file=str(path)),
        )
    LINKED_STUDIES.check(len(chain) + 1, StudyError, where or Location(file=str(path)))
    if not resolved.is_file():
        raise StudyError(
            zh=f"找不到提供输入的研究文件“{path}”",
            en=f"the study file supplying an input, '{path}', does not exist",
            location=where or Location(file=str(path)),
        )
    return (*chain, resolved)
