"""A guard for tests of the limits: the refusal must come fast, and a hang fails the test.

The bound under test is what stops the work; if it did not, the work would run for
minutes. ``refused_within`` interrupts it with ``SIGALRM`` (the tests run on Linux, in the
main thread) so that a broken bound fails in seconds instead of stalling the suite.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import pytest


class TookTooLongError(Exception):
    """Raised into the code under test when its time is up."""


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: FrameType | None) -> None:
        raise TookTooLongError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def refused_within(
    seconds: float, error: type[BaseException], work: Callable[[], Any]
) -> BaseException:
    """Run ``work``; it must raise ``error`` within ``seconds``. Returns the error raised."""
    start = time.perf_counter()
    with _alarm(seconds * 5), pytest.raises(error) as caught:
        work()
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"refused, but after {elapsed:.2f} s (bound: {seconds} s)"
    return caught.value
