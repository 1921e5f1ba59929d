"""Assertions on what a command prints, by content and not by line layout.

Rich wraps long lines at the console width (a long path pushes the rest of a message to the
next line, CJK text may break between any two characters), so a test compares the output
with every whitespace removed from both sides.
"""

from __future__ import annotations

import re


def compact(text: str) -> str:
    """``text`` without any whitespace: what is left whatever the line breaks."""
    return re.sub(r"\s+", "", text)


def assert_shows(output: str, *needles: str) -> None:
    """Every needle appears in ``output``, however the console broke its lines."""
    flat = compact(output)
    missing = [needle for needle in needles if compact(needle) not in flat]
    assert not missing, f"{missing} not shown in:\n{output}"
