"""The platform's own long work as Dask tasks: the whole catalogue.

Each task is a module-level function ``task(url, job_id, *args)`` (so Dask pickles it by
name) that runs inside :func:`pcfrules.jobs.progress.run`. Work on an enterprise's kept
studies (computing one, its PDF report) is ``pcfrules.spaces.tasks``: it reads and writes
the spaces' tables, which this room does not import, and uses this room's ``Progress``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from pcfrules.jobs.catalogue import CatalogueRun, run_catalogue, total_steps
from pcfrules.jobs.progress import Outcome, Progress, run


def catalogue(url: str, job_id: int, out_dir: str) -> None:
    """Every catalogue rule checked, rendered and computed into ``out_dir`` (``make demo``).

    The job's result is the run's summary (JSON): each rule's row, the rules that failed
    and why, the demo registry and the numbers it published.
    """
    run(url, job_id, lambda progress: _catalogue(progress, Path(out_dir)))


def _catalogue(progress: Progress, out: Path) -> Outcome:
    count = progress.counter(total_steps(), "生成目录中的规则文本与示例", "making the catalogue")
    made = run_catalogue(out, lambda: count(1))
    return "catalogue.json", "application/json", _summary(made)


def _summary(made: CatalogueRun) -> bytes:
    body = {
        "ok": made.ok,
        "rows": [asdict(row) for row in made.rows],
        "failures": {
            rule_id: {"zh": exc.message("zh"), "en": exc.message("en")}
            for rule_id, exc in made.failures.items()
        },
        "registry": str(made.registry) if made.registry else None,
        "published": made.published,
    }
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
