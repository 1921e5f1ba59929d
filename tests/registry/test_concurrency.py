"""Two writers at once, and a writer killed mid-step, on SQLite and PostgreSQL (real processes)."""

from __future__ import annotations

import os
import signal
import time
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from pcfrules.registry import Registry
from pcfrules.rules import catalog
from tests.registry import parallel
from tests.registry.conftest import Clock

VOTERS = ["Wang", "Li", "Zhao", "Qian", "Sun", "Zhou", "Wu"]
ISSUE, IMPLEMENTATION = date(2026, 4, 15), date(2026, 7, 1)


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _in_comment(registry: Registry) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement", 30)


def _approved(registry: Registry, clock: Clock) -> None:
    _in_comment(registry)
    clock.advance(30)
    registry.start_review("cement")
    for name in VOTERS:
        registry.vote("cement", name, "yes")
    registry.approve("cement")


def _actions(registry: Registry) -> list[str]:
    return [r["action"] for r in registry.history("cement")]


def _second_writer_meets_the_first(
    engine: Engine,
    clock: Clock,
    tmp_path: Path,
    first: tuple[str, tuple[object, ...]],
    second: tuple[str, tuple[object, ...]],
) -> tuple[dict[str, object], dict[str, object]]:
    """The first step is held open (work done, not committed) while the second one starts."""
    url = _url(engine)
    a = parallel.start(url, clock, *first, tmp_path, "first", hold=True)
    parallel.wait_for(tmp_path / "first.held")
    b = parallel.start(url, clock, *second, tmp_path, "second")
    parallel.wait_for(tmp_path / "second.ready")
    time.sleep(1.0)  # the second step has begun and waits for the lock the first one holds
    assert not (tmp_path / "second.json").exists(), "the second step did not wait"
    (tmp_path / "go").touch()
    for process in (a, b):
        process.join(60)
        assert process.exitcode == 0
    return parallel.outcome(tmp_path, "first"), parallel.outcome(tmp_path, "second")


def test_two_publish_calls_at_once_give_one_publication(
    engine: Engine, registry: Registry, clock: Clock, tmp_path: Path
) -> None:
    _approved(registry, clock)
    step = ("publish", ("cement", ISSUE, IMPLEMENTATION))
    first, second = _second_writer_meets_the_first(engine, clock, tmp_path, step, step)
    assert first == {"ok": True}
    assert second["ok"] is False
    assert "'publish' is not allowed in state 'published'" in str(second["en"])
    assert _actions(registry).count("publish") == 1
    assert [v["number"] for v in registry.show("cement")["versions"]] == ["T/CBMF 1—2026"]
    assert registry.verify()["findings"] == []  # one unbroken audit chain


def test_review_cannot_start_while_a_disposition_is_removed(
    engine: Engine, registry: Registry, clock: Clock, tmp_path: Path
) -> None:
    _in_comment(registry)
    number = registry.comment("cement", "Wang", "boundary.cut_off", "too strict")
    registry.dispose(number, "accepted")
    clock.advance(30)
    first, second = _second_writer_meets_the_first(
        engine,
        clock,
        tmp_path,
        ("reopen", (number, "recorded on the wrong comment")),
        ("start_review", ("cement",)),
    )
    assert first == {"ok": True}
    assert second["ok"] is False and "no disposition yet" in str(second["en"])
    assert registry.show("cement")["versions"][0]["state"] == "public_comment"
    assert registry.comments("cement")[0]["disposition"] is None


def test_a_step_killed_midway_leaves_nothing(
    engine: Engine, registry: Registry, clock: Clock, tmp_path: Path
) -> None:
    _approved(registry, clock)
    before = registry.history("cement")
    process = parallel.start(
        _url(engine),
        clock,
        "publish",
        ("cement", ISSUE, IMPLEMENTATION),
        tmp_path,
        "killed",
        hold=True,
    )
    parallel.wait_for(tmp_path / "killed.held")  # every write of the step is made
    assert process.pid is not None
    os.kill(process.pid, signal.SIGKILL)
    process.join(60)
    assert process.exitcode == -signal.SIGKILL
    assert registry.history("cement") == before
    assert registry.show("cement")["versions"][0]["state"] == "approved"
    assert registry.publish("cement", ISSUE, IMPLEMENTATION)["number"] == "T/CBMF 1—2026"
    assert registry.verify()["findings"] == []
