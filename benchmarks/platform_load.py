"""``make bench`` (part 2): the web platform under load on loopback, as its users meet it.

The platform is started the way an operator starts it (``pcfrules serve --demo`` in its own
process, SQLite by default or ``PCFRULES_DATABASE_URL``), then ``LOAD_USERS`` people (default
50) each sign up, and browse and comment at once: the front page, the catalogue, a
standard's page, the public-comment page of the standard open for comment, the dashboard,
the REST catalogue; every ``COMMENT_EVERY``-th step is a comment posted through the comment
form. Meanwhile an enterprise's person keeps its study computing as Dask jobs, polling each
job's progress fragment as the page does. The run is bounded by count (``LOAD_STEPS`` steps
per person, default 20) and by time (``LOAD_SECONDS``, default 300). Reported: p50 / p99 /
max latency per kind of request, requests per second, jobs finished, and errors (any status
other than the expected, any exception); the table goes to stdout and to
``benchmarks/PLATFORM.md``. Exits non-zero when there was an error.
"""

from __future__ import annotations

import asyncio
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
SERVER_LOG = HERE / ".platform-server.log"  # the server's log of the last run
USERS = int(os.environ.get("LOAD_USERS", "50"))
STEPS = int(os.environ.get("LOAD_STEPS", "20"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "300"))
COMMENT_EVERY = 5
JOB_DRAWS = 500  # Monte Carlo draws of each recomputation
START_SECONDS = 120
CSRF_INPUT = re.compile(r'name="csrf" value="([^"]+)"')
NEW_TOKEN = re.compile(r'<code class="token">([^<]+)</code>')
COMMENTED = "cement"  # the demo revision open for public comment (registry.seed.COMMENTING)
BROWSED = ("/", "/standards", f"/standards/{COMMENTED}", f"/comment/{COMMENTED}", "/dashboard")
ENTERPRISE = ("steel@demo", "pcfrules-demo", "DEMO-STEEL")  # a demo study that is not published


@dataclass
class Tally:
    """Latencies (seconds) by kind of request, and the errors met."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    jobs_done: int = 0

    async def timed(
        self, kind: str, client: httpx.AsyncClient, method: str, url: str, expect: int, **kw: object
    ) -> httpx.Response | None:
        """One request, its latency kept under ``kind``; an unexpected answer is an error."""
        start = time.perf_counter()
        try:
            response = await client.request(method, url, **kw)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            self.errors.append(f"{method} {url}: {type(exc).__name__} {exc}")
            return None
        self.latencies[kind].append(time.perf_counter() - start)
        if response.status_code != expect:
            self.errors.append(f"{method} {url}: {response.status_code} (expected {expect})")
        return response


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _csrf(response: httpx.Response | None) -> str:
    found = CSRF_INPUT.search(response.text) if response is not None else None
    return found.group(1) if found else ""


async def _signed_up(tally: Tally, client: httpx.AsyncClient, n: int) -> bool:
    """Person ``n`` signs up as a member of the public (which signs them in)."""
    form = await tally.timed("sign-up", client, "GET", "/signup", 200)
    data = {
        "login": f"load-{n}@bench.example",
        "password": f"load-password-{n}",
        "name": f"负载测试 {n} / load {n}",
        "organisation": "pcfrules bench",
        "category": "consumer",
        "csrf": _csrf(form),
    }
    done = await tally.timed("sign-up", client, "POST", "/signup", 303, data=data)
    return done is not None and done.status_code == 303


async def _comment(tally: Tally, client: httpx.AsyncClient, n: int, step: int) -> None:
    """A comment on the standard open for comment, through its form."""
    page = await tally.timed("browse", client, "GET", f"/comment/{COMMENTED}", 200)
    data = {
        "clause": "boundary.cut_off",
        "kind": "te",
        "text": f"负载测试意见 {n}-{step} / load-test comment {n}-{step}",
        "proposal": "",
        "csrf": _csrf(page),
    }
    await tally.timed("comment", client, "POST", f"/comment/{COMMENTED}", 303, data=data)


async def _api_token(tally: Tally, client: httpx.AsyncClient) -> dict[str, str]:
    """An API token made on the account page, as a person does for a script of theirs."""
    account = await tally.timed("sign-up", client, "GET", "/account", 200)
    data = {"name": "load", "csrf": _csrf(account)}
    made = await tally.timed("sign-up", client, "POST", "/account/tokens", 200, data=data)
    found = NEW_TOKEN.search(made.text) if made is not None else None
    if found is None:
        tally.errors.append("the account page showed no new token")
        return {}
    return {"authorization": f"Bearer {found.group(1)}"}


async def _person(tally: Tally, base: str, n: int, stop_at: float) -> None:
    """One member of the public: sign up, then browse and comment until done or out of time."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        if not await _signed_up(tally, client, n):
            return
        bearer = await _api_token(tally, client)
        for step in range(STEPS):
            if time.monotonic() > stop_at:
                return
            if step % COMMENT_EVERY == COMMENT_EVERY - 1:
                await _comment(tally, client, n, step)
            else:
                path = BROWSED[(n + step) % len(BROWSED)]
                await tally.timed("browse", client, "GET", path, 200)
            api = f"/api/v1/standards?limit=10&offset={step % 3}"
            await tally.timed("api", client, "GET", api, 200, headers=bearer)


