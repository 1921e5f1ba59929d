"""A task's own account of itself: running, how far it is, then its result or why it failed.

A task runs on a Dask worker, which may be another machine than the server that queued it,
so it is handed the database URL and its job's id, never an open connection: a
:class:`Progress` opens its own engine and writes the job's row itself. Progress is written
at most every :data:`INTERVAL` seconds (a Monte Carlo advances hundreds of times a second;
the database hears of it five times), and always when the job ends.

:func:`run` is the frame every task runs in: the work returns its result (file name, media
type, bytes) and the job is done; a :class:`~pcfrules.errors.PcfrulesError` fails it with
the error's own bilingual message; any other exception is a bug: it is logged with its
traceback, and the job says "internal error" with the exception's type only, so no
traceback (nor what it might hold) ever reaches the person who asked.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from sqlalchemy import Engine

from pcfrules.errors import PcfrulesError
from pcfrules.jobs import store
from pcfrules.registry.db import make_engine

INTERVAL = 0.2  # seconds between two progress writes of one job
Outcome = tuple[str, str, bytes]  # the result's file name, media type and bytes
log = logging.getLogger(__name__)


class Progress:
    """The job ``job_id``'s row, written by the task that does the work."""

    def __init__(self, url: str, job_id: int) -> None:
        self.engine: Engine = make_engine(url)
        self.job_id = job_id
        self._written = -math.inf  # when progress was last written (time.monotonic)

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the database connections."""
        self.engine.dispose()

    def start(self) -> bool:
        """Mark the job running; False when it was ended meanwhile (then do not run it)."""
        return store.change(
            self.engine, self.job_id, {"state": "running", "started": datetime.now()}
        )

    def step(self, fraction: float, zh: str, en: str) -> None:
        """Say how far the work is (0 … 1) and what it is doing, at most every INTERVAL s."""
        moment = time.monotonic()
        if moment - self._written < INTERVAL:
            return
        self._written = moment
        shown = min(max(fraction, 0.0), 1.0)
        store.change(
            self.engine, self.job_id, {"progress": shown, "step_zh": zh[:200], "step_en": en[:200]}
        )

    def counter(
        self, total: int, zh: str, en: str, start: float = 0.0, end: float = 1.0
    ) -> Callable[[int], None]:
        """A hook counting ``total`` units of work (draws, steps) from ``start`` to ``end``.

        It is what the engine's Monte Carlo (``advance(draws_done)``) and the catalogue
        (one call per step) report through.
        """
        done = 0

        def count(units: int) -> None:
            nonlocal done
            done += units
            self.step(start + (end - start) * min(done, total) / max(total, 1), zh, en)

        return count

    def done(self, name: str, media_type: str, data: bytes) -> None:
        """End the job with its result."""
        store.change(
            self.engine,
            self.job_id,
            {
                "state": "done",
                "progress": 1.0,
                "step_zh": "已完成",
                "step_en": "done",
                "finished": datetime.now(),
                "result_name": name[:200],
                "result_type": media_type[:100],
                "result_bytes": data,
            },
        )

    def failed(self, zh: str, en: str) -> None:
        """End the job as failed, saying why in both languages."""
        store.fail(self.engine, self.job_id, zh, en, datetime.now())


def run(url: str, job_id: int, work: Callable[[Progress], Outcome]) -> None:
    """Do ``work`` as job ``job_id``: its progress, result or failure written to the job."""
    with Progress(url, job_id) as progress:
        if not progress.start():
            return  # ended before a worker took it (interrupted): nobody waits for it
        try:
            name, media_type, data = work(progress)
        except PcfrulesError as exc:
            progress.failed(exc.message("zh"), exc.message("en"))
        except Exception as exc:
            log.exception("job %s (%s) failed with a bug", job_id, type(exc).__name__)
            zh, en = internal_error(exc)
            progress.failed(zh, en)
        else:
            progress.done(name, media_type, data)


def internal_error(exc: BaseException) -> tuple[str, str]:
    """What a job says of a bug: the exception's type, never its message or traceback."""
    kind = type(exc).__name__
    return (
        f"内部错误（{kind}）：这是 pcfrules 的缺陷，已记入服务器日志；请重试，或报告此问题",
        f"internal error ({kind}): a bug in pcfrules, written to the server's log; "
        "try again, or report it",
    )
