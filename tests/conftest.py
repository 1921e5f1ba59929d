"""Shared fixtures: the cement rule as plain data, and a variant that is fully quiet.

The suite runs the same from any terminal and any working directory: the CLI's rich
consoles have a fixed width (so neither a narrow terminal, nor ``COLUMNS``, nor a long
checkout or temporary path changes how output is laid out), and every test starts in an
empty directory of its own.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pcfrules.rules.catalog import rule_file
from pcfrules.rules.loader import read_yaml, to_plain

NUMBERED = "T/PCFR 1—2026"
CONSOLE_WIDTH = 200  # wide enough that no message or table cell the tests read is folded


def pytest_configure(config: pytest.Config) -> None:
    """Fix the width before any console exists: rich reads ``COLUMNS`` when it builds one."""
    os.environ["COLUMNS"] = str(CONSOLE_WIDTH)
    os.environ["LINES"] = "50"


@pytest.fixture(autouse=True, scope="session")
def _fixed_console_width() -> Iterator[None]:
    """The CLI's consoles at ``CONSOLE_WIDTH``, even if built before ``COLUMNS`` was set."""
    from pcfrules.cli import output

    consoles = (output.console, output.err_console)
    saved = [console.size for console in consoles]
    for console in consoles:
        console.size = (CONSOLE_WIDTH, 50)
    yield
    for console, size in zip(consoles, saved, strict=True):
        console.size = size


@pytest.fixture(autouse=True)
def _own_working_directory(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test starts in an empty directory: nothing may depend on where pytest started."""
    cwd = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(cwd)
    return cwd


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
