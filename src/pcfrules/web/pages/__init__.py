"""The pages people use, one module per journey; each holds its own ``router``."""

from __future__ import annotations

from fastapi import APIRouter

from pcfrules.web.pages import (
    account,
    catalogue,
    comment,
    dashboard,
    drafting,
    home,
    jobs,
    review,
    secretariat,
    studies,
    verify,
)

PAGE_ROUTERS: list[APIRouter] = [
    home.router,
    account.router,
    secretariat.router,
    drafting.router,
    studies.router,
    jobs.router,
    catalogue.router,
    dashboard.router,
    verify.router,
    comment.router,
    review.router,
]
