"""Long work on dask.distributed: the runner, each job's progress and result, the catalogue.

Owns jobs that run use cases of the rooms below for longer than a request may take: the
runner (``runner.py``: an in-process ``LocalCluster`` by default, any scheduler in
production), the frame a task runs in and writes its own progress through
(``progress.py``), the job table read back (``store.py``) and the platform's own tasks
(``tasks.py``: the whole catalogue, ``catalogue.py``). It stays generic: tasks on an
enterprise's kept studies live in ``pcfrules.spaces.tasks``, which imports this room and
not the other way round. The CLI and the web only start jobs and show them.

``JobRunner`` is imported from ``pcfrules.jobs.runner``: it needs dask.distributed (the
``web`` extra), which nothing else here does, so ``pcfrules demo`` runs without it.
"""

from __future__ import annotations

from pcfrules.jobs.catalogue import CatalogueRow, CatalogueRun, run_catalogue
from pcfrules.jobs.progress import Progress, run
from pcfrules.jobs.store import JobView, job, job_result, jobs_of

__all__ = [
    "CatalogueRow",
    "CatalogueRun",
    "JobView",
    "Progress",
    "job",
    "job_result",
    "jobs_of",
    "run",
    "run_catalogue",
]
