"""Long work on kept studies, as Dask tasks: a study computed (Monte Carlo), its PDF report.

They live here, not in ``pcfrules.jobs``, because they read and write the spaces' tables and
``jobs`` does not import ``spaces``; they run in the jobs room's frame
(``jobs.progress.run``), which writes their progress, result or failure to the job. Each is
a module-level function ``task(url, job_id, *args)``, so Dask pickles it by name. The
service (``spaces.service``) has already checked who asked before it queued one.
"""

from __future__ import annotations

from pcfrules.jobs.progress import Outcome, Progress, run
from pcfrules.spaces import exports, kept


def compute_study(url: str, job_id: int, study_id: int, samples: int, seed: int) -> None:
    """Compute kept study ``study_id`` (``samples`` Monte Carlo draws) and store its result.

    The job's result is the Result JSON, which the kept study keeps too.
    """
    run(url, job_id, lambda progress: _compute(progress, study_id, samples, seed))


def _compute(progress: Progress, study_id: int, samples: int, seed: int) -> Outcome:
    progress.step(0.0, "计算产品碳足迹", "computing the footprint")
    draws = progress.counter(samples, "蒙特卡洛抽样", "Monte Carlo draws", 0.05, 0.95)
    made = kept.compute(progress.engine, study_id, samples, seed, draws if samples else None)
    return exports.export(made, "result")


def report_pdf(url: str, job_id: int, study_id: int, lang: str) -> None:
    """The PDF study report of computed kept study ``study_id``, in ``lang``."""
    run(url, job_id, lambda progress: _report(progress, study_id, lang))


def _report(progress: Progress, study_id: int, lang: str) -> Outcome:
    progress.step(0.1, "生成 PDF 研究报告", "making the PDF study report")
    return exports.report(kept.computed(progress.engine, study_id), "pdf", lang)
