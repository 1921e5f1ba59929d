"""The front page: what the platform is, and where each kind of visitor goes next."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from pcfrules.web.deps import Visitor
from pcfrules.web.templating import page

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, visitor: Visitor) -> HTMLResponse:
    """The front page."""
    return page(request, "home.html")
