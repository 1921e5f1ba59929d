"""Every example in the README and the user guides runs: CLI sessions and YAML snippets."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.rules.model import Formula, FunctionalUnit, Parameter

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "docs" / "guide" / "en.md", ROOT / "docs" / "guide" / "zh.md"]
SECTION_TYPES: dict[str, Any] = {
    "unit": FunctionalUnit,
    "inventory.parameters": list[Parameter],
    "inventory.formulas": list[Formula],
}


def _blocks(kind: str) -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for block in re.findall(rf"```{kind}\n(.*?)```", doc.read_text("utf-8"), re.S):
            found.append((doc.name, block))
    return found


def _commands() -> list[str]:
    return [
        line[2:].strip()
        for _, block in _blocks("console")
        for line in block.splitlines()
        if line.startswith("$ pcfrules ")
    ]


@pytest.mark.parametrize("command", _commands())
def test_documented_command_runs(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = shlex.split(command)[1:]
    args = [str(ROOT / a) if a.startswith("src/") else a for a in args]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    if "-o" in args:
        assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 1000


def test_there_are_documented_commands() -> None:
    assert len(_commands()) >= 10


@pytest.mark.parametrize(("doc", "block"), _blocks("yaml"))
def test_yaml_snippet_validates(doc: str, block: str) -> None:
    first = block.splitlines()[0]
    assert first.startswith("# section: "), f"{doc}: YAML example without '# section:' marker"
    section = first.removeprefix("# section: ").strip()
    data = YAML(typ="safe").load(block)
    TypeAdapter(SECTION_TYPES[section]).validate_python(data)
