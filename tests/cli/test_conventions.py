"""What every command promises: exit codes 0/1/2, bilingual errors, --format, -o, --version.

Usage errors are said by the console-script entry point (``main``), so those cases run the
real program (``python -m pcfrules``) as a user would, from a folder of their own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pcfrules
from pcfrules.cli import app
from pcfrules.rules import catalog
from tests.output import assert_shows

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
runner = CliRunner()


def _program(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pcfrules", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_version(tmp_path: Path) -> None:
    done = _program("--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"pcfrules {pcfrules.__version__}"


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        (["calc", str(EXAMPLE), "--samples", "many"], "valid integer", "参数值无效：--samples"),
        (["calc", str(EXAMPLE), "--samples", "-5"], "greater than", "参数值无效：--samples"),
        (["calc", str(EXAMPLE), "--sample", "5"], "--sample", "没有这个选项：--sample"),
        (["calc"], "Missing argument", "缺少参数：file"),
        (["battery", "r.json", "--energy-kwh", "x", "-o", "d.json"], "number", "--energy-kwh"),
        (["rules", "render", "cement", "--lang", "fr"], "'fr'", "参数值无效：--lang"),
    ],
)
def test_usage_errors_are_bilingual_and_exit_2(
    args: list[str], english: str, chinese: str, tmp_path: Path
) -> None:
    done = _program(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert_shows(done.stderr, "error / 错误", english, chinese)


def test_bad_dates_are_bilingual_and_exit_2(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert runner.invoke(app, ["registry", "--db", db, "init"]).exit_code == 0
    done = runner.invoke(app, ["registry", "--db", db, "--date", "2026-13-01", "show"])
    assert done.exit_code == 2
    assert_shows(done.output, "2026-13-01", "YYYY-MM-DD", "日期")
    done = runner.invoke(app, ["registry", "--db", db, "recommend", "cement", "B1", "tomorrow"])
    assert done.exit_code == 2
    assert_shows(done.output, "tomorrow", "日期")


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["calc", "missing.yaml"], "file not found"),
        (["calc", "."], "cannot read"),
        (["report", "missing.json", "-o", "r.html"], "file not found"),
        (["label", "broken.json", "-o", "l.svg"], "not valid JSON"),
        (["export", "other.json", "-o", "t.csv"], "pcfrules.result/1"),
        (["rules", "check", "nowhere/rule.yaml"], "no such file"),
        (["rules", "check", "unobtainium"], "catalogue"),
        (["workbook", "cement", "-o", "book.txt/sub/x.xlsx"], "cannot write"),
    ],
)
def test_unreadable_input_exits_2_naming_it(
    args: list[str], shown: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("broken.json").write_text("{not json", encoding="utf-8")
    Path("other.json").write_text('{"format": "something/1"}', encoding="utf-8")
    Path("book.txt").write_text("a file where a folder is needed", encoding="utf-8")
    done = runner.invoke(app, args)
    assert done.exit_code == 2, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)
    assert_shows(done.output, "error / 错误", shown)


def test_refusals_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["calc", str(EXAMPLE), "-o", "a.json"]).exit_code == 0
    steel = catalog.catalog_dir() / "crude-steel-bf-bof" / "example.yaml"
    assert runner.invoke(app, ["calc", str(steel), "-o", "b.json"]).exit_code == 0
    refused = runner.invoke(app, ["compare", "a.json", "b.json"])
    assert refused.exit_code == 1
    assert_shows(refused.output, "different rules", "不可比较")
    other_rule = runner.invoke(
        app, ["report", "a.json", "--rule", "crude-steel-bf-bof", "-o", "x.html"]
    )
    assert other_rule.exit_code == 1 and not Path("x.html").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "list"],
        ["rules", "check", "cement"],
        ["rules", "checks"],
        ["calc", str(EXAMPLE)],
        ["compare", "a.json", "a.json"],
        ["label", "a.json", "-o", "label.svg"],
        ["pact", "a.json", "-o", "pact.json"],
        ["battery", "a.json", "--energy-kwh", "1000", "-o", "battery.json"],
        ["cbam", str(EXAMPLE), "-o", "cbam.json"],
    ],
)
def test_every_command_showing_a_result_takes_format_json(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["calc", str(EXAMPLE), "-o", "a.json"]).exit_code == 0
    table = runner.invoke(app, [*args, "--format", "table"])
    done = runner.invoke(app, [*args, "--format", "json"])
    assert table.exit_code == 0 and done.exit_code == 0, done.output
    assert json.loads(done.stdout)  # standard output is JSON alone
    assert table.stdout != done.stdout


def test_registry_answers_as_tables_too(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert runner.invoke(app, ["registry", "--db", db, "seed"]).exit_code == 0
    as_json = runner.invoke(app, ["registry", "--db", db, "show", "--format", "json"])
    as_table = runner.invoke(app, ["registry", "--db", db, "show", "--format", "table"])
    assert as_json.exit_code == 0 and as_table.exit_code == 0
    standards = json.loads(as_json.stdout)
    assert standards and all(s["rule_id"][:6] in as_table.stdout for s in standards)
    assert as_table.stdout.count("\n") > len(standards)  # one row (or more) per standard


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "check", "--rule", "cement"],
        ["rules", "render", "-r", "cement", "-o", "text.html"],
        ["workbook", "--rule", "cement", "-o", "book.xlsx"],
    ],
)
def test_every_rules_command_takes_the_rule_as_an_option(args: list[str]) -> None:
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    if "-o" in args:
        assert Path(args[args.index("-o") + 1]).stat().st_size > 1000


@pytest.mark.parametrize(
    ("args", "english", "chinese"),
    [
        (["rules", "check", "cement", "--rule", "lime"], "given twice", "给了两次"),
        (["rules", "check"], "no rule given", "缺少规则"),
        (["workbook", "-o", "book.xlsx"], "no rule given", "缺少规则"),
    ],
)
def test_a_missing_or_doubled_rule_is_refused(args: list[str], english: str, chinese: str) -> None:
    done = runner.invoke(app, args)
    assert done.exit_code == 2
    assert_shows(done.output, english, chinese)
    assert not Path("book.xlsx").exists()
