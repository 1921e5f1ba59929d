from __future__ import annotations

import pytest

from pcfrules import datasets
from pcfrules.engine import GwpSet


@pytest.fixture(scope="session")
def ar6() -> GwpSet:
    return GwpSet("AR6-GWP100", datasets.gwp_values("AR6-GWP100"))
