"""The platform's FastAPI application: pages, the REST API, the PACT API, one error style.

``create_app(settings)`` makes it; its lifespan opens the database (migrated to the newest
revision) and starts the job runner (an in-process Dask ``LocalCluster``, or the scheduler
named by ``PCFRULES_DASK_SCHEDULER``), and closes both when the server stops.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from pcfrules.web import problems
from pcfrules.web.api import API_ROUTERS
from pcfrules.web.deps import SignInRequiredError
from pcfrules.web.pages import PAGE_ROUTERS
from pcfrules.web.security import SecurityHeaders
from pcfrules.web.services import Services
from pcfrules.web.settings import Settings

API_DESCRIPTION = (
    "REST API of the pcfrules platform: rule standards, their procedure (comments, votes, "
    "stages), enterprises' studies and their results. Errors are RFC 9457 problem details. "
    "Authenticate with `Authorization: Bearer <token>` (tokens are made on the account page)."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The platform; ``settings`` default to the environment's."""
    chosen = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = Services.start(chosen)
        try:
            yield
        finally:
            app.state.services.close()

    app = FastAPI(
        title="pcfrules platform · 碳足迹核算规则平台",
        version="1",
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI loads its script from a CDN, which the CSP forbids
        redoc_url=None,
        lifespan=lifespan,
        max_body_size=chosen.max_body_bytes,
    )
    problems.install(app)
    app.add_exception_handler(SignInRequiredError, _to_sign_in)
    app.add_middleware(SecurityHeaders)
    static = Path(str(resources.files("pcfrules.web"))) / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")
    for router in PAGE_ROUTERS:
        app.include_router(router, include_in_schema=False)
    for router in API_ROUTERS:
        app.include_router(router)
    return app


async def _to_sign_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequiredError)
    return RedirectResponse(f"/login?next={exc.next_path}", status_code=303)
