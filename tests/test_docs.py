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
from pcfrules.rules.model import Cbam, Formula, FunctionalUnit, Parameter
from pcfrules.studies.model import CbamData, Supply

ROOT = Path(__file__).resolve().parents[1]
DOCS = [
    ROOT / "README.md",
    ROOT / "docs" / "guide" / "en.md",
    ROOT / "docs" / "guide" / "zh.md",
    ROOT / "docs" / "registry.md",
    ROOT / "docs" / "cbam.md",
]
SECTION_TYPES: dict[str, Any] = {
    "unit": FunctionalUnit,
    "inventory.parameters": list[Parameter],
    "inventory.formulas": list[Formula],
    "cbam": Cbam,
    "study.cbam": CbamData,
    "study.supplied": dict[str, Supply],
}


def _blocks(kind: str) -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for block in re.findall(rf"```{kind}\n(.*?)```", doc.read_text("utf-8"), re.S):
            found.append((doc.name, block))
    return found


# Documented commands another test runs as written, so that the slow ones run once:
# ``pcfrules demo --out out`` (the whole catalogue) is tests/cli/test_cli.py's demo test.
RUN_ELSEWHERE = {"pcfrules demo --out out"}


def _sessions() -> list[tuple[str, list[str]]]:
    """Each console block's ``$ pcfrules`` lines, run in order in one folder."""
    sessions = []
    for doc, block in _blocks("console"):
        lines = [
            line[2:].strip()
            for line in block.splitlines()
            if line.startswith("$ pcfrules ") and line[2:].strip() not in RUN_ELSEWHERE
        ]
        if lines:
            sessions.append((doc, lines))
    return sessions


def _arg(arg: str) -> str:
    """Paths of the repository resolve from its root; everything else stays as written."""
    return str(ROOT / arg) if "/" in arg and (ROOT / arg).exists() else arg


@pytest.mark.parametrize(("doc", "commands"), _sessions())
def test_documented_session_runs(
    doc: str, commands: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for command in commands:
        args = [_arg(a) for a in shlex.split(command)[1:]]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, f"{doc}: {command}\n{result.output}"
        if "-o" in args:
            assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 1000


def test_there_are_documented_commands() -> None:
    assert sum(len(lines) for _, lines in _sessions()) >= 15


@pytest.mark.parametrize(("doc", "block"), _blocks("python"))
def test_python_example_runs(
    doc: str, block: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)  # the examples' relative paths are from the repository root
    exec(compile(block, doc, "exec"), {})  # the documentation's own example code
    printed = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    prints = len(re.findall(r"^\s*print\(", block, re.M))
    assert prints, f"{doc}: a documented example shows what it produces with print()"
    assert len(printed) >= prints, f"{doc}: example printed {printed} for {prints} print() calls"


@pytest.mark.parametrize(("doc", "block"), _blocks("yaml"))
def test_yaml_snippet_validates(doc: str, block: str) -> None:
    first = block.splitlines()[0]
    assert first.startswith("# section: "), f"{doc}: YAML example without '# section:' marker"
    section = first.removeprefix("# section: ").strip()
    data = YAML(typ="safe").load(block)
    TypeAdapter(SECTION_TYPES[section]).validate_python(data)


def test_readme_check_count_is_current() -> None:
    from pcfrules.rules import check

    count = re.search(r"checks \((\d+) today", (ROOT / "README.md").read_text("utf-8"))
    assert count and int(count.group(1)) == len(check.specs())
