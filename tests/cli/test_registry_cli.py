"""``pcfrules registry`` as a user drives it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.cli.registry import hoist_options
from pcfrules.rules import catalog
from pcfrules.rules.loader import yaml_bytes
from tests.output import assert_shows
from tests.registry.conftest import stricter_cement

runner = CliRunner()


def _run(db: str, *args: str, person: str = "Sec") -> tuple[int, str]:
    """A registry command acting as ``person`` (the secretariat by default)."""
    result = runner.invoke(app, ["registry", "--db", db, "--as", person, *args])
    return result.exit_code, result.output


def _paper(db: str, day: str, *args: str) -> tuple[int, str]:
    """A step of a procedure run on paper, brought in at the day it happened."""
    return _run(db, "--date", day, "--date-reason", "paper procedure", *args)


def test_procedure_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert _run(db, "init")[0] == 0
    assert _run(db, "person", "Sec", "CBMF", "education_research")[0] == 0
    assert _run(db, "association", "CBMF", "中国建筑材料联合会", "CBMF")[0] == 0
    for name, category, role in [
        ("Wang", "producer", "stakeholder"),
        ("Drafter", "education_research", "drafter"),
        ("Wu", "government", "reviewer"),
    ]:
        assert _run(db, "person", name, "org", category)[0] == 0
        assert _run(db, "grant", name, "CBMF", role)[0] == 0
    assert (
        _paper(
            db,
            "2026-02-01",
            "propose",
            "cement",
            "--association",
            "CBMF",
            "--sector",
            "建材",
            "--drafter",
            "Drafter",
        )[0]
        == 0
    )
    for step in ("approve-project", "draft"):
        assert _paper(db, "2026-02-02", step, "cement")[0] == 0
    code, out = _paper(db, "2026-03-01", "open-comment", "cement", "--days", "20")
    assert code == 1
    assert_shows(out, "at least 30 days", "不得少于")
    code, out = _run(db, "--date", "2026-03-01", "open-comment", "cement")
    assert code == 1
    assert_shows(out, "a back-dated step needs a reason", "须说明理由")
    assert _paper(db, "2026-03-01", "open-comment", "cement")[0] == 0
    code, out = _paper(db, "2026-03-02", "comment", "cement", "Wang", "scope", "ok")
    assert code == 0
    assert_shows(out, "comment recorded / 已提交意见 1 on / 针对 cement scope, by / 提出人 Wang")
    assert _paper(db, "2026-03-05", "dispose", "1", "accepted")[0] == 0
    draft = tmp_path / "cement-review-draft.yaml"
    draft.write_bytes(yaml_bytes(stricter_cement().model_dump(mode="json", by_alias=True)))
    code, out = _paper(db, "2026-03-20", "update", str(draft), "--answers", "1")
    assert code == 1  # the comment draft is out for comment until 2026-03-31
    assert_shows(out, "after public comment has closed")
    code, out = _paper(db, "2026-03-10", "review", "cement")
    assert code == 1
    assert_shows(out, "2026-03-31")
    code, out = _paper(db, "2026-03-04", "review", "cement")
    assert code == 1
    assert_shows(out, "before the standard's previous step", "早于该标准的上一步骤")
    code, out = _paper(db, "2026-04-01", "review", "cement")
    assert code == 1
    assert_shows(out, "accepted but no change of the text answers them: [1]")
    assert _paper(db, "2026-04-01", "update", str(draft), "--answers", "1")[0] == 0
    assert _paper(db, "2026-04-01", "review", "cement")[0] == 0
    stages = json.loads(_run(db, "stages", "cement", "--format", "json")[1])
    assert [s["stage"] for s in stages["stages"]] == ["comment_draft", "review_draft"]
    assert [c["path"] for c in stages["stages"][1]["changes"]] == [
        "boundary.cut_off.cumulative_percent"
    ]
    assert stages["revisions"][0]["answers"] == [1]
    code, out = _run(db, "vote", "cement", "Wu", "yes", person="Wang")
    assert code == 1
    assert_shows(out, "'Wang' is not secretariat of CBMF: 'vote' needs that role", "秘书处")
    assert _paper(db, "2026-04-02", "vote", "cement", "Wu", "yes")[0] == 0
    code, out = _paper(db, "2026-04-03", "vote", "cement", "Wu", "no", "--reason", "unsourced")
    assert code == 0
    assert_shows(_run(db, "objections", "cement")[1], "unsourced", "open")
    code, out = _paper(db, "2026-04-04", "vote", "cement", "Wu", "yes")
    assert code == 0, out  # a changed vote, never a raw database error
    assert_shows(_run(db, "objections", "cement")[1], "withdrawn")
    assert _paper(db, "2026-04-10", "approve", "cement")[0] == 0
    code, out = _paper(db, "2026-04-15", "publish", "cement", "2026-04-15", "2026-07-01")
    assert code == 0
    assert_shows(out, "warning / 警告", "T/CBMF 1—2026")
    code, out = _run(db, "show", "cement", "--format", "json")
    assert json.loads(out)["versions"][0]["state"] == "published"
    code, out = _run(db, "history", "cement", "--format", "json")
    trail = json.loads(out)
    assert [r["action"] for r in trail["audit"]][-1] == "publish"
    assert trail["dispositions"]["1.0.0"][0]["disposition"] == "accepted"
    table = tmp_path / "t.xlsx"
    assert _run(db, "dispositions", "cement", "-o", str(table))[0] == 0 and table.exists()
    assert _run(db, "public-text", "cement", "-o", str(tmp_path / "pub"))[0] == 0
    assert json.loads(_run(db, "disclosure", "cement")[1])["标准编号"] == "T/CBMF 1—2026"


def test_seed_and_dashboard(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    code, out = _run(db, "seed")
    assert code == 0
    assert_shows(out, "T/PCFR 1—2026")
    board = json.loads(_run(db, "dashboard", "--format", "json")[1])
    assert board["progress_2027"]["published"] == len(catalog.catalog_ids())


def test_uninitialised_database_message(tmp_path: Path) -> None:
    code, out = _run(f"sqlite:///{tmp_path / 'none.db'}", "show")
    assert code == 1
    assert_shows(out, "registry init")


def test_acting_as_a_person_who_is_not_registered(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert _run(db, "init")[0] == 0
    code, out = _run(db, "association", "CBMF", "中国建筑材料联合会", "CBMF", person="Nobody")
    assert code == 1
    assert_shows(out, "'Nobody' is not a registered person", "不是登记人员")
    result = runner.invoke(app, ["registry", "--db", db, "association", "X", "x", "x"])
    assert result.exit_code == 1
    assert_shows(result.output, "no person named for this step", "未指明操作人")
    assert _run(db, "person", "Sec", "CBMF", "producer")[0] == 0
    assert _run(db, "association", "CBMF", "中国建筑材料联合会", "CBMF")[0] == 0
    assert _run(db, "person", "Wang", "plant", "producer")[0] == 0
    assert _run(db, "grant", "Wang", "CBMF", "reviewer")[0] == 0
    code, out = _run(db, "people", "--format", "json")
    roles = {p["name"]: p["roles"] for p in json.loads(out)}
    assert roles == {"Sec": ["CBMF:secretariat"], "Wang": ["CBMF:reviewer"]}


def _steps_to_approval(db: str) -> None:
    """Sec runs CBMF; cement is brought in as a paper procedure up to approval."""
    for args in (
        ("init",),
        ("person", "Sec", "CBMF", "education_research"),
        ("association", "CBMF", "中国建筑材料联合会", "CBMF"),
        ("person", "Drafter", "org", "education_research"),
        ("person", "Wu", "org", "government"),
        ("grant", "Drafter", "CBMF", "drafter"),
        ("grant", "Wu", "CBMF", "reviewer"),
    ):
        assert _run(db, *args)[0] == 0
    for day, *args in (
        (
            "2026-02-02",
            "propose",
            "cement",
            "--association",
            "CBMF",
            "--sector",
            "建材",
            "--drafter",
            "Drafter",
        ),
        ("2026-02-03", "approve-project", "cement"),
        ("2026-02-03", "draft", "cement"),
        ("2026-03-01", "open-comment", "cement"),
        ("2026-04-01", "review", "cement"),
        ("2026-04-02", "vote", "cement", "Wu", "yes"),
        ("2026-04-03", "approve", "cement"),
    ):
        assert _paper(db, day, *args)[0] == 0


def test_every_step_says_what_happened_in_one_bilingual_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert _run(db, "init")[0] == 0
    assert _run(db, "person", "Sec", "CBMF", "education_research")[1].strip() == (
        "person registered / 已登记人员 Sec (CBMF, education_research)"
    )
    result = runner.invoke(
        app, ["registry", "--db", db, "--as", "Sec", "association", "CBMF", "建材联合会", "CBMF"]
    )
    assert result.stdout.splitlines() == [
        "association registered / 已登记社会团体 CBMF (建材联合会), secretariat / 秘书处 Sec"
    ]
    _steps_to_approval(f"sqlite:///{tmp_path / 'full.db'}")
    db = f"sqlite:///{tmp_path / 'full.db'}"
    result = runner.invoke(
        app,
        [
            "registry",
            "--db",
            db,
            "--as",
            "Sec",
            "--date",
            "2026-04-15",
            "--date-reason",
            "paper",
            "publish",
            "cement",
            "2026-04-15",
            "2026-07-01",
        ],
    )
    sha = json.loads(_run(db, "show", "cement", "--format", "json")[1])["versions"][0]["sha256"]
    assert result.stdout.splitlines() == [f"published / 已发布 T/CBMF 1—2026, SHA-256 {sha[:8]}…"]
    assert_shows(result.stderr, "warning / 警告")  # missing categories, apart from the line


def test_a_step_in_machine_form(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    _steps_to_approval(db)
    result = runner.invoke(
        app,
        [
            "registry",
            "--db",
            db,
            "--as",
            "Sec",
            "--date",
            "2026-04-15",
            "--date-reason",
            "paper",
            "publish",
            "cement",
            "2026-04-15",
            "2026-07-01",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert (answer["step"], answer["subject"], answer["number"]) == (
        "publish",
        "T/CBMF 1—2026",
        "T/CBMF 1—2026",
    )
    assert len(answer["sha256"]) == 64


def test_registry_options_after_the_subcommand(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    _steps_to_approval(db)
    result = runner.invoke(
        app,
        [
            "registry",
            "publish",
            "cement",
            "2026-04-15",
            "2026-07-01",
            "--db",
            db,
            "--as",
            "Sec",
            "--date=2026-04-15",
            "--date-reason",
            "paper",
        ],
    )
    assert result.exit_code == 0, result.output
    assert_shows(result.stdout, "published / 已发布 T/CBMF 1—2026")
    result = runner.invoke(app, ["registry", "show", "cement", "--db", db])
    assert result.exit_code == 0 and "published" in result.stdout


def test_read_commands_print_tables_by_default(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    _steps_to_approval(db)
    for command, title in (
        ("show", "versions / 版本"),
        ("history", "audit trail / 审计记录"),
        ("dashboard", "priority_coverage"),
    ):
        args = [command] if command == "dashboard" else [command, "cement"]
        code, out = _run(db, *args)
        assert code == 0
        assert_shows(out, title)
        assert not out.lstrip().startswith(("{", "["))  # a table, not JSON


def test_options_are_hoisted_but_not_past_a_double_dash() -> None:
    assert hoist_options(["show", "x", "--db", "u", "--as=Sec", "--", "--as", "y"]) == [
        "--db",
        "u",
        "--as=Sec",
        "show",
        "x",
        "--",
        "--as",
        "y",
    ]


def test_propose_takes_the_rule_with_rule_too(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    for args in (
        ("init",),
        ("person", "Sec", "CBMF", "education_research"),
        ("association", "CBMF", "中国建筑材料联合会", "CBMF"),
        ("person", "Drafter", "org", "education_research"),
        ("grant", "Drafter", "CBMF", "drafter"),
    ):
        assert _run(db, *args)[0] == 0
    proposal = ("--association", "CBMF", "--sector", "建材", "--drafter", "Drafter")
    code, out = _run(db, "propose", "--rule", "cement", *proposal)
    assert code == 0, out
    assert "cement" in _run(db, "show", "cement")[1]
    code, out = _run(db, "propose", *proposal)
    assert code == 2 and "no rule given" in out and "缺少规则" in out


def test_comment_kinds_and_support_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert _run(db, "init")[0] == 0
    assert _run(db, "person", "Sec", "CBMF", "education_research")[0] == 0
    assert _run(db, "association", "CBMF", "中国建筑材料联合会", "CBMF")[0] == 0
    for name, role in [("Wang", "stakeholder"), ("Li", "stakeholder"), ("Drafter", "drafter")]:
        assert _run(db, "person", name, "org", "producer")[0] == 0
        assert _run(db, "grant", name, "CBMF", role)[0] == 0
    propose = ["propose", "cement", "--association", "CBMF", "--sector", "建材"]
    assert _run(db, *propose, "--drafter", "Drafter")[0] == 0
    for step in ("approve-project", "draft", "open-comment"):
        assert _run(db, step, "cement")[0] == 0
    code, out = _run(
        db, "comment", "cement", "Wang", "scope", "typo", "--kind", "xx", person="Wang"
    )
    assert code == 1
    assert_shows(out, "unknown comment kind 'xx' (allowed: ge, te, ed)", "未知的意见类型")
    code, out = _run(
        db, "comment", "cement", "Wang", "scope", "typo", "--kind", "ed", person="Wang"
    )
    assert code == 0
    assert_shows(out, "comment recorded / 已提交意见 1", "by / 提出人 Wang, ed")
    code, out = _run(db, "support", "1", person="Li")
    assert code == 0
    assert_shows(out, "comment supported / 已附议意见 1, by / 附议人 Li")
    code, out = _run(db, "support", "1", person="Li")
    assert code == 1
    assert_shows(out, "'Li' supports comment 1 already", "已附议意见 1")
    code, out = _run(db, "support", "1", "--format", "json", person="Wang")
    assert code == 1
    assert_shows(out, "one cannot support one's own comment")
    trail = json.loads(_run(db, "history", "cement", "--format", "json")[1])
    (comment,) = trail["dispositions"]["1.0.0"]
    assert (comment["kind"], comment["supporters"]) == ("ed", ["Li"])
    assert [r["action"] for r in trail["audit"]][-2:] == ["comment", "support-comment"]
