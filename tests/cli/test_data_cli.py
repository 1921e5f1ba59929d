"""``pcfrules data list/show/search`` on a saved background database: tables, JSON, refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pcfrules.background import store
from pcfrules.cli import app
from pcfrules.registry import make_engine, migrate
from tests.background.test_store import GRID_CN, GRID_SD, KILN, POWER, sample_database
from tests.output import assert_shows

runner = CliRunner()
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A migrated SQLite database holding the sample TianGong release."""
    url = f"sqlite:///{tmp_path / 'background.db'}"
    engine = make_engine(url)
    migrate(engine)
    store.save(engine, sample_database())
    engine.dispose()
    return url


def run(*args: str) -> Result:
    return runner.invoke(app, ["data", *args])


def assert_refused(done: Result, *needles: str) -> None:
    """Exit code 2, the error in both languages, no traceback."""
    assert done.exit_code == 2, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    assert "Traceback" not in done.output
    assert "error / 错误" in done.output and CJK.search(done.output.split("错误", 1)[1])
    assert_shows(done.output, *needles)


def test_list_as_a_table_and_as_json(db: str) -> None:
    table = run("list", "--db", db)
    assert table.exit_code == 0, table.output
    assert_shows(table.stdout, "name / 名称", "release / 版本", "TianGong", "2024", "CC BY-NC 4.0")
    done = run("list", "--db", db, "--format", "json")
    (listed,) = json.loads(done.stdout)
    assert (listed["name"], listed["release"], listed["counts"]["exchanges"]) == (
        "TianGong",
        "2024",
        7,
    )
    assert listed["imported_at"].endswith("+00:00")


def test_list_takes_the_database_from_the_environment(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCFRULES_DATABASE_URL", db)
    done = run("list", "--format", "json")
    assert done.exit_code == 0 and json.loads(done.stdout)[0]["name"] == "TianGong"


def test_list_of_a_database_with_none_imported(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(make_engine(url))
    table = run("list", "--db", url)
    assert table.exit_code == 0 and "尚未导入背景数据库" in table.stdout
    assert json.loads(run("list", "--db", url, "-f", "json").stdout) == []


def test_show_a_release(db: str) -> None:
    table = run("show", "TianGong", "--db", db)
    assert table.exit_code == 0, table.output
    assert_shows(table.stdout, "exchanges / 交换", "BG-PROVIDER-SEVERAL", "BG-AMOUNT-OUTLIER")
    data = json.loads(run("show", "TianGong", "--db", db, "--format", "json").stdout)
    assert data["problems"] == {"BG-AMOUNT-OUTLIER": 1, "BG-PROVIDER-SEVERAL": 1}
    assert data["counts"]["processes"] == 3 and data["release"] == "2024"


def test_show_a_dataset_with_the_provider_chosen_for_its_input(db: str) -> None:
    table = run("show", "TianGong", KILN, "--db", db)
    assert table.exit_code == 0, table.output
    assert_shows(
        table.stdout,
        "水泥熟料生产",
        "Cement clinker production",
        "CN-SD",
        "1 kg",
        "input / 输入",
        "山东电网电力",
        "same location / 同一地点",
        "BG-PROVIDER-SEVERAL",
    )
    data = json.loads(run("show", "TianGong", KILN, "--db", db, "-f", "json").stdout)
    assert data["reference"] == {
        "flow": data["exchanges"][0]["flow"],
        "amount": 1.0,
        "unit": "kg",
        "name_en": "Cement clinker",
        "name_zh": "水泥熟料",
    }
    (power,) = [e for e in data["exchanges"] if e["flow"] == POWER]
    assert power["provider"]["uuid"] == GRID_SD and power["rule"] == "same-location"
    assert [p["code"] for p in data["problems"]] == ["BG-PROVIDER-SEVERAL"]


def test_search_as_a_table_and_as_json(db: str) -> None:
    table = run("search", "电网", "--db", db)
    assert table.exit_code == 0, table.output
    assert_shows(table.stdout, "找到 2 个数据集", GRID_CN, GRID_SD, "全国电网平均电力")
    done = run("search", "GRID", "--location", "CN*", "--db", db, "--format", "json")
    assert {h["uuid"] for h in json.loads(done.stdout)} == {GRID_CN, GRID_SD}
    only = run(
        "search", "--classification", "cement", "--db-name", "TianGong", "--db", db, "-f", "json"
    )
    assert [h["uuid"] for h in json.loads(only.stdout)] == [KILN]


def test_search_finding_nothing_says_so(db: str) -> None:
    done = run("search", "aluminium", "--db", db)
    assert done.exit_code == 0 and "未找到数据集" in done.stdout
    assert json.loads(run("search", "aluminium", "--db", db, "-f", "json").stdout) == []


def test_search_says_when_the_limit_cut_it_short(db: str) -> None:
    done = run("search", "--limit", "1", "--db", db)
    assert done.exit_code == 0
    assert_shows(done.output, "--limit", "仅显示前 1 个")


def test_the_answer_is_also_written_as_json(db: str, tmp_path: Path) -> None:
    out = tmp_path / "kiln.json"
    done = run("show", "TianGong", KILN, "--db", db, "-f", "json", "-o", str(out))
    assert done.exit_code == 0
    assert json.loads(out.read_text("utf-8")) == json.loads(done.stdout)


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["show", "ELCD"], ["ELCD", "TianGong 2024", "没有背景数据库"]),
        (["show", "TianGong", "--release", "2019"], ["no release 2019", "没有版本 2019"]),
        (["show", "TianGong", "no-such-uuid"], ["no-such-uuid", "没有数据集"]),
        (["search", "grid", "--db-name", "ELCD"], ["ELCD", "没有背景数据库"]),
    ],
)
def test_what_is_not_there_is_refused_in_both_languages(
    db: str, args: list[str], needles: list[str]
) -> None:
    assert_refused(run(*args, "--db", db), *needles)


def test_a_database_not_initialised_is_refused(tmp_path: Path) -> None:
    done = run("list", "--db", f"sqlite:///{tmp_path / 'new.db'}")
    assert_refused(done, "registry init", "未初始化")


def test_an_unusable_database_url_is_refused() -> None:
    assert_refused(run("search", "grid", "--db", "sqlite:////no/such/folder/b.db"), "--db")
