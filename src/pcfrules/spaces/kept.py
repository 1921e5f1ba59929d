"""A kept study's calculation: its rule found again, its footprint computed and stored.

No authorisation here: these are what :class:`~pcfrules.spaces.service.Spaces` calls once
it has checked who asks, and what the spaces' Dask tasks (``spaces.tasks``) call on a
worker for a job the service queued. The rule is the one the kept study pinned when it was
uploaded (id, version, fingerprint, source), found again through the registry of the same
database for ``id@version``; a text that changed since is refused, never computed under.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from pcfrules.background.sources import Backgrounds
from pcfrules.errors import Location, NotInSpaceError, SpaceError
from pcfrules.interchange.pact import product_footprint
from pcfrules.registry import Registry
from pcfrules.registry.db import session_factory, writer
from pcfrules.rules.sources import FoundRule
from pcfrules.spaces.models import KeptStudy
from pcfrules.studies import Result, parse_result, rule_for, run_study
from pcfrules.studies.model import Study
from pcfrules.studies.run import Advance


@dataclass(frozen=True)
class Computed:
    """A computed kept study: the study, the rule it follows and its result."""

    id: int
    study: Study
    found: FoundRule
    result: Result

    @property
    def stem(self) -> str:
        """The name its files are given: ``<rule id>-study-<id>``."""
        return f"{self.found.rule.identity.id}-study-{self.id}"


def no_such_study(study_id: int) -> NotInSpaceError:
    """The refusal for a study that is not in the asker's space, or does not exist at all."""
    return NotInSpaceError(
        zh=f"你的空间中没有编号为 {study_id} 的研究",
        en=f"no study {study_id} in your space",
        location=Location(path="study_id"),
    )


def study_of(row: KeptStudy) -> Study:
    """The Study a kept study holds (validated when it was uploaded)."""
    return Study.model_validate_json(row.study_json)


def rule_of(row: KeptStudy, registry: Registry) -> FoundRule:
    """The rule the kept study pinned, found again (refused if its text changed)."""
    return rule_for(study_of(row), None, None, registry)


def result_of(row: KeptStudy) -> Result:
    """The stored result; refused while the study has not been computed."""
    if not row.result_json:
        raise SpaceError(
            zh=f"研究 {row.id} 尚未计算：请先计算",
            en=f"study {row.id} has not been computed yet: compute it first",
            location=Location(path="study"),
        )
    return parse_result(json.loads(row.result_json), f"study:{row.id}")


def computed(engine: Engine, study_id: int) -> Computed:
    """A computed kept study, read with its rule and result."""
    with session_factory(engine)() as session:
        row = session.get(KeptStudy, study_id)
        if row is None:
            raise no_such_study(study_id)
        return Computed(row.id, study_of(row), rule_of(row, Registry(engine)), result_of(row))


def compute(
    engine: Engine,
    study_id: int,
    samples: int = 0,
    seed: int = 1,
    advance: Advance | None = None,
    at: datetime | None = None,
) -> Computed:
    """Compute a kept study (``advance`` hears the Monte Carlo's draws) and store its result."""
    with session_factory(engine)() as session:
        row = session.get(KeptStudy, study_id)
        if row is None:
            raise no_such_study(study_id)
        refuse_if_published(row)
        study, found = study_of(row), rule_of(row, Registry(engine))
    datasets = Backgrounds(lambda: engine)  # the platform's own imported databases first
    result = run_study(study, found, samples, seed, None, advance, background=datasets)
    store_result(engine, study_id, result, at or datetime.now())
    return Computed(study_id, study, found, result)


def refuse_if_published(row: KeptStudy) -> None:
    """A published footprint is served as it is: it is never recomputed underneath."""
    if row.published:
        raise SpaceError(
            zh=f"研究 {row.id} 已公开发布，不能重新计算；请先撤回发布",
            en=f"study {row.id} is published: it is not recomputed; unpublish it first",
            location=Location(path="study"),
        )


def store_result(engine: Engine, study_id: int, result: Result, at: datetime) -> None:
    """Keep ``result`` as the study's, unless the study was published (or removed) meanwhile."""
    with session_factory(writer(engine)).begin() as session:
        row = session.get(KeptStudy, study_id)
        if row is None:
            raise no_such_study(study_id)
        refuse_if_published(row)
        row.result_json = result.to_json().decode("utf-8")
        row.updated = at


def footprint(row: KeptStudy) -> dict[str, Any]:
    """The PACT v3 ProductFootprint served for a published study, under its PACT id."""
    served = product_footprint(result_of(row))
    served["id"] = row.pact_id
    served["created"] = row.updated.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return served
