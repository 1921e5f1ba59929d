"""Linked inputs: an input of a study supplied by another footprint instead of a typed value.

A rule marks an item or parameter as the footprint of another rule's product
(``upstream: hydrogen``). The rules of the catalogue state the preference for such an
input: a footprint computed under the upstream product's own rule (another study), then a
supplier's PACT footprint, then a dataset of a background database (an imported ILCD
database such as TianGong), then the rule's published default. A study names its choice
under ``supplied:`` (``study:``, ``pact:`` or ``dataset: <database>[@release]:<uuid>``);
what it does not supply is typed in ``activity``/``parameters`` with its source, or falls to
the rule's default.

Each supplied input is resolved here, before the study is checked and computed, into a plain
value in the unit of the upstream footprint (``kg/t``, ``kg/kWh`` …, converted to the rule's
unit by :mod:`pcfrules.studies.values` like any value), and recorded as the source the result
carries (``input_sources``). A linked study is computed with its own rule, found as any study's
rule is; a chain of studies is followed to :data:`~pcfrules.limits.LINKED_STUDIES` deep, and
a study that would supply itself, directly or through others, is refused naming the chain.

Reading a supplier's PACT file is the interchange room's; it is handed in as
:class:`Footprints` (``interchange.pact.PACT_FOOTPRINTS``). Finding a background dataset's
footprint is the background room's store; it is handed in as :class:`BackgroundData` and
asked with the rule's own GWP set, so a dataset is characterised as the study is. A PACT
footprint and a dataset take the same road: kg CO2e per one unit of what they declare. So this
room imports nothing above it. With no store handed in (a job, an upload on the platform),
the extracts pcfrules ships answer (``background.sources.SHIPPED``); a dataset neither has is
refused at ``supplied.<name>``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pcfrules.background.model import DatasetFootprint
from pcfrules.background.sources import SHIPPED
from pcfrules.errors import BackgroundError, Location, PcfrulesError, StudyError
from pcfrules.limits import LINKED_STUDIES
from pcfrules.rules.model import RuleStandard
from pcfrules.studies.model import ActivityValue, ParameterValue, Study, Supply
from pcfrules.studies.result_model import DatasetSource, Result


@dataclass(frozen=True)
class Supplied:
    """A footprint per one unit of what it declares, and who declared it.

    What a supplier's PACT file gives, and what a background dataset is turned into, so that
    both become an input's value the same way.
    """

    kg_co2e: float
    unit: str
    label: str
    year: int


class Footprints(Protocol):
    """Reads a supplier's footprint file; the interchange room answers for PACT."""

    def per_unit(self, path: Path) -> Supplied:
        """The footprint in ``path`` per one declared unit; a bilingual error if unreadable."""
        ...


class BackgroundData(Protocol):
    """Finds a background dataset's footprint; the background room's store answers."""

    def footprint(self, spec: str, gwp_set: str) -> DatasetFootprint:
        """The dataset ``spec`` (``<db>[@release]:<uuid>``) characterised with ``gwp_set``.

        A bilingual error (the store's BackgroundError) if the database, the release or the
        dataset is unknown.
        """
        ...


# Computes a linked study file (with the chain of files that led to it) to its result.
Computer = Callable[[Path], Result]


@dataclass(frozen=True)
class _Suppliers:
    """What answers a study's supplies: linked studies, suppliers' files, background data."""

    computed: Computer
    footprints: Footprints | None
    background: BackgroundData | None


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
    background: BackgroundData | None = None,
) -> tuple[Study, dict[str, dict[str, Any]]]:
    """The study with every supplied input turned into a value, and each linked input's source.

    ``base`` is the folder the study's files are named from (None for a study held without
    one, which can then name no file); ``footprints`` reads suppliers' PACT files and
    ``background`` finds background datasets, each refused by name when absent and needed.
    """
    linked = upstream_inputs(rule)
    activity, parameters = dict(study.activity), dict(study.parameters)
    sources: dict[str, dict[str, Any]] = {}
    suppliers = _Suppliers(computed, footprints, background)
    chosen = {**_named_by_rule(rule, study), **study.supplied}
    for name, supply in chosen.items():
        where = Location(path=f"supplied.{name}")
        if name in study.supplied:
            _refuse_unlinked(name, linked, study, where)
        else:
            where = Location(path=f"{_where_in_rule(rule, name)}.dataset")
        value, unit, source = _resolve(supply, rule, base, linked[name], suppliers, where)
        if name not in study.supplied:
            source = {**source, "named_by": "rule"}
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


def _named_by_rule(rule: RuleStandard, study: Study) -> dict[str, Supply]:
    """The background datasets the rule names for inputs the study neither supplies nor gives.

    A study's own value (supplied, or typed with its source) comes first; the rule's dataset
    comes before the rule's default.
    """
    named = {item.id: item.dataset for item in rule.data_collection.items if item.dataset}
    named.update({pid: p.dataset for pid, p in rule.parameters().items() if p.dataset})
    given = set(study.supplied) | set(study.activity) | set(study.parameters)
    return {name: Supply(dataset=spec) for name, spec in named.items() if name not in given}


