"""The platform served for real on loopback, and a headless Chromium driven by Playwright.

Browser journeys need a server a browser can reach: ``serving(app)`` runs uvicorn in a
thread on 127.0.0.1 (a free port the system picks), waits until it answers, and stops it on
the way out. ``chromium()`` launches Debian's Chromium through Playwright (no browser
download); the journeys that use it are marked ``browser`` and skip, saying why, where it
is missing. ``shot(page, name)`` keeps a screenshot: under the test's temporary folder, and
in ``docs/screenshots/`` when ``PCFRULES_SCREENSHOTS`` names that folder (``make screenshots``).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from tests.browser import CHROMIUM

SCREENSHOTS_VARIABLE = "PCFRULES_SCREENSHOTS"
START_SECONDS = 60  # the lifespan migrates the database and starts Dask


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on loopback; yields its base URL (``http://127.0.0.1:N``)."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the platform did not start on loopback")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's) under Playwright; closed on the way out."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def shot(page: Any, name: str, folder: Path) -> Path:
    """A full-page screenshot ``name``.png in ``folder``; the docs get the first screen of it.

    The docs' copy is the top of the page as a reader opens it (1280 × 900), small enough
    for the README; the full page stays with the test for whoever checks the layout.
    """
    target = folder / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    docs = os.environ.get(SCREENSHOTS_VARIABLE)
    if docs:
        Path(docs).mkdir(parents=True, exist_ok=True)
        page.mouse.wheel(0, -1_000_000)  # back to the top, as a reader scrolls
        page.wait_for_function("window.scrollY === 0")
        page.screenshot(path=str(Path(docs) / f"{name}.png"))
    return target
