"""REST: the token's organisations, their studies, jobs, results and files.

The spaces decide what the person may see and do: another organisation's study or job is
refused in the same words as a missing one (404), and an organisation the person is not in
as forbidden (403), whether it exists or not.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile

from pcfrules.jobs.store import JobView
from pcfrules.studies import Result
from pcfrules.web.api import models
from pcfrules.web.api.common import FILE, MAX_ID, PREFIX, file_response, problems
from pcfrules.web.deps import ApiAccount, Svc

router = APIRouter(prefix=PREFIX, tags=["studies · 研究"])
Code = Annotated[str, Path(min_length=1, max_length=40, description="e.g. DEMO-CEMENT")]
StudyId = Annotated[int, Path(ge=1, le=MAX_ID)]
JobId = Annotated[int, Path(ge=1, le=MAX_ID)]
Lang = Annotated[Literal["zh", "en"], Query(description="language of made files")]
What = Literal["result", "pact", "cbam", "battery", "label-svg", "label-png"]


def _job(code: str, view: JobView) -> models.Job:
    error = models.Bilingual(zh=view.error_zh, en=view.error_en) if view.error_en else None
    return models.Job(
        id=view.id,
        organisation=code,
        kind=view.kind,
        subject=view.subject,
        state=view.state,
        progress=view.progress,
        step=models.Bilingual(zh=view.step_zh, en=view.step_en),
        error=error,
        created=view.created,
        started=view.started,
        finished=view.finished,
        result_name=view.result_name,
        result_type=view.result_type,
    )


def _queued(request: Request, response: Response, job: models.Job) -> models.Job:
    """202 Accepted, with where to follow the job."""
    response.status_code = 202
    response.headers["Location"] = str(request.url_for("get_job", job_id=job.id))
    return job


@router.get(
    "/organisations",
    response_model=list[models.Organisation],
    summary="我的机构 · My organisations",
    responses=problems(),
)
def organisations(svc: Svc, account: ApiAccount) -> list[models.Organisation]:
    """The enterprises and verifiers the token's person belongs to, with their role."""
    rows = svc.spaces.organisations_of(account.person)
    return [models.Organisation.model_validate(row) for row in rows]


@router.get(
    "/organisations/{code}/studies",
    response_model=list[models.Study],
    summary="研究列表 · Studies of the space",
    responses=problems(403),
)
def studies(svc: Svc, account: ApiAccount, code: Code) -> list[models.Study]:
    """An enterprise's own studies, or those shared with a verifier; newest first."""
    rows = svc.spaces.studies(code, account.person)
    return [models.Study.model_validate(row) for row in rows]


@router.post(
    "/organisations/{code}/studies",
    status_code=201,
    response_model=models.Study,
    summary="上传研究（填好的工作簿或研究文件）· Upload a study (workbook or study file)",
    responses=problems(403),
)
def upload(
    request: Request,
    response: Response,
    svc: Svc,
    account: ApiAccount,
    code: Code,
    file: Annotated[UploadFile, File(description="a filled workbook (.xlsx) or a study file")],
    rule: Annotated[str | None, Form(max_length=200, description="id@version")] = None,
) -> models.Study:
    """Keep the study with its check's findings; an unreadable file keeps nothing (422)."""
    data = file.file.read()
    kept = svc.spaces.upload(code, account.person, file.filename or "upload", data, rule or None)
    response.headers["Location"] = str(request.url_for("get_study", code=code, study_id=kept.id))
    return models.Study.model_validate(kept)


@router.get(
    "/organisations/{code}/studies/{study_id}",
    response_model=models.Study,
    summary="研究详情 · A study",
    responses=problems(403, 404),
)
def get_study(svc: Svc, account: ApiAccount, code: Code, study_id: StudyId) -> models.Study:
    """One study of the space, with its findings and, once computed, its total."""
    return models.Study.model_validate(svc.spaces.study(code, account.person, study_id))


@router.post(
    "/organisations/{code}/studies/{study_id}/compute",
    status_code=202,
    response_model=models.Job,
    summary="计算（后台任务）· Compute (a job)",
    responses=problems(403, 404),
)
def compute(
    request: Request,
    response: Response,
    svc: Svc,
    account: ApiAccount,
    code: Code,
    study_id: StudyId,
    body: models.Compute | None = None,
) -> models.Job:
    """Queue the calculation; follow it at the ``Location`` the answer gives."""
    options = body or models.Compute()
    job_id = svc.spaces.compute(code, account.person, study_id, options.samples, options.seed)
    return _queued(request, response, _job(code, svc.spaces.job(code, account.person, job_id)))


@router.post(
    "/organisations/{code}/studies/{study_id}/report",
    status_code=202,
    response_model=models.Job,
    summary="PDF 报告（后台任务）· PDF report (a job)",
    responses=problems(403, 404),
)
def report(
    request: Request,
    response: Response,
    svc: Svc,
    account: ApiAccount,
    code: Code,
    study_id: StudyId,
    lang: Lang = "zh",
) -> models.Job:
    """Queue the study's PDF report; its file is the job's result when done."""
    job_id = svc.spaces.report_job(code, account.person, study_id, lang)
    return _queued(request, response, _job(code, svc.spaces.job(code, account.person, job_id)))


@router.get(
    "/organisations/{code}/studies/{study_id}/result",
    response_model=Result,
    summary="计算结果 · The study's result",
    responses=problems(403, 404),
)
def result(svc: Svc, account: ApiAccount, code: Code, study_id: StudyId) -> Result:
    """The footprint per functional unit with its breakdowns (422 before it is computed)."""
    return svc.spaces.result(code, account.person, study_id)


@router.get(
    "/organisations/{code}/studies/{study_id}/exports/{what}",
    response_class=Response,
    summary="导出（结果、PACT、CBAM、电池、标识）· Export (result, PACT, CBAM, battery, label)",
    responses={**FILE, **problems(403, 404)},
)
def export(
    svc: Svc,
    account: ApiAccount,
    code: Code,
    study_id: StudyId,
    what: What,
    lang: Lang = "zh",
    energy_kwh: Annotated[float | None, Query(gt=0, le=1e12, description="battery's")] = None,
) -> Response:
    """A computed study as a file.

    Its result or PACT footprint (JSON), the CBAM template filled, the battery declaration,
    the carbon label (SVG or PNG).
    """
    name, media_type, data = svc.spaces.export(
        code, account.person, study_id, what, lang, energy_kwh
    )
    return file_response(name, media_type, data)


@router.get(
    "/jobs/{job_id}",
    response_model=models.Job,
    summary="任务状态 · A job's state",
    responses=problems(404),
    tags=["jobs · 任务"],
)
def get_job(svc: Svc, account: ApiAccount, job_id: JobId) -> models.Job:
    """State (queued, running, done, failed), progress 0–1, and the error if it failed."""
    code, view = svc.spaces.job_of(account.person, job_id)
    return _job(code, view)


@router.get(
    "/jobs/{job_id}/result",
    response_class=Response,
    summary="任务结果文件 · A done job's file",
    responses={**FILE, **problems(404)},
    tags=["jobs · 任务"],
)
def job_result(svc: Svc, account: ApiAccount, job_id: JobId) -> Response:
    """The file a done job made (a PDF report); a computation's result is the study's."""
    code, _ = svc.spaces.job_of(account.person, job_id)
    return file_response(*svc.spaces.job_result(code, account.person, job_id))
