"""An enterprise's studies: pick a standard, fill its workbook, upload, compute, read, declare.

The journey: ``/studies`` (one's organisations and the studies each keeps) → a standard's
data workbook → the filled workbook uploaded (its findings name the cells at fault) → the
study page → computed as a job (``/jobs/{id}``) → the result with its charts, its files,
sharing with a verifier and publishing to PACT; two studies under one standard compared.
Every call goes to ``Spaces``, which decides who may do what: a verifier's members see the
studies shared with them, read-only, and another enterprise's study answers as a missing one.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pcfrules.errors import PcfrulesError
from pcfrules.registry.workflow import LIVE, STATES
from pcfrules.rules.model import Lang
from pcfrules.rules.sources import find
from pcfrules.rules.workbook import workbook_bytes
from pcfrules.spaces.models import KINDS
from pcfrules.web.deps import SignedIn, Svc, csrf_protect
from pcfrules.web.downloads import attachment
from pcfrules.web.i18n import page_lang, pick
from pcfrules.web.pages.figures import ORIGINS, comparison_chart, figures, spread
from pcfrules.web.services import Services
from pcfrules.web.templating import page

router = APIRouter(dependencies=[Depends(csrf_protect)])
Code = Annotated[str, Query(max_length=40)]
EXPORTS = ("pact", "cbam", "battery", "label-svg", "label-png", "result")


def _standards(svc: Services) -> list[dict[str, Any]]:
    """The registry's standards in force (published and after), with their titles."""
    registry = svc.registry()
    shown = []
    for standard in registry.standards():
        if standard["state"] in LIVE:
            rule = registry.version_rule(standard["rule_id"], standard["version"])
            shown.append(
                {**standard, "title": rule.identity.title, "product": rule.identity.product}
            )
    return shown


@router.get("/studies", response_class=HTMLResponse)
def studies(request: Request, svc: Svc, visitor: SignedIn, org: Code = "") -> HTMLResponse:
    """One's organisations and, in each, the studies it keeps (or that are shared with it)."""
    person = visitor.account.person
    spaces = [
        (o, svc.spaces.studies(o.code, person))
        for o in svc.spaces.organisations_of(person)
        if not org or o.code == org
    ]
    return page(request, "studies/index.html", {"spaces": spaces, "kinds": KINDS})


@router.get("/studies/workbooks/{rule_id}/{version}", response_class=Response)
def workbook(request: Request, svc: Svc, visitor: SignedIn, rule_id: str, version: str) -> Response:
    """A standard's data workbook, in the page's language, named after the standard."""
    found = find(f"{rule_id}@{version}", svc.registry())
    lang: Lang = "en" if page_lang(request) == "en" else "zh"
    data = workbook_bytes(found, lang)
    name = f"{rule_id}-{version}-{pick(lang, '数据收集表', 'workbook')}.xlsx"
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": attachment(name)},
    )


@router.get("/studies/{code}/new", response_class=HTMLResponse)
def new_study(request: Request, svc: Svc, visitor: SignedIn, code: str) -> HTMLResponse:
    """Step 1 and 2 of a new study: a standard's workbook, then the filled one uploaded."""
    return _new_page(request, svc, visitor.account.person, code)


def _new_page(
    request: Request,
    svc: Services,
    person: str,
    code: str,
    error: PcfrulesError | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "org": svc.spaces.organisation(code, person),
        "standards": _standards(svc),
        "error": error,
        "states": STATES,
    }
    return page(request, "studies/new.html", context, status)


@router.post("/studies/{code}/upload", response_class=HTMLResponse)
async def upload(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    code: str,
    file: Annotated[UploadFile, File()],
) -> Response:
    """Keep the filled workbook (or study file) with its check; refused whole when unreadable."""
    person = visitor.account.person
    data = await file.read()
    try:
        view = svc.spaces.upload(code, person, file.filename or "upload", data)
    except PcfrulesError as exc:
        return _new_page(request, svc, person, code, exc, 422)
    return RedirectResponse(f"/studies/{code}/{view.id}", status_code=303)


@router.get("/studies/{code}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    code: str,
    a: Annotated[int, Query()],
    b: Annotated[int, Query()],
) -> HTMLResponse:
    """Two studies under one standard side by side; the room's refusal for two standards."""
    person, lang = visitor.account.person, page_lang(request)
    first, second = svc.spaces.study(code, person, a), svc.spaces.study(code, person, b)
    context: dict[str, Any] = {
        "org": svc.spaces.organisation(code, person),
        "a": first,
        "b": second,
    }
    try:
        compared = svc.spaces.compare(code, person, a, b)
    except PcfrulesError as exc:
        return page(request, "studies/compare.html", {**context, "error": exc}, 422)
    rule = svc.spaces.rule(code, person, a)
    stages = {s.id: pick(lang, s.name.zh, s.name.en) for s in rule.boundary.stages}
    names = {**stages, **{k: pick(lang, *v) for k, v in ORIGINS.items()}}
    chart = comparison_chart(compared, stages, f"#{a}", f"#{b}")
    context |= {"compared": compared, "names": names, "chart": chart}
    return page(request, "studies/compare.html", context)


