"""``pcfrules data import ilcd`` and ``data scores`` as a user runs them, on a database made for it.

The database is the one of ``tests/background/test_link.py``, whose footprints are worked by
hand there; here they must come back through the CLI, in the CSV a user opens.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pcfrules.cli import app
from tests.background.ilcd_files import uid, write
from tests.background.test_link import (
    COAL_KG,
    FLOWS,
    STEEL_KG,
    _processes,
)
from tests.output import assert_shows

from .test_data_cli import assert_refused

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write(tmp_path / "ilcd", FLOWS, _processes(), {1: 1.0, 2: 25.0})


def run(*args: str) -> Result:
    return runner.invoke(app, ["data", *args])


def test_an_import_reports_every_problem_and_a_second_changes_nothing(
    folder: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'p.db'}"
    first = run("import", "ilcd", str(folder), "--name", "test", "--db", db)
    assert first.exit_code == 0, first.output
    assert_shows(
        first.stdout,
        "readiness report / 就绪报告",
        "BG-SINGULAR",
        "BG-PROVIDERS-MANY",
        "12 of 17 processes can be computed",
        "17 个过程中 12 个可计算",
    )
    again = run("import", "ilcd", str(folder), "--name", "test", "--db", db, "--format", "json")
    report = json.loads(again.stdout)
    assert report["created"] is False and report["replaced"] is False
    assert {row["code"]: row["count"] for row in report["by_code"]}["BG-CURRENCY-BLOCK"] == 4
    assert {tuple(p["datasets"]) for p in report["problems"] if p["code"] == "BG-NO-PROVIDER"} == {
        (uid(104), uid(19))
    }
    listed = json.loads(run("list", "--db", db, "--format", "json").stdout)
    assert [(r["name"], r["release"]) for r in listed] == [("test", "2024-04-15")]


def test_scores_come_back_as_computed_by_hand_in_the_csv(folder: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.db'}"
    assert run("import", "ilcd", str(folder), "--name", "test", "--db", db).exit_code == 0
    out = tmp_path / "scores.csv"
    done = run("scores", "test", "--db", db, "-o", str(out))
    assert done.exit_code == 0, done.output
    assert_shows(done.stdout, "products scored", "个产品的碳足迹", "AR6-GWP100")
    text = out.read_bytes().decode("utf-8-sig")
    rows = {r["process_uuid"]: r for r in csv.DictReader(io.StringIO(text))}
    assert float(rows[uid(104)]["kg CO2e per unit (AR6-GWP100)"]) == pytest.approx(STEEL_KG)
    assert float(rows[uid(100)]["kg CO2e per unit (AR6-GWP100)"]) == pytest.approx(COAL_KG)
    assert rows[uid(100)]["name_zh"] == "coal mining（中文）"
    assert "kg CO2e per unit (Climate change)" in rows[uid(100)]


def test_one_dataset_is_explained_by_its_supply_chain(folder: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.db'}"
    assert run("import", "ilcd", str(folder), "--name", "test", "--db", db).exit_code == 0
    done = run("scores", "test", "--db", db, "--dataset", uid(104), "--format", "json")
    found = json.loads(done.stdout)
    assert found["kg_co2e"] == pytest.approx(STEEL_KG)
    assert sum(p["kg_co2e"] for p in found["contributions"]) == pytest.approx(STEEL_KG)
    table = run("scores", "test", "--db", db, "--dataset", uid(104))
    assert_shows(table.stdout, "contributions / 贡献分析", "steel（中文）", "electricity SD")


def test_an_override_is_taken_and_a_bad_one_refused(folder: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.db'}"
    prefer = f"{uid(10)}={uid(103)}"
    done = run("import", "ilcd", str(folder), "--name", "t", "--db", db, "--prefer", prefer)
    assert done.exit_code == 0, done.output
    shown = json.loads(run("show", "t", uid(104), "--db", db, "--format", "json").stdout)
    assert "override" in json.dumps(shown) and uid(103) in json.dumps(shown)
    assert_refused(run("import", "ilcd", str(folder), "--db", db, "--prefer", "x"), "--prefer")


def test_what_is_no_ilcd_database_is_refused_naming_it(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.db'}"
    (tmp_path / "empty").mkdir()
    assert_refused(run("import", "ilcd", str(tmp_path / "empty"), "--db", db), "ILCD")
    assert_refused(run("scores", "nothing", "--db", db), "nothing")


def test_the_same_files_with_another_override_relink_the_release(
    folder: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'p.db'}"
    assert run("import", "ilcd", str(folder), "--name", "t", "--db", db).exit_code == 0
    prefer = f"{uid(10)}={uid(103)}"
    done = run(
        "import",
        "ilcd",
        str(folder),
        "--name",
        "t",
        "--db",
        db,
        "--prefer",
        prefer,
        "--format",
        "json",
    )
    assert json.loads(done.stdout)["replaced"] is True
    again = run(
        "import",
        "ilcd",
        str(folder),
        "--name",
        "t",
        "--db",
        db,
        "--prefer",
        prefer,
        "--format",
        "json",
    )
    assert json.loads(again.stdout)["created"] is False
