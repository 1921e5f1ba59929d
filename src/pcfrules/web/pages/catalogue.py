"""The public reading pages of the standards: the catalogue, a standard's page, its files.

Anyone may read them, signed in or not. The catalogue is the registry's (``listing``), a
standard's page shows what the registry keeps of it — its stages and their SHA-256, its
versions and their clause diffs, the comment-disposition table — and its text as rendered
by the rules room, whose clauses carry ``id="clause-5.2"`` so a comment links to its clause.
Files are plain GET downloads made by the rooms (the PDF takes WeasyPrint a few seconds, in
the server's thread pool, never the event loop).
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry, exports, listing, workflow
from pcfrules.registry.diff import diff
from pcfrules.rules.model import RuleStandard
from pcfrules.rules.render import Edition, anchor_of, body_html
from pcfrules.rules.sources import find
from pcfrules.rules.workbook import workbook_bytes
from pcfrules.web.deps import Svc, Visitor, csrf_protect
from pcfrules.web.i18n import page_lang, pick
from pcfrules.web.problems import ProblemError
from pcfrules.web.templating import page

router = APIRouter(dependencies=[Depends(csrf_protect)])
Words = Annotated[str, Query(max_length=200)]
Version = Annotated[str, Query(max_length=40, pattern=r"^[0-9A-Za-z.+-]*$")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SHOWN_CHARS = 240  # a diff's old or new value is cut here on the page (the files hold all)


@router.get("/standards", response_class=HTMLResponse)
def catalogue(
    request: Request,
    svc: Svc,
    visitor: Visitor,
    q: Words = "",
    sector: Words = "",
    stage: Annotated[str, Query(max_length=40)] = "",
    code: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    """Every standard, searched by words and filtered by sector, stage and code."""
    everything = listing.entries(svc.registry())
    found = listing.search(everything, q, sector, stage, code)
    context = {
        "entries": found,
        "total": len(everything),
        "sectors": listing.sectors(everything),
        "stages": listing.states(everything),
        "states_named": workflow.STATES,
        "asked": {"q": q, "sector": sector, "stage": stage, "code": code},
        "filtered": bool(q or sector or stage or code),
    }
    return page(request, "standards/catalogue.html", context)


@router.get("/standards/{rule_id}", response_class=HTMLResponse)
def standard(
    request: Request, svc: Svc, visitor: Visitor, rule_id: str, version: Version = ""
) -> HTMLResponse:
    """A standard: its stages, versions and diffs, dispositions, files and text."""
    registry = svc.registry()
    info = _shown_standard(registry, rule_id)
    lang = page_lang(request)
    rule, edition, _ = _version_text(registry, rule_id, version)
    shown = rule.identity.version
    row = next(v for v in info["versions"] if v["version"] == shown)
    comments = registry.comments(rule_id, shown)
    context = {
        "info": info,
        "rule": rule,
        "row": row,
        "newest": info["versions"][-1],
        "association": next(
            (a for a in registry.associations() if a["code"] == info["association"]), None
        ),
        "stages": registry.stages(rule_id, shown),
        "stage_names": workflow.TEXT_STAGES,
        "states_named": workflow.STATES,
        "kinds": workflow.KINDS,
        "dispositions": workflow.DISPOSITIONS,
        "versions": _versions(registry, rule_id, info["versions"], lang),
        "comments": [{**c, "anchor": anchor_of(c["clause"], rule)} for c in comments],
        "text": body_html(rule, lang, edition=edition),
        "query": f"?version={quote(shown)}",
    }
    return page(request, "standards/standard.html", context)


@router.get("/standards/{rule_id}/text.{fmt}")
def text_file(
    request: Request, svc: Svc, rule_id: str, fmt: str, version: Version = ""
) -> Response:
    """The text as HTML, PDF or DOCX, in the page's language (``?lang=en`` for English)."""
    if fmt not in MEDIA:
        raise _not_found(f"text.{fmt}")
    registry = svc.registry()
    _shown_standard(registry, rule_id)
    try:
        name, data = exports.standard_file(
            registry, rule_id, page_lang(request), fmt, version or None
        )
    except RegistryError as exc:
        raise ProblemError(404, exc.zh, exc.en) from exc
    return _download(name, MEDIA[fmt], data)


@router.get("/standards/{rule_id}/workbook.xlsx")
def workbook(request: Request, svc: Svc, rule_id: str, version: Version = "") -> Response:
    """The data-collection workbook of a version, in the page's language."""
    registry = svc.registry()
    info = _shown_standard(registry, rule_id)
    chosen = version or _version_text(registry, rule_id, "")[0].identity.version
    if chosen not in {v["version"] for v in info["versions"]}:
        raise _not_found(f"{rule_id}@{chosen}")
    lang = page_lang(request)
    data = workbook_bytes(find(f"{rule_id}@{chosen}", registry), lang)  # type: ignore[arg-type]
    return _download(f"{rule_id}-{chosen}.workbook.{lang}.xlsx", XLSX, data)


@router.get("/standards/{rule_id}/dispositions.xlsx")
def dispositions(svc: Svc, rule_id: str, version: Version = "") -> Response:
    """意见汇总处理表 of a version, as xlsx."""
    registry = svc.registry()
    info = _shown_standard(registry, rule_id)
    if version and version not in {v["version"] for v in info["versions"]}:
        raise _not_found(f"{rule_id}@{version}")
    data = exports.disposition_bytes(registry, rule_id, version or None)
    return _download(f"{rule_id}-{version or 'current'}.dispositions.xlsx", XLSX, data)


def _shown_standard(registry: Registry, rule_id: str) -> dict[str, Any]:
    """The standard, or the site's 404 page in the reader's language."""
    try:
        return registry.show(rule_id)
    except RegistryError as exc:
        raise ProblemError(404, exc.zh, exc.en) from exc


def _version_text(
    registry: Registry, rule_id: str, version: str
) -> tuple[RuleStandard, Edition, str]:
    """The version's text and edition (the one the registry stands by when none is asked)."""
    try:
        return exports.version_text(registry, rule_id, version or None)
    except RegistryError as exc:
        raise ProblemError(404, exc.zh, exc.en) from exc


def _not_found(what: str) -> ProblemError:
    return ProblemError(404, f"没有“{what}”", f"no '{what}' here")


def _versions(
    registry: Registry, rule_id: str, rows: list[dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """Each version with its clause diff to the version before (none for the first)."""
    rules = [registry.version_rule(rule_id, v["version"]) for v in rows]
    out = []
    for i, row in enumerate(rows):
        changes = diff(rules[i - 1], rules[i]) if i else []
        shown = [
            {
                **c,
                "anchor": anchor_of(c["path"], rules[i]),
                "old": _value(c["old"], lang),
                "new": _value(c["new"], lang),
            }
            for c in changes
        ]
        out.append({**row, "changes": shown})
    return out


def _value(value: object, lang: str) -> str:
    """A changed field's value as a reader reads it: its text in the page's language."""
    if value is None:
        return "—"
    if isinstance(value, dict) and set(value) <= {"zh", "en"}:
        value = pick(lang, str(value.get("zh", "")), str(value.get("en", "")))
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _download(name: str, media: str, data: bytes) -> Response:
    """A file to save, its name kept in UTF-8 (RFC 6266) with an ASCII fallback."""
    fallback = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"content-disposition": disposition})
