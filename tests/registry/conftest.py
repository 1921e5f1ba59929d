"""Registry tests run on SQLite and on PostgreSQL (a real server `make test` starts).

Under ``pytest -n`` each worker has a database of its own on that server, so one worker's
``drop_all`` never pulls the tables from under another's test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, create_engine, make_url, text

from pcfrules.registry import Registry, make_engine, migrate
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule
from pcfrules.rules.model import RuleStandard

POSTGRES = os.environ.get("PCFRULES_TEST_POSTGRES_URL", "")


class Clock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, days: int) -> None:
        self.now += timedelta(days=days)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's database for this worker (made here when pytest runs workers)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not POSTGRES or not worker:
        return POSTGRES
    name = f"pcfrules_test_{worker}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if found is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'registry.db'}")
    else:
        if not POSTGRES:
            pytest.skip(
                "no PostgreSQL server (PCFRULES_TEST_POSTGRES_URL unset): `make test` "
                "starts one with scripts/postgres.sh"
            )
        engine = make_engine(postgres_url)
        with engine.begin() as connection:  # every table there is, models or not
            existing = MetaData()
            existing.reflect(connection)
            existing.drop_all(connection)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


SECRETARIAT = "Sec"
PEOPLE = [  # (name, organisation, category): reviewers and stakeholders of CBMF
    ("Wang", "Cement plant A", "producer"),
    ("Li", "Trader B", "distributor"),
    ("Zhao", "Builder C", "user"),
    ("Qian", "Consumer group", "consumer"),
    ("Sun", "University D", "education_research"),
    ("Zhou", "Certifier E", "testing_certification"),
    ("Wu", "Ministry F", "government"),
]


@pytest.fixture
def registry(engine: Engine, clock: Clock) -> Registry:
    """CBMF and CISA, run by the secretariat 'Sec' (the registry acts as Sec), with people.

    Each of the seven is a reviewer and a stakeholder of CBMF; 'Drafter' is its drafter.
    """
    reg = Registry(engine, clock=clock, person=SECRETARIAT)
    reg.add_stakeholder(SECRETARIAT, "CBMF secretariat", "education_research")
    reg.add_association("CBMF", "中国建筑材料联合会", "China Building Materials Federation")
    reg.add_association("CISA", "中国钢铁工业协会", "China Iron and Steel Association")
    for name, organisation, category in PEOPLE:
        reg.add_stakeholder(name, organisation, category)
        reg.grant(name, "CBMF", "reviewer")
        reg.grant(name, "CBMF", "stakeholder")
    reg.add_stakeholder("Drafter", "Institute G", "education_research")
    reg.grant("Drafter", "CBMF", "drafter")
    return reg


def stricter_cement(cut_off: float = 3) -> RuleStandard:
    """The cement rule with another cumulative cut-off: a drafters' change of one clause."""
    data = to_plain(read_yaml(catalog.rule_file("cement")))
    data["boundary"]["cut_off"]["cumulative_percent"] = cut_off
    return validate_rule(data)
