"""Footprints shown to four significant figures, whatever their size."""

from __future__ import annotations

import pytest

from pcfrules.rules.render.units import significant


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.878912, "0.8789"),
        (0.37594, "0.3759"),
        (18.2395, "18.24"),
        (742.1719, "742.2"),
        (1582.19, "1\u2009582"),
        (11593.8, "11\u2009594"),
        (-0.0012346, "−0.001235"),
        (0.0, "0"),
    ],
)
def test_four_significant_figures(value: float, shown: str) -> None:
    assert significant(value) == shown
