"""Every command, given bad input of every class, says so in both languages with the
documented exit code — never a traceback (docs/guarantees.md).

The classes: a NUL byte, a byte that is not UTF-8, text that is not JSON, JSON of the wrong
shape, an alias bomb, a missing file, a folder, a zero divisor in a unit, a malformed date,
a rule id that is a path, a damaged workbook, an unusable database URL; for every command
that writes, an unwritable ``-o`` and a full disk (``OSError(ENOSPC)`` from the one
writer, :mod:`pcfrules.files`, which every command goes through).
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pcfrules import files
from pcfrules.cli import app
from pcfrules.rules import catalog
from tests.rules.test_reading_bounds import _bomb

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
runner = CliRunner()
CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_refused(done: Result, code: int = 2) -> None:
    """The documented exit code, a message in both languages, no traceback."""
    assert not (done.exception and not isinstance(done.exception, SystemExit)), done.exception
    assert "Traceback" not in done.output
    assert done.exit_code == code, done.output
    assert "error / 错误" in done.output and CJK.search(done.output.split("错误", 1)[1])


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One file per class of bad input, and a good result to start from."""
    folder = tmp_path_factory.mktemp("bad")
    example = EXAMPLE.read_text(encoding="utf-8")
    made = {
        "nul.yaml": b"format: pcfrules.study/1\n\x00\n",
        "latin1.yaml": "format: pcfrules.study/1\nenterprise: Société\n".encode("latin-1"),
        "nul.json": b'{"format": "pcfrules.result/1", "x": "\x00"}',
        "latin1.json": b'{"a": "\xe9"}',
        "not-json.json": b'{"format": ',
        "shape.json": b"[1, 2, 3]",
        "bomb.yaml": _bomb().encode(),
        "unit.yaml": example.replace(
            "{value: 750000, unit: t}", "{value: 750000, unit: t/0}", 1
        ).encode(),
        "date.yaml": example.replace("start: 2025-01-01", "start: 2025-13-45").encode(),
        "rule-path.yaml": example.replace("id: cement", "id: /etc/passwd", 1).encode(),
        "damaged.xlsx": b"PK\x03\x04" + bytes(range(256)) * 8,
    }
    assert made["unit.yaml"] != example.encode() and made["date.yaml"] != example.encode()
    paths = {name: folder / name for name in made}
    for name, content in made.items():
        paths[name].write_bytes(content)
    paths["missing.yaml"] = folder / "missing.yaml"
    paths["folder"] = folder
    paths["result"] = folder / "r.json"
    done = runner.invoke(app, ["calc", str(EXAMPLE), "-o", str(paths["result"])])
    assert done.exit_code == 0, done.output
    return paths


STUDY_COMMANDS: list[Callable[[Path, Path], list[str]]] = [
    lambda f, out: ["calc", str(f)],
    lambda f, out: ["report", str(f), "-o", str(out / "r.html")],
    lambda f, out: ["cbam", str(f), "-o", str(out / "c.json")],
    lambda f, out: ["label", str(f), "-o", str(out / "l.svg")],
]
RESULT_COMMANDS: list[Callable[[Path, Path], list[str]]] = [
    lambda f, out: ["compare", str(f), str(f)],
    lambda f, out: ["label", str(f), "-o", str(out / "l.svg")],
    lambda f, out: ["pact", str(f), "-o", str(out / "p.json")],
    lambda f, out: ["battery", str(f), "--energy-kwh", "1", "-o", str(out / "b.json")],
    lambda f, out: ["export", str(f), "-o", str(out / "t.csv")],
    lambda f, out: ["pact-import", str(f), "--flow", "x", "-o", str(out / "d.yaml")],
]
RULE_COMMANDS: list[Callable[[Path, Path], list[str]]] = [
    lambda f, out: ["rules", "check", str(f)],
    lambda f, out: ["rules", "render", str(f), "-o", str(out / "t.html")],
    lambda f, out: ["workbook", str(f), "-o", str(out / "w.xlsx")],
]
STUDY_INPUTS = [
    "nul.yaml",
    "latin1.yaml",
    "bomb.yaml",
    "unit.yaml",
    "date.yaml",
    "rule-path.yaml",
    "missing.yaml",
    "folder",
]
RESULT_INPUTS = ["nul.json", "latin1.json", "not-json.json", "shape.json", "missing.yaml", "folder"]
RULE_INPUTS = ["nul.yaml", "latin1.yaml", "bomb.yaml", "missing.yaml"]


@pytest.mark.parametrize("bad", STUDY_INPUTS)
@pytest.mark.parametrize("command", range(len(STUDY_COMMANDS)))
def test_commands_reading_a_study(
    inputs: dict[str, Path], tmp_path: Path, command: int, bad: str
) -> None:
    assert_refused(runner.invoke(app, STUDY_COMMANDS[command](inputs[bad], tmp_path)))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", RESULT_INPUTS)
@pytest.mark.parametrize("command", range(len(RESULT_COMMANDS)))
def test_commands_reading_a_result_or_pact_file(
    inputs: dict[str, Path], tmp_path: Path, command: int, bad: str
) -> None:
    assert_refused(runner.invoke(app, RESULT_COMMANDS[command](inputs[bad], tmp_path)))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", RULE_INPUTS)
