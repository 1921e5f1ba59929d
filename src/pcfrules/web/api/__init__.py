"""Machine interfaces: the REST API under ``/api/v1`` and the PACT v3 API under ``/3``."""

from __future__ import annotations

from fastapi import APIRouter

API_ROUTERS: list[APIRouter] = []
