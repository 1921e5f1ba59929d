"""The pages people use, one module per journey; each holds its own ``router``."""

from __future__ import annotations

from fastapi import APIRouter

from pcfrules.web.pages import account, comment, home, review

PAGE_ROUTERS: list[APIRouter] = [home.router, account.router, comment.router, review.router]
