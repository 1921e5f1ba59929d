"""Long work handed to dask.distributed, one job row per piece of work.

A :class:`JobRunner` owns a Dask ``Client``: by default to an in-process ``LocalCluster``
(threads, no worker processes) whose scheduler and workers speak Dask's in-process
transport and whose HTTP endpoints (Dask starts one per node even without a dashboard) are
bound to the loopback address, so the server opens no port to the network; or, given a
scheduler address (``PCFRULES_DASK_SCHEDULER``), to that cluster, whose workers must reach
the same database URL.

:meth:`JobRunner.submit` creates the job's row (``queued``) and hands Dask a task, a
module-level function called as ``task(url, job_id, *args)`` that writes its own progress
and result (``jobs.progress``). The runner keeps each future until it finishes, so Dask
never drops work nobody holds; a future that ends in error (the task could not even reach
the database, or its worker was lost) fails its job here.

The jobs a server's own cluster was running when the server stopped can never finish: a
runner that owns its cluster marks every unfinished job failed ("interrupted, run it
again") when it starts. So one process, and only one, owns a ``LocalCluster`` on a given
database; several servers share a scheduler instead.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime
from functools import partial
from types import TracebackType
from typing import Any

from distributed import Client, Future, LocalCluster

from pcfrules.errors import JobError, Location
from pcfrules.jobs import store
from pcfrules.jobs.progress import internal_error
from pcfrules.registry.db import make_engine

SCHEDULER_VARIABLE = "PCFRULES_DASK_SCHEDULER"
LOOPBACK = "127.0.0.1:0"  # any free port of the loopback address
INTERRUPTED = (
    "任务因服务器重启而中断，请重新运行",
    "interrupted (the server stopped while it ran): run it again",
)
log = logging.getLogger(__name__)


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The scheduler to use: given, else ``PCFRULES_DASK_SCHEDULER``, else none (local)."""
    return scheduler or os.environ.get(SCHEDULER_VARIABLE, "").strip() or None


class JobRunner:
    """Jobs run on Dask: an in-process cluster of its own, or a scheduler's."""

    def __init__(self, engine_url: str, scheduler: str | None = None) -> None:
        self.url = engine_url
        self.engine = make_engine(engine_url)
        self._futures: dict[int, Future[None]] = {}
        self._lock = threading.Lock()
        address = scheduler_address(scheduler)
        self.cluster: LocalCluster | None = None
        if address is None:
            zh, en = INTERRUPTED
            store.fail_unfinished(self.engine, zh, en, datetime.now())
            self.cluster = LocalCluster(
                processes=False,
                n_workers=1,
                threads_per_worker=2,
                dashboard_address=None,
                worker_dashboard_address=LOOPBACK,
                scheduler_kwargs={"dashboard_address": LOOPBACK},
            )
            self.client = Client(self.cluster, set_as_default=False)
        else:
            self.client = _connect(address)

    def __enter__(self) -> JobRunner:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def submit(
        self,
        kind: str,
        task: Callable[..., Any],
        *args: Any,
        organisation_id: int | None = None,
        person_id: int | None = None,
        subject: str = "",
    ) -> int:
        """Queue ``task(url, job_id, *args)`` as a new job of ``kind``; returns the job's id."""
        job_id = store.create(
            self.engine, kind, subject[:100], organisation_id, person_id, datetime.now()
        )
        try:
            future = self.client.submit(
                task, self.url, job_id, *args, key=f"pcfrules-job-{job_id}", pure=False
            )
        except Exception as exc:
            zh, en = internal_error(exc)
            store.fail(self.engine, job_id, zh, en, datetime.now())
            raise JobError(
                zh="无法将任务交给 Dask 调度器", en="the Dask scheduler did not take the job"
            ) from exc
        with self._lock:
            self._futures[job_id] = future
        future.add_done_callback(partial(self._finished, job_id))
        return job_id

    def pending(self) -> list[int]:
        """The jobs handed to Dask whose futures have not finished yet."""
        with self._lock:
            return sorted(self._futures)

    def _finished(self, job_id: int, future: Future[None]) -> None:
        """Drop a finished future; one in error, cancelled or lost fails its job (if unfinished)."""
        with self._lock:
            self._futures.pop(job_id, None)
        if future.status == "finished":
            return
        if future.status == "error":
            exc = future.exception()
            log.error("job %s: its task did not run to its end", job_id, exc_info=exc)
            zh, en = internal_error(exc)
        else:
            zh, en = INTERRUPTED
        store.fail(self.engine, job_id, zh, en, datetime.now())

    def close(self) -> None:
        """Stop: the client, and the cluster when it is ours (its unfinished jobs end failed)."""
        left = self.pending()
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
            zh, en = INTERRUPTED
            for job_id in left:
                store.fail(self.engine, job_id, zh, en, datetime.now())
        self.engine.dispose()


def _connect(address: str) -> Client:
    """A client of the scheduler at ``address``; a bilingual error when it cannot be reached."""
    try:
        return Client(address, set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:  # no answer, or not an address
        raise JobError(
            zh=f"无法连接 Dask 调度器 {address}（{type(exc).__name__}）",
            en=f"cannot reach the Dask scheduler at {address} ({type(exc).__name__})",
            location=Location(path=SCHEDULER_VARIABLE),
        ) from exc