@pytest.mark.parametrize("command", range(len(RULE_COMMANDS)))
def test_commands_reading_a_rule(
    inputs: dict[str, Path], tmp_path: Path, command: int, bad: str
) -> None:
    assert_refused(runner.invoke(app, RULE_COMMANDS[command](inputs[bad], tmp_path)))


@pytest.mark.parametrize("bad", ["damaged.xlsx", "nul.yaml", "missing.yaml", "folder"])
def test_importing_a_workbook(inputs: dict[str, Path], tmp_path: Path, bad: str) -> None:
    done = runner.invoke(app, ["study", "import", str(inputs[bad]), "-o", str(tmp_path / "s.yaml")])
    assert_refused(done)


@pytest.mark.parametrize(
    "url", ["nonsense://", "sqlite:////no/such/folder/r.db", "postgresql://u@127.0.0.1:9/x"]
)
def test_an_unusable_database_url(inputs: dict[str, Path], url: str) -> None:
    for args in (
        ["registry", "--db", url, "show"],
        ["registry", "--db", url, "init"],
        ["calc", str(EXAMPLE), "--rule", "cement@1.0.0", "--db", url],
    ):
        assert_refused(runner.invoke(app, args))


@pytest.mark.parametrize("text", ["2026-13-01", "yesterday", ""])
def test_a_malformed_date(tmp_path: Path, text: str) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert runner.invoke(app, ["registry", "--db", db, "init"]).exit_code == 0
    assert_refused(runner.invoke(app, ["registry", "--db", db, "--date", text or " ", "show"]))


def _writing_commands(result: Path, out: Path) -> list[list[str]]:
    """Every command that writes a file, writing into ``out``."""
    return [
        ["calc", str(EXAMPLE), "-o", str(out / "r.json")],
        ["calc", str(EXAMPLE), "-n", "5", "--draws-out", str(out / "d.csv")],
        ["compare", str(result), str(result), "-o", str(out / "c.json")],
        ["report", str(result), "-o", str(out / "r.html")],
        ["label", str(result), "-o", str(out / "l.svg")],
        ["pact", str(result), "-o", str(out / "p.json")],
        ["battery", str(result), "--energy-kwh", "1", "-o", str(out / "b.json")],
        ["export", str(result), "-o", str(out / "t.xlsx")],
        ["cbam", str(EXAMPLE), "-o", str(out / "c.json")],
        ["workbook", "cement", "-o", str(out / "w.xlsx")],
        ["rules", "check", "cement", "-o", str(out / "k.json")],
        ["rules", "render", "cement", "-o", str(out / "t.html")],
        ["demo", "-o", str(out / "demo")],
    ]


@pytest.mark.parametrize("command", range(13))
def test_every_writing_command_refuses_an_unwritable_output(
    inputs: dict[str, Path], tmp_path: Path, command: int
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")  # a file where the output's folder should be
    assert_refused(runner.invoke(app, _writing_commands(inputs["result"], blocker)[command]))
    assert [p.name for p in tmp_path.iterdir()] == ["blocker"]


@pytest.mark.parametrize("command", range(13))
def test_every_writing_command_survives_a_full_disk(
    inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: int
) -> None:
    def full(tmp: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "_flush", full)
    done = runner.invoke(app, _writing_commands(inputs["result"], tmp_path)[command])
    assert_refused(done)
    assert os.strerror(errno.ENOSPC) in done.output
    left = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".db"]
    assert left == [], left  # nothing half-written, no temporary file left behind


def test_the_registry_commands_that_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert runner.invoke(app, ["registry", "--db", db, "seed"]).exit_code == 0
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")
    for args in (
        ["dispositions", "cement", "-o", str(blocker / "d.xlsx")],
        ["public-text", "cement", "-o", str(blocker / "text")],
    ):
        assert_refused(runner.invoke(app, ["registry", "--db", db, *args]), 1)


_PACT = {
    "id": "x",
    "specVersion": "3.0.0",
    "pcf": {
        "declaredUnitOfMeasurement": "kilogram",
        "declaredUnitAmount": "1",
        "pcfExcludingBiogenicUptake": "2",
        "referencePeriodStart": "2025-01-01T00:00:00Z",
        "referencePeriodEnd": "2025-12-31T00:00:00Z",
    },
}


@pytest.mark.parametrize(
    "change",
    [
        {"declaredUnitAmount": "0"},
        {"declaredUnitAmount": "-1"},
        {"declaredUnitAmount": "one"},
        {"referencePeriodStart": 5},
        {"dqi": {"technologicalDQR": "good"}},
        {"declaredUnitOfMeasurement": "furlong"},
        {"pcfExcludingBiogenicUptake": None},
    ],
)
def test_a_pact_file_of_the_wrong_shape(tmp_path: Path, change: dict[str, object]) -> None:
    footprint = json.loads(json.dumps(_PACT))
    footprint["pcf"].update(change)
    path = tmp_path / "pf.json"
    path.write_text(json.dumps(footprint), encoding="utf-8")
    out = tmp_path / "d.yaml"
    assert_refused(runner.invoke(app, ["pact-import", str(path), "--flow", "f", "-o", str(out)]))
    assert not out.exists()