def _draws(page: httpx.Response | None) -> dict[str, str]:
    """The compute form: Monte Carlo with ``JOB_DRAWS`` draws, so a job is real work."""
    return {"csrf": _csrf(page), "samples": str(JOB_DRAWS)}


async def _enterprise(tally: Tally, base: str, stop: asyncio.Event) -> None:
    """The enterprise's person recomputes its study as jobs while the public browses."""
    login, password, code = ENTERPRISE
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        form = await tally.timed("sign-in", client, "GET", "/login", 200)
        data = {"login": login, "password": password, "csrf": _csrf(form)}
        await tally.timed("sign-in", client, "POST", "/login", 303, data=data)
        listing = await tally.timed("job", client, "GET", "/studies", 200)
        found = re.search(rf"/studies/{code}/(\d+)", listing.text if listing else "")
        if found is None:
            tally.errors.append(f"no study of {code} on /studies")
            return
        study = found.group(0)
        while not stop.is_set():
            page = await tally.timed("job", client, "GET", study, 200)
            started = await tally.timed(
                "job", client, "POST", f"{study}/compute", 303, data=_draws(page)
            )
            where = started.headers.get("location", "") if started is not None else ""
            if not where.startswith("/jobs/"):
                tally.errors.append(f"compute did not lead to a job page: {where!r}")
                return
            while not stop.is_set():
                fragment = await tally.timed("job", client, "GET", f"{where}/progress", 200)
                text = fragment.text if fragment is not None else ""
                if "state-failed" in text:
                    tally.errors.append(f"job {where} failed")
                    break
                if "state-done" in text:
                    tally.jobs_done += 1
                    break
                await asyncio.sleep(1)


async def _alone(base: str) -> Tally:
    """The baseline: one person on an idle server, the same steps, no jobs running."""
    tally = Tally()
    await _person(tally, base, USERS, time.monotonic() + SECONDS)
    return tally


async def _load(base: str) -> tuple[Tally, float]:
    """``USERS`` people at once while the enterprise's jobs run; and the wall time."""
    tally = Tally()
    stop = asyncio.Event()
    started = time.perf_counter()
    jobs = asyncio.create_task(_enterprise(tally, base, stop))
    stop_at = time.monotonic() + SECONDS
    await asyncio.gather(*(_person(tally, base, n, stop_at) for n in range(USERS)))
    stop.set()
    await jobs
    return tally, time.perf_counter() - started


