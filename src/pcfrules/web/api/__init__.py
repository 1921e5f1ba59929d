"""Machine interfaces: the REST API under ``/api/v1`` and the PACT v3 API under ``/3``."""

from __future__ import annotations

from fastapi import APIRouter

from pcfrules.web.api import pact, standards, studies

API_ROUTERS: list[APIRouter] = [standards.router, studies.router, pact.router]