def _where_in_rule(rule: RuleStandard, name: str) -> str:
    """Where the rule names the dataset of ``name``, for an error about it."""
    if name in rule.parameters():
        return f"inventory.parameters.{name}"
    return f"data_collection.items.{name}"


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
    rule: RuleStandard,
    base: Path | None,
    upstream: str,
    suppliers: _Suppliers,
    where: Location,
) -> tuple[float, str, dict[str, Any]]:
    """The value, its unit and the source of one supplied input, by the kind that supplies it."""
    if supply.dataset is not None:
        gwp_set = rule.inventory.gwp_set
        return _from_dataset(supply.dataset, upstream, gwp_set, suppliers.background, where)
    if base is None:
        raise StudyError(
            zh="只有磁盘上的研究文件才能引用其他文件提供的输入；请直接填写数值及其来源",
            en="only a study file on disk can name other files for its inputs; give the "
            "value and its source instead",
            location=where,
        )
    path = base / supply.file
    if supply.study is not None:
        return _from_study(path, supply.study, upstream, suppliers.computed, where)
    return _from_pact(path, supply.file, upstream, suppliers.footprints, where)


def _from_pact(
    path: Path, written: str, upstream: str, footprints: Footprints | None, where: Location
) -> tuple[float, str, dict[str, Any]]:
    if footprints is None:
        raise StudyError(
            zh="此处无法读取供应商的 PACT 文件；请通过 pcfrules calc 计算或直接填写数值",
            en="a supplier's PACT file cannot be read here; compute with pcfrules calc or give "
            "the value",
            location=where,
        )
    supplied = footprints.per_unit(path)
    return _per_unit(supplied, {"kind": "pact", "file": written, "upstream": upstream})


def _per_unit(supplied: Supplied, source: dict[str, Any]) -> tuple[float, str, dict[str, Any]]:
    """A footprint per one declared unit as the input's value, ``kg/<unit>``, and its source.

    PACT footprints and background datasets both come this way, so the values machinery
    converts either to the rule's unit exactly as it converts a value the study types.
    """
    unit = f"kg/{supplied.unit}"
    source.update(
        {"value": supplied.kg_co2e, "unit": unit, "label": supplied.label, "year": supplied.year}
    )
    return supplied.kg_co2e, unit, source


def _from_dataset(
    spec: str, upstream: str, gwp_set: str, background: BackgroundData | None, where: Location
) -> tuple[float, str, dict[str, Any]]:
    """A background dataset's footprint, characterised with the rule's GWP set, as the value."""
    if background is None:
        background = SHIPPED  # no store handed in: the extracts pcfrules ships
    found = _asked(background, spec, gwp_set, where)
    supplied = Supplied(found.kg_co2e, found.unit, _dataset_label(found), _dataset_year(found))
    value, unit, source = _per_unit(supplied, {"kind": "dataset", "spec": spec})
    typed = DatasetSource.model_validate({**source, "upstream": upstream, "dataset": found})
    return value, unit, typed.model_dump()


def _asked(
    background: BackgroundData, spec: str, gwp_set: str, where: Location
) -> DatasetFootprint:
    """The store's answer, held to what the study needs: the rule's GWP set, a finite number."""
    try:
        found = background.footprint(spec, gwp_set)
    except PcfrulesError as exc:
        if exc.location.path is None or isinstance(exc, BackgroundError):
            exc.location = where  # the store knows the database, the study knows where
        raise
    if found.gwp_set != gwp_set:
        raise StudyError(
            zh=f"背景数据集“{spec}”按 {found.gwp_set} 表征，而规则采用 {gwp_set}",
            en=f"the background dataset '{spec}' was characterised with {found.gwp_set}, but "
            f"the rule uses {gwp_set}",
            location=where,
        )
    if not math.isfinite(found.kg_co2e):
        raise StudyError(
            zh=f"背景数据集“{spec}”的碳足迹不是有限数值（{found.kg_co2e}）",
            en=f"the background dataset '{spec}' has no finite footprint ({found.kg_co2e})",
            location=where,
        )
    return found


def _dataset_label(found: DatasetFootprint) -> str:
    """The source a supplied value carries into the study (English, as PACT's label is)."""
    return (
        f"background database {found.database} {found.release}, dataset {found.uuid} "
        f"{found.name_en or found.name_zh} ({found.location or '—'}), {found.licence or '—'}, "
        f"kg CO2e per {found.unit} under {found.gwp_set}"
    )


def _dataset_year(found: DatasetFootprint) -> int:
    """The dataset's reference year; without one, the year of the release that published it."""
    if found.year is not None:
        return found.year
    head = found.release[:4]
    return int(head) if head.isdigit() else 0


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
            zh=f"研究相互提供输入形成循环：{loop}；请用 pcfrules chain 将其作为一个系统一并求解",
            en=f"linked studies form a loop: {loop}; solve them together as one system with "
            "pcfrules chain",
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