def _serve(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``pcfrules serve --demo`` on a free loopback port; waits until it answers."""
    port = _free_port()
    url = os.environ.get("PCFRULES_DATABASE_URL") or f"sqlite:///{folder / 'load.db'}"
    env = {**os.environ, "PCFRULES_COOKIE_SECURE": "0"}  # plain http on loopback
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "pcfrules", "serve", "--demo", "--db", url, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base}/", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit(f"the platform did not start; see {folder / 'server.log'}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _rows(tally: Tally) -> list[tuple[str, str, str, str, str]]:
    """Per kind of request and for all: count, p50, p99 and max in milliseconds."""
    every = [value for values in tally.latencies.values() for value in values]
    return [
        (
            kind,
            str(len(values)),
            f"{statistics.median(values) * 1000:.0f}",
            f"{_percentile(values, 0.99) * 1000:.0f}",
            f"{max(values) * 1000:.0f}",
        )
        for kind, values in [*sorted(tally.latencies.items()), ("all", every)]
        if values
    ]


def _table(tally: Tally, seconds: float) -> Table:
    table = Table(title=f"{USERS} people on loopback, {seconds:.0f} s, {tally.jobs_done} jobs done")
    for column in ("requests", "count", "p50 ms", "p99 ms", "max ms"):
        table.add_column(column, justify="right" if column != "requests" else "left")
    for row in _rows(tally):
        table.add_row(*row)
    return table


def _markdown(tally: Tally, seconds: float, alone: Tally) -> str:
    count = sum(len(values) for values in tally.latencies.values())
    lines = [
        "# The platform under load (`make bench`, part 2)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}: `pcfrules serve --demo` "
        f"(one uvicorn process, an in-process Dask LocalCluster, "
        f"{'PostgreSQL' if os.environ.get('PCFRULES_DATABASE_URL') else 'SQLite'}) on loopback; "
        f"{USERS} people signing up, browsing and commenting at once ({STEPS} steps each, a "
        f"comment every {COMMENT_EVERY}th), while an enterprise recomputes its study as jobs "
        "and polls their progress. Produced by `benchmarks/platform_load.py`.",
        "",
        f"Wall time {seconds:.1f} s · {count / seconds:.1f} requests/s · "
        f"jobs finished {tally.jobs_done} · **errors {len(tally.errors)}**",
        "",
        "| requests | count | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in _rows(tally)]
    lines += [
        "",
        "The same steps by one person alone on the idle server (the floor each request has):",
        "",
        "| requests | count | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|",
        *[f"| {' | '.join(row)} |" for row in _rows(alone)],
        "",
        "Under load a request waits for the ones before it: the server (one uvicorn process, "
        "its Dask worker threads in the same process), the load generator and the jobs share "
        f"this machine's {os.cpu_count()} CPUs, so the latencies above are the queue's, and "
        "the requests per second are what this machine serves.",
    ]
    lines += ["", *[f"- error: {error}" for error in tally.errors[:20]]]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    console = Console()
    with tempfile.TemporaryDirectory(prefix="pcfrules-load-") as folder:
        server, base = _serve(Path(folder))
        try:
            console.print(f"load: one person alone, then {USERS} people against {base} …")
            alone = asyncio.run(_alone(base))
            tally, seconds = asyncio.run(_load(base))
        finally:
            server.terminate()
            server.wait(timeout=30)
            shutil.copyfile(Path(folder) / "server.log", SERVER_LOG)
    console.print(_table(tally, seconds))
    for error in [*alone.errors, *tally.errors][:20]:
        console.print(f"[red]error[/]: {error}")
    if alone.errors or tally.errors:
        console.print(f"the server's log: {SERVER_LOG}")
    (HERE / "PLATFORM.md").write_text(_markdown(tally, seconds, alone), encoding="utf-8")
    return 1 if alone.errors or tally.errors or not tally.jobs_done else 0


if __name__ == "__main__":
    raise SystemExit(main())