@router.get("/studies/{code}/{study_id}", response_class=HTMLResponse)
def study(request: Request, svc: Svc, visitor: SignedIn, code: str, study_id: int) -> HTMLResponse:
    """A study: its check's findings, and once computed its footprint, charts and files."""
    return page(
        request,
        "studies/study.html",
        _study_context(request, svc, visitor.account.person, code, study_id),
    )


def _study_context(
    request: Request, svc: Services, person: str, code: str, study_id: int
) -> dict[str, Any]:
    view = svc.spaces.study(code, person, study_id)
    lang = page_lang(request)
    context: dict[str, Any] = {
        "org": svc.spaces.organisation(code, person),
        "study": view,
        "errors": [f for f in view.findings if f["severity"] == "error"],
        "rule": svc.spaces.rule(code, person, study_id),
        "others": [s for s in svc.spaces.studies(code, person) if s.computed and s.id != view.id
                   and s.rule_id == view.rule_id],
    }  # fmt: skip
    if view.computed:
        result = svc.spaces.result(code, person, study_id)
        context |= {
            "result": result,
            "figures": figures(result, context["rule"], lang),
            "spread": spread(result, lang),
            "unavailable": svc.spaces.unavailable(code, person, study_id),
        }
    return context


@router.post("/studies/{code}/{study_id}/compute")
def compute(
    svc: Svc,
    visitor: SignedIn,
    code: str,
    study_id: int,
    samples: Annotated[int, Form(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Queue the calculation (with ``samples`` Monte Carlo draws) and watch it on its job page."""
    job = svc.spaces.compute(code, visitor.account.person, study_id, samples)
    return RedirectResponse(f"/jobs/{job}", status_code=303)


@router.post("/studies/{code}/{study_id}/report")
def report_pdf(
    svc: Svc,
    visitor: SignedIn,
    code: str,
    study_id: int,
    lang: Annotated[str, Form(max_length=2)] = "zh",
) -> Response:
    """Queue the PDF study report; it is fetched from its job page when made."""
    job = svc.spaces.report_job(code, visitor.account.person, study_id, lang)
    return RedirectResponse(f"/jobs/{job}", status_code=303)


@router.get("/studies/{code}/{study_id}/report.html", response_class=Response)
def report_html(
    svc: Svc, visitor: SignedIn, code: str, study_id: int, lang: Code = "zh"
) -> Response:
    """The HTML study report, downloaded (its own styles are not this site's)."""
    name, media, data = svc.spaces.report(code, visitor.account.person, study_id, "html", lang)
    return Response(data, media_type=media, headers={"content-disposition": attachment(name)})


@router.get("/studies/{code}/{study_id}/export/{what}", response_class=Response)
def export(
    request: Request,
    svc: Svc,
    visitor: SignedIn,
    code: str,
    study_id: int,
    what: str,
    energy_kwh: Annotated[float | None, Query(gt=0, lt=1e15)] = None,
) -> Response:
    """One of the study's files: PACT, CBAM, battery declaration, label, result JSON."""
    lang = page_lang(request)
    person = visitor.account.person
    name, media, data = svc.spaces.export(code, person, study_id, what, lang, energy_kwh)
    return Response(data, media_type=media, headers={"content-disposition": attachment(name)})


@router.post("/studies/{code}/{study_id}/share")
def share(
    svc: Svc,
    visitor: SignedIn,
    code: str,
    study_id: int,
    verifier: Annotated[str, Form(max_length=40)],
) -> Response:
    """Let a verifier (by its code) read the study."""
    svc.spaces.share(code, visitor.account.person, study_id, verifier.strip())
    return RedirectResponse(f"/studies/{code}/{study_id}#share", status_code=303)


@router.post("/studies/{code}/{study_id}/publish")
def publish(svc: Svc, visitor: SignedIn, code: str, study_id: int) -> Response:
    """Serve the study's footprint on the PACT API."""
    svc.spaces.publish(code, visitor.account.person, study_id)
    return RedirectResponse(f"/studies/{code}/{study_id}#publish", status_code=303)


@router.post("/studies/{code}/{study_id}/unpublish")
def unpublish(svc: Svc, visitor: SignedIn, code: str, study_id: int) -> Response:
    """Stop serving the study's footprint on the PACT API."""
    svc.spaces.unpublish(code, visitor.account.person, study_id)
    return RedirectResponse(f"/studies/{code}/{study_id}#publish", status_code=303)
