"""Linked inputs supplied by a dataset of a background database (``supplied: dataset:``).

The cement example's grid factor is ``upstream: electricity``; here a study supplies it from a
background dataset through a small :class:`FakeBackground`, answering as the background room's
store does. Every expected number is computed by hand from the example and the rule as they
are written in the catalogue.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from pcfrules.background.model import DatasetFootprint
from pcfrules.errors import BackgroundError, Location, RuleValidationError, StudyError
from pcfrules.reports.report import report_bytes
from pcfrules.rules import catalog, expr
from pcfrules.studies import compute, load_input, parse_result, read_result, run_study
from pcfrules.studies.model import Study
from pcfrules.studies.result_model import Result, write_result

EXAMPLE = catalog.catalog_dir() / "cement" / "example.yaml"
RULE = catalog.load("cement")
FACTOR = next(p.id for p in RULE.inventory.parameters if p.upstream == "electricity")
SPEC = "tiangong@2024-04-26:6f2b6d2e-1c3a-4b5d-8e9f-0a1b2c3d4e5f"
KWH_PER = {"kWh": 1.0, "MWh": 1000.0}  # kWh in one unit of the dataset's reference flow


class FakeBackground:
    """A background store that knows one dataset, and remembers what it was asked."""

    def __init__(self, kg_co2e: float = 0.75, unit: str = "kWh", gwp_set: str = "") -> None:
        self.kg_co2e, self.unit, self.gwp_set = kg_co2e, unit, gwp_set
        self.asked: list[tuple[str, str]] = []

    def footprint(self, spec: str, gwp_set: str) -> DatasetFootprint:
        """The one dataset, characterised with the set asked for (or the one it was made with)."""
        self.asked.append((spec, gwp_set))
        return DatasetFootprint(
            database="tiangong",
            release="2024-04-26",
            uuid=spec.rsplit(":", 1)[1],
            name_en="electricity, grid mix, high voltage",
            name_zh="电网电力，高压",
            location="CN",
            licence="MIT",
            source="TianGong LCA Data Working Group",
            unit=self.unit,
            kg_co2e=self.kg_co2e,
            gwp_set=self.gwp_set or gwp_set,
            year=None,
        )


def _study(tmp_path: Path, supply: dict[str, Any]) -> Path:
    """The cement example with its grid factor supplied as ``supply`` says."""
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["supplied"] = {FACTOR: supply}
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def _electricity_per_unit() -> float:
    """kWh per functional unit that the grid factor multiplies, read from the rule and example."""
    activity = yaml.safe_load(EXAMPLE.read_text("utf-8"))["activity"]
    kwh = 0.0
    for formula in RULE.inventory.formulas:
        names = expr.parse(formula.expression).names
        if FACTOR in names:
            (item,) = names - {FACTOR}  # each is ``<electricity item> * factor``
            assert activity[item]["unit"] == "kWh"
            kwh += activity[item]["value"]
    output = activity[RULE.unit.reference_flow.item]
    assert output["unit"] == RULE.unit.unit
    return float(kwh / output["value"] * RULE.unit.quantity)


@pytest.fixture(scope="module")
def without() -> float:
    """The example's footprint with the rule's default grid factor."""
    return compute(EXAMPLE).total.value


@pytest.mark.parametrize(("unit", "kg_co2e"), [("kWh", 0.75), ("MWh", 412.0)])
def test_the_dataset_replaces_the_default_by_its_footprint_per_unit(
    tmp_path: Path, without: float, unit: str, kg_co2e: float
) -> None:
    background = FakeBackground(kg_co2e, unit)
    result = compute(_study(tmp_path, {"dataset": SPEC}), background=background)
    default = RULE.parameters()[FACTOR]
    assert default.value is not None and default.unit == "kg/kWh"
    per_kwh = kg_co2e / KWH_PER[unit]  # the values machinery converts kg/MWh to kg/kWh
    expected = without + (per_kwh - default.value) * _electricity_per_unit()
    assert result.total.value == pytest.approx(expected, rel=1e-12)
    assert background.asked == [(SPEC, RULE.inventory.gwp_set)]  # the rule's own GWP set


def test_the_result_records_the_dataset_and_reads_it_back(tmp_path: Path) -> None:
    result = compute(_study(tmp_path, {"dataset": SPEC}), background=FakeBackground())
    source = (result.input_sources or {})[FACTOR]
    assert source == {
        "kind": "dataset",
        "spec": SPEC,
        "named_by": "study",
        "upstream": "electricity",
        "dataset": {
            "database": "tiangong",
            "release": "2024-04-26",
            "uuid": "6f2b6d2e-1c3a-4b5d-8e9f-0a1b2c3d4e5f",
            "name_en": "electricity, grid mix, high voltage",
            "name_zh": "电网电力，高压",
            "location": "CN",
            "licence": "MIT",
            "source": "TianGong LCA Data Working Group",
            "unit": "kWh",
            "kg_co2e": 0.75,
            "gwp_set": RULE.inventory.gwp_set,
            "year": None,
        },
        "value": 0.75,
        "unit": "kg/kWh",
        "label": source["label"],
        "year": 2024,  # the dataset states no year: its release's
    }
    assert "tiangong 2024-04-26" in source["label"] and "MIT" in source["label"]
    given = (result.study or {})["parameters"][FACTOR]  # the value the study was computed with
    assert given["value"] == 0.75 and given["source"] == source["label"]
    written = write_result(result, tmp_path / "result.json")
    again = read_result(written)
    assert again.input_sources == result.input_sources
    assert again.to_json_dict() == result.to_json_dict()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda s: s["dataset"].pop("licence"), "dataset.licence: Field required"),
        (lambda s: s.update(value="lots"), "value: Input should be a valid number"),
        (lambda s: s.update(kind="database"), "kind: 'database' is not one of"),
    ],
)
def test_a_dataset_source_read_back_incomplete_is_refused_naming_the_field(
    tmp_path: Path, change: Any, words: str
) -> None:
    result = compute(_study(tmp_path, {"dataset": SPEC}), background=FakeBackground())
    body = copy.deepcopy(result.to_json_dict())
    change(body["input_sources"][FACTOR])
    with pytest.raises(RuleValidationError) as caught:
        parse_result(body, "result.json")
    assert f"input_sources: Value error, {FACTOR}.{words}" in str(caught.value)


@pytest.mark.parametrize(
    "supply",
    [{"study": "power.yaml", "dataset": SPEC}, {"pact": "power.json", "dataset": SPEC}, {}],
)
def test_a_supply_of_two_kinds_or_none_is_refused_naming_it(
    tmp_path: Path, supply: dict[str, Any]
) -> None:
    with pytest.raises(RuleValidationError, match="exactly one") as caught:
        compute(_study(tmp_path, supply), background=FakeBackground())
    assert f"supplied.{FACTOR}" in str(caught.value)
    assert "应且只应" in str(caught.value) and "dataset" in str(caught.value)


def test_a_dataset_not_written_as_database_and_uuid_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(RuleValidationError, match="<database>") as caught:
        compute(_study(tmp_path, {"dataset": "tiangong"}), background=FakeBackground())
    assert f"supplied.{FACTOR}.dataset" in str(caught.value) and "数据集" in str(caught.value)


def test_a_dataset_no_database_has_is_refused_at_the_supply(tmp_path: Path) -> None:
    path = _study(tmp_path, {"dataset": SPEC})  # a release of tiangong nobody imported
    with pytest.raises(BackgroundError, match="there is no background database") as caught:
        compute(path)  # no store handed in: the shipped extracts answer
    refused = caught.value
    assert refused.location.path == f"supplied.{FACTOR}" and refused.location.file == str(path)
    assert "tiangong@2024-04-26" in refused.en and "tiangong (shipped)" in refused.en
    assert "背景数据库" in refused.zh and "pcfrules data import" in refused.zh
    study = load_input(path)
    assert isinstance(study, Study)
    with pytest.raises(BackgroundError, match="there is no background database"):
        run_study(study, RULE)  # held without its folder (an upload): the same refusal


def test_a_dataset_of_another_gwp_set_is_refused(tmp_path: Path) -> None:
    background = FakeBackground(gwp_set="AR5-GWP100")
    with pytest.raises(StudyError, match="AR5-GWP100") as caught:
        compute(_study(tmp_path, {"dataset": SPEC}), background=background)
    assert caught.value.location.path == f"supplied.{FACTOR}" and "表征" in caught.value.zh


def test_the_stores_refusal_is_named_at_the_supply(tmp_path: Path) -> None:
    class Unknown(FakeBackground):
        def footprint(self, spec: str, gwp_set: str) -> DatasetFootprint:
            raise StudyError(
                zh=f"背景数据库中没有数据集“{spec}”",
                en=f"no dataset '{spec}' in the background database",
                location=Location(),
            )

    with pytest.raises(StudyError, match="no dataset") as caught:
        compute(_study(tmp_path, {"dataset": SPEC}), background=Unknown())
    assert caught.value.location.path == f"supplied.{FACTOR}"


@pytest.mark.parametrize(
    ("lang", "supplied_by", "shown"),
    [
        (
            "zh",
            "背景数据库数据集",
            "背景数据库 tiangong 2024-04-26 · 数据集 电网电力，高压（CN） · MIT",
        ),
        (
            "en",
            "a background database&#39;s dataset",
            "background database tiangong 2024-04-26 · dataset electricity, grid mix, high "
            "voltage (CN) · MIT",
        ),
    ],
)
def test_the_report_shows_the_dataset_in_table_4_3(
    tmp_path: Path, lang: str, supplied_by: str, shown: str
) -> None:
    result = compute(_study(tmp_path, {"dataset": SPEC}), background=FakeBackground())
    html = report_bytes(Result.model_validate(result.to_json_dict()), RULE, lang, "html")
    text = html.decode("utf-8")
    assert supplied_by in text
    assert f"{shown} · UUID 6f2b6d2e-1c3a-4b5d-8e9f-0a1b2c3d4e5f" in text


MIX = "tiangong:0aa8c769-a04a-4e76-897a-2b1051cb9344"  # in the shipped extract


def _rule_naming(spec: str) -> Any:
    data = RULE.model_dump(mode="json", by_alias=True)
    for param in data["inventory"]["parameters"]:
        if param["id"] == FACTOR:
            param["dataset"] = spec
    return type(RULE).model_validate(data)


def test_a_rule_may_name_the_dataset_for_an_input_the_study_leaves_open() -> None:
    study = load_input(EXAMPLE)
    assert isinstance(study, Study)
    default = run_study(study, RULE).total.value
    named = run_study(study, _rule_naming(MIX))
    source = named.input_sources[FACTOR]
    assert (source["kind"], source["named_by"], source["spec"]) == ("dataset", "rule", MIX)
    kwh = _electricity_per_unit()
    per_kwh = source["value"] * 3.6 if source["unit"] == "kg/MJ" else source["value"]
    grid = next(p for p in RULE.inventory.parameters if p.id == FACTOR).value
    assert named.total.value == pytest.approx(default + (per_kwh - grid) * kwh, rel=1e-9)
    html = report_bytes(named, _rule_naming(MIX), "en", "html").decode("utf-8")
    assert "(named by the rule)" in html


def test_a_value_the_study_gives_comes_before_the_rules_dataset(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data.setdefault("parameters", {})[FACTOR] = {
        "value": 0.5,
        "unit": "kg/kWh",
        "source": "the plant's own supplier",
        "year": 2025,
    }
    study = Study.model_validate(data)
    result = run_study(study, _rule_naming(MIX))
    assert result.input_sources[FACTOR]["kind"] == "given"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"dataset": "no spec"}, "is not <database>"),
        ({"dataset": MIX, "upstream": ""}, "give upstream"),
    ],
)
def test_a_rules_dataset_must_be_a_spec_of_an_upstream_input(
    change: dict[str, str], words: str
) -> None:
    data = RULE.model_dump(mode="json", by_alias=True)
    param = next(p for p in data["inventory"]["parameters"] if p["id"] == FACTOR)
    param.update(change)
    with pytest.raises(ValueError, match=words):
        type(RULE).model_validate(data)


def test_the_factors_table_says_the_dataset_in_the_readers_language() -> None:
    path = catalog.catalog_dir() / "ethylene" / "example.yaml"  # its grid power: TianGong
    result = compute(path)
    zh = report_bytes(result, catalog.load("ethylene"), "zh", "html").decode("utf-8")
    assert zh.count("背景数据库 tiangong") == 2  # 4.2 defaults and factors, 4.3 sources
    assert "background database tiangong" not in zh
