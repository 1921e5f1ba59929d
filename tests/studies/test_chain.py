"""A chain of studies that supply one another, solved as one system (``pcfrules chain``).

The catalogue's power plant burns the coal of the catalogue's mine; here the mine also buys
its grid power from that plant, a loop no study-by-study computation can end. The answer is
checked against the one-study path it must agree with: each study computed alone, with the
footprint it takes from the other typed in as a value, gives back its own chain footprint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import StudyError
from pcfrules.rules import catalog
from pcfrules.studies import compute
from pcfrules.studies.chain import compute_chain
from tests.output import assert_shows


def _copy(tmp_path: Path, rule_id: str, change: dict[str, Any] | None = None) -> Path:
    folder = tmp_path / rule_id
    folder.mkdir(parents=True, exist_ok=True)
    data = yaml.safe_load((catalog.catalog_dir() / rule_id / "example.yaml").read_text("utf-8"))
    data.update(change or {})
    path = folder / "example.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


@pytest.fixture
def loop(tmp_path: Path) -> tuple[Path, Path]:
    """The coal mine takes its power from the plant, the plant its coal from the mine."""
    grid = {"supplied": {"grid_electricity_factor": {"study": "../electricity/example.yaml"}}}
    return _copy(tmp_path, "coal", grid), _copy(tmp_path, "electricity")


def _alone(path: Path, name: str, value: float, unit: str) -> float:
    """The study computed by itself, the chain's input typed in as a value."""
    data = yaml.safe_load(path.read_text("utf-8"))
    data["supplied"].pop(name)
    if not data["supplied"]:
        del data["supplied"]
    typed = {"value": value, "unit": unit, "source": "the chain's answer"}
    if name in catalog.load(data["rule"]["id"]).parameters():
        data.setdefault("parameters", {})[name] = {**typed, "year": 2025}
    else:  # an activity item (the plant's coal footprint)
        data["activity"][name] = {**typed, "data_type": "secondary"}
    alone = path.with_name("alone.yaml")
    alone.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = compute(alone)
    return result.total.value / float(result.functional_unit["quantity"])


def test_one_by_one_the_loop_is_refused_and_the_chain_is_named(loop: tuple[Path, Path]) -> None:
    coal, _ = loop
    with pytest.raises(StudyError, match="loop") as refused:
        compute(coal)
    assert "pcfrules chain" in refused.value.en and "pcfrules chain" in refused.value.zh


def test_the_loop_is_solved_as_one_system(loop: tuple[Path, Path]) -> None:
    coal, power = loop
    chained = compute_chain([coal, power])
    coal_t, power_kwh = chained.per_unit
    assert chained.units == ["t", "kWh"]
    coal_params = chained.results[0].input_sources
    assert coal_params is not None
    grid = coal_params["grid_electricity_factor"]
    assert (grid["kind"], grid["chain"], grid["value"]) == ("study", True, pytest.approx(power_kwh))
    assert _alone(coal, "grid_electricity_factor", power_kwh, "kg/kWh") == pytest.approx(
        coal_t, rel=1e-9
    )
    assert _alone(power, "coal_footprint", coal_t, "kg/t") == pytest.approx(power_kwh, rel=1e-9)


def test_without_a_loop_the_chain_agrees_with_the_study_by_study_path(tmp_path: Path) -> None:
    coal, power = _copy(tmp_path, "coal"), _copy(tmp_path, "electricity")
    chained = compute_chain([power, coal])
    alone = compute(power)
    assert chained.results[0].total.value == pytest.approx(alone.total.value, rel=1e-9)


def test_changing_the_upstream_study_changes_the_downstream_in_the_same_run(
    loop: tuple[Path, Path],
) -> None:
    coal, power = loop
    before = compute_chain([coal, power]).per_unit[1]
    data = yaml.safe_load(coal.read_text("utf-8"))
    data["activity"] = {
        k: ({**v, "value": v["value"] * 2} if k.startswith("ch4") else v)
        for k, v in data["activity"].items()
    }
    coal.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert compute_chain([coal, power]).per_unit[1] != pytest.approx(before, rel=1e-12)


def test_a_study_twice_or_under_the_wrong_rule_is_refused(
    loop: tuple[Path, Path], tmp_path: Path
) -> None:
    coal, power = loop
    with pytest.raises(StudyError, match="twice"):
        compute_chain([coal, power, coal])
    wrong = _copy(
        tmp_path / "w",
        "coal",
        {"supplied": {"grid_electricity_factor": {"study": "../../coal/example.yaml"}}},
    )
    with pytest.raises(StudyError, match="follows rule 'coal'"):
        compute_chain([wrong, coal])


def test_the_cli_writes_every_result_and_shows_the_chain(
    loop: tuple[Path, Path], tmp_path: Path
) -> None:
    coal, power = loop
    out = tmp_path / "results"
    done = CliRunner().invoke(app, ["chain", str(coal), str(power), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert_shows(done.stdout, "chain / 研究链", "coal", "electricity", "kg CO₂e")
    written = json.loads((out / "coal.example.result.json").read_text("utf-8"))
    assert written["input_sources"]["grid_electricity_factor"]["chain"] is True


def test_each_footprint_is_broken_down_by_where_it_arises(loop: tuple[Path, Path]) -> None:
    """Each row of ``arising`` sums to the footprint; a part is the input's difference alone.

    The plant's coal is the mine's own emissions plus the plant's power it takes back; what
    the coal input adds to the plant, computed one study at a time (the plant with the coal
    footprint typed in, minus the plant with coal at zero), is the chain's recorded
    contribution of that input.
    """
    coal, power = loop
    chained = compute_chain([coal, power])
    for row, total in zip(chained.arising, chained.per_unit, strict=True):
        assert sum(row) == pytest.approx(total, rel=1e-12)
    assert all(part > 0 for row in chained.arising for part in row)
    coal_t = chained.per_unit[0]
    sources = chained.results[1].input_sources
    assert sources is not None
    added = _alone(power, "coal_footprint", coal_t, "kg/t") - _alone(
        power, "coal_footprint", 0.0, "kg/t"
    )
    assert sources["coal_footprint"]["contribution"] == pytest.approx(added, rel=1e-9)


def test_a_chain_without_a_loop_arises_in_its_upstream_as_much_as_the_input_adds(
    tmp_path: Path,
) -> None:
    """Lime takes nothing from the chain: all it gives the carbide arises in the lime study."""
    lime = _copy(tmp_path, "lime")
    carbide = _copy(tmp_path, "calcium-carbide")
    chained = compute_chain([lime, carbide])
    assert chained.arising[0] == [pytest.approx(chained.per_unit[0]), 0.0]
    sources = chained.results[1].input_sources
    assert sources is not None
    assert chained.arising[1][0] == pytest.approx(sources["lime_footprint"]["contribution"])
    assert chained.rules() == ["lime", "calcium-carbide"]


def test_the_cli_shows_and_writes_where_each_footprint_arises(
    loop: tuple[Path, Path], tmp_path: Path
) -> None:
    coal, power = loop
    out = tmp_path / "results"
    done = CliRunner().invoke(app, ["chain", str(coal), str(power), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert_shows(done.stdout, "where each footprint arises", "各碳足迹", "%")
    summary = json.loads((out / "chain.json").read_text("utf-8"))
    assert summary["format"] == "pcfrules.chain/1"
    plant = summary["studies"][1]
    assert sum(p["kg_co2e_per_unit"] for p in plant["arising"]) == pytest.approx(
        plant["kg_co2e_per_unit"]
    )
    assert {p["rule"] for p in plant["arising"]} == {"coal", "electricity"}
