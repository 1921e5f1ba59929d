"""The platform under test: the app over a temporary SQLite file seeded with the demo platform.

``platform`` is module-scoped (seeding and starting Dask take seconds); tests that write
make what they write their own (their own comment, their own study), so the order of tests
in a module does not matter. ``sign_in`` gives a fresh client with a demo person's session.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pcfrules.registry import make_engine, migrate
from pcfrules.rules import catalog
from pcfrules.spaces.demo import DEMO_ACCOUNTS, DemoAccount, seed_demo_platform
from pcfrules.web import Settings, create_app
from tests.browser import CHROMIUM
from tests.web.live import chromium, serving

BASE_URL = "https://testserver"  # the cookies are Secure
CSRF_INPUT = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Platform:
    """A running app, its database URL and the demo accounts."""

    app: object
    url: str
    accounts: list[DemoAccount]

    def client(self) -> TestClient:
        """A new browser (its own cookies) on the running app."""
        return TestClient(self.app, base_url=BASE_URL)  # type: ignore[arg-type]

    def account(self, role: str) -> DemoAccount:
        """The demo account whose ``key`` is ``role`` (secretariat, drafter, reviewer, …)."""
        return next(a for a in self.accounts if a.key == role)


_SEEDED: list[Path] = []  # the first seeded database of the session, copied for the others


def seeded_url(folder: Path) -> str:
    """A SQLite database in ``folder`` holding the demo platform, as ``make serve`` seeds it.

    Seeding takes seconds; the session seeds once and every module gets its own copy, so
    what one module writes no other sees.
    """
    target = folder / "platform.db"
    if _SEEDED and _SEEDED[0].exists():
        shutil.copyfile(_SEEDED[0], target)
        return f"sqlite:///{target}"
    engine = make_engine(f"sqlite:///{target}")
    migrate(engine)
    seed_demo_platform(engine)
    engine.dispose()
    template = folder / "seeded-template.db"
    shutil.copyfile(target, template)
    _SEEDED[:] = [template]
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    url = seeded_url(tmp_path_factory.mktemp("platform"))
    app = create_app(Settings(database_url=url))
    with TestClient(app, base_url=BASE_URL):  # runs the lifespan: database, Dask
        yield Platform(app, url, list(DEMO_ACCOUNTS))


def csrf_of(client: TestClient, path: str = "/") -> str:
    """The CSRF token the forms of ``path`` carry for this client."""
    response = client.get(path)
    found = CSRF_INPUT.search(response.text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def sign_in(platform: Platform, key: str) -> TestClient:
    """A new client signed in as the demo account ``key``."""
    account = platform.account(key)
    client = platform.client()
    token = csrf_of(client, "/login")
    response = client.post(
        "/login",
        data={"login": account.login, "password": account.password, "csrf": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@dataclass
class Live:
    """The platform served on loopback, a browser, and where screenshots go."""

    base_url: str
    browser: Any
    accounts: list[DemoAccount]
    shots: Path

    def account(self, key: str) -> DemoAccount:
        """The demo account ``key``."""
        return next(a for a in self.accounts if a.key == key)

    def page(self, key: str | None = None, lang: str = "zh") -> Any:
        """A new browser tab (its own cookies), signed in as demo ``key`` if given."""
        context = self.browser.new_context(
            base_url=self.base_url, locale="zh-CN" if lang == "zh" else "en-GB",
            viewport={"width": 1280, "height": 900},
        )  # fmt: skip
        tab = context.new_page()
        if lang == "en":
            tab.goto("/?lang=en")
        if key is not None:
            account = self.account(key)
            tab.goto("/login")
            tab.fill("input[name=login]", account.login)
            tab.fill("input[name=password]", account.password)
            tab.click('main form[action="/login"] button[type=submit]')
            tab.wait_for_url(lambda url: "/login" not in url)
        return tab


def needs_chromium() -> None:
    """Skip a browser journey, saying why, where Chromium is not installed."""
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed: run scripts/system-deps.sh")


@contextmanager
def live_on(url: str, factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The platform on database ``url`` served on loopback, and a headless Chromium."""
    shots = factory.mktemp("screenshots")
    with serving(create_app(Settings(database_url=url))) as base, chromium() as browser:
        yield Live(base, browser, list(DEMO_ACCOUNTS), shots)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A seeded platform served on loopback and a headless Chromium (tests marked browser)."""
    needs_chromium()
    with live_on(seeded_url(tmp_path_factory.mktemp("live")), tmp_path_factory) as served:
        yield served


# The demo registry numbers the catalogue's standards in the catalogue's order.
CEMENT_NUMBER = f"T/PCFR {catalog.catalog_ids().index('cement') + 1}—2026"
