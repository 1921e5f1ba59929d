"""Shared fixtures: the cement rule as plain data, and a variant that is fully quiet."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pcfrules.rules.catalog import rule_file
from pcfrules.rules.loader import read_yaml, to_plain

NUMBERED = "T/PCFR 1—2026"


@pytest.fixture(scope="session")
def cement_source() -> dict[str, Any]:
    return to_plain(read_yaml(rule_file("cement")))


@pytest.fixture
def cement_data(cement_source: dict[str, Any]) -> dict[str, Any]:
    """A fresh deep copy of the cement rule as plain dicts, free to mutate."""
    return copy.deepcopy(cement_source)


@pytest.fixture
def good_data(cement_data: dict[str, Any]) -> dict[str, Any]:
    """Cement with a standard number: the rule on which no check fires at all."""
    cement_data["identity"]["number"] = NUMBERED
    return cement_data
