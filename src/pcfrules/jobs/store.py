"""The job table read and written: what a page or an API client asks of a job, and its result.

A job's row is its whole story (``jobs.models.Job``): the runner creates it ``queued``, the
task itself (``jobs.progress``) moves it to ``running``, writes its progress and ends it
``done`` with its result or ``failed`` with a bilingual reason. Only an unfinished job is
ever changed, so a job that was ended (say, marked interrupted when its server restarted)
is never brought back by a late write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import defer

from pcfrules.errors import JobError, Location, NoSuchJobError
from pcfrules.jobs.models import STATES, Job
from pcfrules.registry.db import session_factory, writer

UNFINISHED = ("queued", "running")


@dataclass(frozen=True)
class JobView:
    """A job as pages and the API show it (its result's bytes are fetched apart)."""

    id: int
    kind: str
    subject: str
    organisation_id: int | None
    state: str
    progress: float
    step_zh: str
    step_en: str
    error_zh: str
    error_en: str
    created: datetime
    started: datetime | None
    finished: datetime | None
    result_name: str
    result_type: str


def create(
    engine: Engine,
    kind: str,
    subject: str,
    organisation_id: int | None,
    person_id: int | None,
    created: datetime,
) -> int:
    """A new ``queued`` job's id."""
    with session_factory(writer(engine)).begin() as session:
        row = Job(
            kind=kind,
            subject=subject,
            organisation_id=organisation_id,
            person_id=person_id,
            state="queued",
            created=created,
        )
        session.add(row)
        session.flush()
        return row.id


def change(engine: Engine, job_id: int, values: Mapping[str, Any]) -> bool:
    """Write ``values`` into the job if it is still unfinished; True when it was."""
    statement = update(Job).where(Job.id == job_id, Job.state.in_(UNFINISHED)).values(dict(values))
    with session_factory(writer(engine)).begin() as session:
        return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def fail(engine: Engine, job_id: int, zh: str, en: str, at: datetime) -> bool:
    """End an unfinished job as failed, for the reason given; True when it was unfinished."""
    return change(engine, job_id, _failure(zh, en, at))


def fail_unfinished(engine: Engine, zh: str, en: str, at: datetime) -> int:
    """End every unfinished job as failed (nothing runs them any more); how many there were."""
    statement = update(Job).where(Job.state.in_(UNFINISHED)).values(_failure(zh, en, at))
    with session_factory(writer(engine)).begin() as session:
        return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def _failure(zh: str, en: str, at: datetime) -> dict[str, Any]:
    return {"state": "failed", "error_zh": zh, "error_en": en, "finished": at}


def job(engine: Engine, job_id: int) -> JobView:
    """One job; :class:`JobError` when there is none with that id."""
    with session_factory(engine)() as session:
        row = session.scalar(select(Job).options(defer(Job.result_bytes)).where(Job.id == job_id))
        if row is None:
            raise no_such_job(job_id)
        return _view(row)


def job_result(engine: Engine, job_id: int) -> tuple[str, str, bytes]:
    """A done job's result: file name, media type and bytes; :class:`JobError` before."""
    with session_factory(engine)() as session:
        row = session.get(Job, job_id)
        if row is None:
            raise no_such_job(job_id)
        if row.state != "done" or row.result_bytes is None:
            raise JobError(
                zh=f"任务 {job_id} 尚无结果（状态：{_state(row.state)[0]}）",
                en=f"job {job_id} has no result (it is {_state(row.state)[1]})",
                location=Location(path="job"),
            )
        return row.result_name, row.result_type, row.result_bytes


def jobs_of(engine: Engine, organisation_id: int | None, limit: int = 50) -> list[JobView]:
    """An organisation's jobs (``None``: the platform's own), newest first."""
    owner = (
        Job.organisation_id.is_(None)
        if organisation_id is None
        else Job.organisation_id == organisation_id
    )
    statement = (
        select(Job).options(defer(Job.result_bytes)).where(owner).order_by(Job.id.desc())
    ).limit(limit)
    with session_factory(engine)() as session:
        return [_view(row) for row in session.scalars(statement)]


def no_such_job(job_id: int) -> NoSuchJobError:
    """The refusal for a job id that names no job (or none the asker may see)."""
    return NoSuchJobError(
        zh=f"没有编号为 {job_id} 的任务", en=f"no job {job_id}", location=Location(path="job_id")
    )


def _state(state: str) -> tuple[str, str]:
    return STATES.get(state, (state, state))


def _view(row: Job) -> JobView:
    return JobView(
        id=row.id,
        kind=row.kind,
        subject=row.subject,
        organisation_id=row.organisation_id,
        state=row.state,
        progress=row.progress,
        step_zh=row.step_zh,
        step_en=row.step_en,
        error_zh=row.error_zh,
        error_en=row.error_en,
        created=row.created,
        started=row.started,
        finished=row.finished,
        result_name=row.result_name,
        result_type=row.result_type,
    )
