"""The same platform on PostgreSQL: the Alembic migrations, the demo seed, sign-in and a job.

`make test` starts a throw-away PostgreSQL server on loopback (scripts/postgres.sh) and
names it in ``PCFRULES_TEST_POSTGRES_URL``; this module makes a database of its own there
(the registry's tests empty theirs between tests) and drops it afterwards.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pcfrules.registry import make_engine, migrate
from pcfrules.registry.db import head_revision
from pcfrules.spaces.demo import DEMO_ACCOUNTS, seed_demo_platform
from pcfrules.web import Settings, create_app
from tests.web.conftest import BASE_URL, Platform, sign_in

SERVER = os.environ.get("PCFRULES_TEST_POSTGRES_URL", "")
JOB_SECONDS = 120


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A fresh database on the test server, dropped when the module is done."""
    if not SERVER:
        pytest.skip(
            "no PostgreSQL server (PCFRULES_TEST_POSTGRES_URL unset): `make test` starts one"
        )
    name = f"pcfrules_web_{uuid.uuid4().hex[:8]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def platform(postgres_url: str) -> Iterator[Platform]:
    engine = make_engine(postgres_url)
    migrate(engine)
    seed_demo_platform(engine)
    engine.dispose()
    app = create_app(Settings(database_url=postgres_url))
    with TestClient(app, base_url=BASE_URL):
        yield Platform(app, postgres_url, list(DEMO_ACCOUNTS))


def test_the_migrations_reach_the_newest_revision_on_postgresql(platform: Platform) -> None:
    engine = make_engine(platform.url)
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        accounts = connection.execute(text("SELECT count(*) FROM accounts")).scalar()
    engine.dispose()
    assert revision is not None and revision == head_revision(engine)
    assert accounts == len(DEMO_ACCOUNTS)


def test_a_demo_person_signs_in_and_reads_their_account(platform: Platform) -> None:
    client = sign_in(platform, "cement")
    page = client.get("/account")
    assert page.status_code == 200
    assert platform.account("cement").person in page.text
    assert "DEMO-CEMENT" in page.text


def test_a_study_computed_as_a_job_on_postgresql_is_stored_there(platform: Platform) -> None:
    services = platform.app.state.services  # type: ignore[attr-defined]
    person = platform.account("steel").person
    study = services.spaces.studies("DEMO-STEEL", person)[0]
    job_id = services.spaces.compute("DEMO-STEEL", person, study.id)
    deadline = time.monotonic() + JOB_SECONDS
    while (job := services.spaces.job("DEMO-STEEL", person, job_id)).state not in (
        "done",
        "failed",
    ):
        assert time.monotonic() < deadline, f"job {job_id} still {job.state}"
        time.sleep(0.2)
    assert job.state == "done", job.error_en
    assert job.progress == 1.0
    result = services.spaces.result("DEMO-STEEL", person, study.id)
    assert result.total.value > 0
    assert sum(result.by_stage.values()) == pytest.approx(result.total.value, rel=1e-9)
