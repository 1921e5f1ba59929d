"""A job's page: its progress while it runs (htmx polls a fragment), then its result or why not.

The page holds no script of its own: the fragment carries ``hx-get`` and ``hx-trigger="every
1s"`` while the job is unfinished and is swapped for itself; the last one (done or failed)
carries neither, so the polling stops there. A job of another organisation answers as a
missing one (``Spaces.job_of``), and so does its download.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from pcfrules.jobs.models import STATES
from pcfrules.web.deps import SignedIn, Svc, csrf_protect
from pcfrules.web.downloads import attachment
from pcfrules.web.templating import page

router = APIRouter(dependencies=[Depends(csrf_protect)])
KINDS = {
    "compute": ("计算产品碳足迹", "Computing the footprint"),
    "report": ("生成 PDF 研究报告", "Making the PDF study report"),
}


def _context(svc: Svc, person: str, job_id: int) -> dict[str, object]:
    code, job = svc.spaces.job_of(person, job_id)
    kind, _, subject = job.subject.partition(":")
    study = int(subject) if kind == "study" and subject.isdigit() else None
    return {"code": code, "job": job, "study_id": study, "kinds": KINDS, "states": STATES}


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, svc: Svc, visitor: SignedIn, job_id: int) -> HTMLResponse:
    """The job, its progress bar and what it is doing, polled until it ends."""
    return page(request, "studies/job.html", _context(svc, visitor.account.person, job_id))


@router.get("/jobs/{job_id}/progress", response_class=HTMLResponse)
def progress(request: Request, svc: Svc, visitor: SignedIn, job_id: int) -> HTMLResponse:
    """The fragment htmx swaps in every second: progress, then the result's link or the reason."""
    context = _context(svc, visitor.account.person, job_id)
    return page(request, "studies/_progress.html", context)


@router.get("/jobs/{job_id}/download", response_class=Response)
def download(svc: Svc, visitor: SignedIn, job_id: int) -> Response:
    """A done job's file (the PDF report)."""
    person = visitor.account.person
    code, _ = svc.spaces.job_of(person, job_id)
    name, media, data = svc.spaces.job_result(code, person, job_id)
    return Response(data, media_type=media, headers={"content-disposition": attachment(name)})
