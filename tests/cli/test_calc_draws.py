"""``calc --draws-out`` streams every draw to a CSV file; the number of draws is bounded."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import StudyError
from pcfrules.limits import DRAWS
from pcfrules.rules import catalog
from pcfrules.studies import compute
from tests.bounds import refused_within
from tests.output import assert_shows

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
runner = CliRunner()


def test_draws_out_holds_every_draw_in_order(tmp_path: Path) -> None:
    draws, result = tmp_path / "draws.csv", tmp_path / "r.json"
    done = runner.invoke(
        app,
        [
            "calc",
            str(EXAMPLE),
            "-n",
            "300",
            "-s",
            "4",
            "--draws-out",
            str(draws),
            "-o",
            str(result),
        ],
    )
    assert done.exit_code == 0, done.output
    rows = list(csv.reader(draws.open(encoding="utf-8")))
    assert rows[0] == ["draw", "total_kg_co2e"] and len(rows) == 301
    assert [int(r[0]) for r in rows[1:]] == list(range(1, 301))
    held = json.loads(result.read_text("utf-8"))["uncertainty"]["draws"]
    assert [float(r[1]) for r in rows[1:]] == held


def test_progress_is_told_every_draw(tmp_path: Path) -> None:
    done: list[int] = []
    compute(EXAMPLE, samples=250, seed=1, advance=done.append)
    assert sum(done) == 250


def test_too_many_draws_are_refused_before_anything_is_drawn(tmp_path: Path) -> None:
    too_many = DRAWS.value + 1
    error = refused_within(2.0, StudyError, lambda: compute(EXAMPLE, samples=too_many))
    assert error.location.path == "samples" and "PCFRULES_MAX_DRAWS" in error.en
    out = tmp_path / "d.csv"
    done = runner.invoke(app, ["calc", str(EXAMPLE), "-n", str(too_many), "--draws-out", str(out)])
    assert done.exit_code == 2 and not out.exists()
    assert_shows(done.output, str(DRAWS.value), "蒙特卡洛抽样次数")


def test_the_draws_limit_can_be_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCFRULES_MAX_DRAWS", "10")
    with pytest.raises(StudyError):
        compute(EXAMPLE, samples=11)
    assert compute(EXAMPLE, samples=10).uncertainty is not None


def test_draws_beyond_the_study_memory_budget_are_refused_before_drawing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    uncertain = text.replace(
        "  coal_consumed: {value: 110000, unit: t}",
        "  coal_consumed: {value: 110000, unit: t, "
        "uncertainty: {distribution: lognormal, sigma: 0.05}}",
    )
    assert uncertain != text
    study = tmp_path / "uncertain.yaml"
    study.write_text(uncertain, encoding="utf-8")
    monkeypatch.setenv("PCFRULES_MAX_STUDY_DRAW_BYTES", str(1024 * 1024))  # 1 MiB
    error = refused_within(2.0, StudyError, lambda: compute(study, samples=100_000, seed=1))
    assert "PCFRULES_MAX_STUDY_DRAW_BYTES" in error.en and "内存" in error.zh
    assert error.location.path == "samples"
    assert compute(study, samples=200, seed=1).uncertainty is not None  # within the budget
