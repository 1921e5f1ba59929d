"""The catalogue's worked chains, computed at once, against the study-by-study path.

The chain's answer must agree with what a user gets computing each study alone with the
footprints it takes from the others typed in; where a footprint arises must follow, path by
path, from what each input adds; and changing one upstream study recomputes exactly the
studies downstream of it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from pcfrules.rules import catalog
from pcfrules.studies import compute
from pcfrules.studies.chain import Chained, compute_chain

CHAIN = "battery-car"


@pytest.fixture(scope="module")
def chained() -> Chained:
    return compute_chain(catalog.chains()[CHAIN])


def _copy(tmp_path: Path) -> list[Path]:
    """The chain's files copied, so a test may change one; outside links point back home."""
    folder = tmp_path / "chains" / CHAIN
    folder.mkdir(parents=True)
    for rule_id in catalog.catalog_ids():  # ../../<rule>/example.yaml links still resolve
        shutil.copytree(catalog.catalog_dir() / rule_id, tmp_path / rule_id)
    return [Path(shutil.copy(f, folder / f.name)) for f in catalog.chains()[CHAIN]]


def _alone(path: Path, typed: dict[str, tuple[float, str]]) -> float:
    """The study computed by itself, each input from the chain typed in as a value."""
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    rule = catalog.load(data["rule"]["id"])
    for name, (value, unit) in typed.items():
        data["supplied"].pop(name)
        given = {"value": value, "unit": unit, "source": "the chain's answer"}
        if name in rule.parameters():
            data.setdefault("parameters", {})[name] = {**given, "year": 2025}
        else:
            data["activity"][name] = {**given, "data_type": "secondary"}
    if not data.get("supplied"):
        data.pop("supplied", None)
    alone = path.with_name(f"alone-{path.name}")
    alone.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = compute(alone)
    return result.total.value / float(result.functional_unit["quantity"])


def _typed(chained: Chained, i: int) -> dict[str, tuple[float, str]]:
    sources = chained.results[i].input_sources or {}
    return {k: (v["value"], v["unit"]) for k, v in sources.items() if v.get("chain")}


def test_every_study_agrees_with_itself_computed_alone(chained: Chained, tmp_path: Path) -> None:
    files = _copy(tmp_path)
    for i, path in enumerate(files):
        alone = _alone(path, _typed(chained, i))
        assert alone == pytest.approx(chained.per_unit[i], rel=1e-9), path.name


def test_where_a_footprint_arises_follows_from_what_each_input_adds(chained: Chained) -> None:
    """arising[i][j] = Σ_k (what input k adds to i ÷ k's footprint) · arising[k][j], j ≠ i.

    The chain computes it as (I − Q)⁻¹ · diag(d); this walks it input by input instead.
    """
    index = {f.resolve(): k for k, f in enumerate(catalog.chains()[CHAIN])}
    for i, result in enumerate(chained.results):
        sources = result.input_sources or {}
        walked = [0.0] * len(chained.results)
        for source in (s for s in sources.values() if s.get("chain")):
            k = index[Path(source["file"]).resolve()]
            per = source["contribution"] / chained.per_unit[k]
            for j, part in enumerate(chained.arising[k]):
                walked[j] += per * part
        own = chained.per_unit[i] - sum(walked)
        assert chained.arising[i][i] == pytest.approx(own, rel=1e-9)
        for j, part in enumerate(walked):
            if j != i:
                assert chained.arising[i][j] == pytest.approx(part, rel=1e-9, abs=1e-9)
        assert sum(chained.arising[i]) == pytest.approx(chained.per_unit[i], rel=1e-12)


def test_changing_the_power_company_recomputes_what_is_downstream_of_it(
    chained: Chained, tmp_path: Path
) -> None:
    files = _copy(tmp_path)
    power = yaml.safe_load(files[0].read_text("utf-8"))
    power["activity"]["coal_burnt"]["value"] *= 1.1
    files[0].write_text(yaml.safe_dump(power, allow_unicode=True), "utf-8")
    again = compute_chain(files)
    takes_power = {
        i
        for i, r in enumerate(again.results)
        if any(s.get("chain") for s in (r.input_sources or {}).values())
    }
    for i, (before, after) in enumerate(zip(chained.per_unit, again.per_unit, strict=True)):
        depends = i == 0 or chained.arising[i][0] != 0
        assert (after != pytest.approx(before, rel=1e-12)) == depends, files[i].name
    assert takes_power  # some study does take from the chain


def test_the_car_is_broken_down_by_every_upstream_standard(chained: Chained) -> None:
    """The car's footprint arises under all six standards; the battery's under four."""
    car, battery = len(chained.results) - 1, len(chained.results) - 2
    rules = chained.rules()
    assert rules == [
        "electricity",
        "electrolytic-aluminium",
        "crude-steel-bf-bof",
        "crude-steel-eaf",
        "lithium-ion-battery",
        "bev-passenger-car",
    ]
    assert all(part > 0 for part in chained.arising[car])
    assert [rules[j] for j, part in enumerate(chained.arising[battery]) if part] == [
        "electricity",
        "electrolytic-aluminium",
        "crude-steel-bf-bof",
        "lithium-ion-battery",
    ]
    assert chained.arising[2] == [0.0, 0.0, chained.per_unit[2], 0.0, 0.0, 0.0]  # BF-BOF alone
    [per_km] = chained.results[car].also_per or []
    assert per_km.unit == "km" and per_km.value == pytest.approx(
        chained.per_unit[car] / per_km.per_declared_unit
    )
