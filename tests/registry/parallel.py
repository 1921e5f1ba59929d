"""Registry steps in real parallel processes, for the concurrency tests.

A step can be held open: it does all its work (the audit record included) and then waits,
its transaction uncommitted, until the test lets it go or kills it. That puts a second
writer exactly where a race would hurt.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from pcfrules.errors import RegistryError
from pcfrules.registry import Registry, make_engine
from tests.registry.conftest import SECRETARIAT, Clock

CONTEXT = multiprocessing.get_context("spawn")  # a fresh interpreter, no inherited connection


def start(
    url: str,
    clock: Clock,
    step: str,
    args: tuple[Any, ...],
    folder: Path,
    name: str,
    hold: bool = False,
) -> BaseProcess:
    """Run ``Registry(url).step(*args)`` in a new process; its outcome goes to ``folder``."""
    process = CONTEXT.Process(
        target=_child, args=(url, clock, step, args, str(folder), name, hold), daemon=True
    )
    process.start()
    return process


def wait_for(path: Path, seconds: float = 60) -> None:
    """Until ``path`` exists (a held step has done its work) or fail."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


def outcome(folder: Path, name: str) -> dict[str, Any]:
    """What the process ``name`` reported: ok, or the refusal's English text."""
    data: dict[str, Any] = json.loads((folder / f"{name}.json").read_text("utf-8"))
    return data


def _child(
    url: str, clock: Clock, step: str, args: tuple[Any, ...], folder: str, name: str, hold: bool
) -> None:
    here = Path(folder)
    if hold:
        _hold_after_the_audit(here / f"{name}.held", here / "go")
    registry = Registry(make_engine(url), clock=clock, person=SECRETARIAT)
    (here / f"{name}.ready").touch()  # imported and connected: the step itself starts now
    try:
        getattr(registry, step)(*args)
        result: dict[str, Any] = {"ok": True}
    except RegistryError as exc:
        result = {"ok": False, "en": exc.en, "zh": exc.zh}
    (here / f"{name}.json").write_text(json.dumps(result), "utf-8")


def _hold_after_the_audit(held: Path, go: Path) -> None:
    """Make every step, once its audit record is written, wait uncommitted for ``go``."""
    original = Registry._record

    def record_then_wait(self: Registry, *args: Any) -> None:
        original(self, *args)
        held.touch()
        while not go.exists():
            time.sleep(0.05)

    Registry._record = record_then_wait  # type: ignore[method-assign]
