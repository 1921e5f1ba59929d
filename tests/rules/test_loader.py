"""Loading rule files: every error names the file, the line and the field path."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcfrules.errors import RuleLoadError, RuleNotFoundError, RuleValidationError
from pcfrules.rules import catalog
from pcfrules.rules.loader import load_rule, rule_from_upload


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "identity:\n  id: x\n  version: [1, 2\n")
    with pytest.raises(RuleLoadError) as info:
        load_rule(path)
    assert info.value.location.file == str(path)
    assert info.value.location.line in {3, 4}
    assert "YAML" in info.value.en and "YAML" in info.value.zh


def test_misspelt_field_names_line_and_path(tmp_path: Path) -> None:
    source = catalog.rule_file("cement").read_text(encoding="utf-8")
    broken = source.replace(
        "  cut_off:\n    per_item_percent: 1", "  cut_off:\n    per_item_percnt: 1"
    )
    assert broken != source
    expected_line = broken.splitlines().index("    per_item_percnt: 1") + 1
    with pytest.raises(RuleValidationError) as info:
        load_rule(_write(tmp_path, broken))
    issues = info.value.issues
    assert [i.location.path for i in issues] == ["boundary.cut_off.per_item_percnt"]
    assert issues[0].location.line == expected_line
    assert str(path_of(tmp_path)) in str(info.value)


def path_of(tmp_path: Path) -> Path:
    return tmp_path / "rule.yaml"


def test_wrong_type_and_bad_choice_are_all_reported(tmp_path: Path) -> None:
    source = catalog.rule_file("cement").read_text(encoding="utf-8")
    broken = source.replace("  type: cradle-to-gate", "  type: cradle-to-moon").replace(
        "  data_period_months: 12", "  data_period_months: twelve"
    )
    with pytest.raises(RuleValidationError) as info:
        load_rule(_write(tmp_path, broken))
    by_path = {i.location.path: i for i in info.value.issues}
    assert set(by_path) == {"boundary.type", "boundary.data_period_months"}
    assert "cradle-to-gate" in by_path["boundary.type"].en  # names what is allowed
    lines = broken.splitlines()
    assert by_path["boundary.type"].location.line == lines.index("  type: cradle-to-moon") + 1


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError) as info:
        load_rule(tmp_path / "none.yaml")
    assert info.value.zh == "文件不存在"


def test_top_level_must_be_mapping(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError) as info:
        load_rule(_write(tmp_path, "- a\n- b\n"))
    assert "mapping" in info.value.en


def test_unknown_catalogue_id_lists_known_ids() -> None:
    with pytest.raises(RuleNotFoundError) as info:
        catalog.rule_file("unobtainium")
    assert "cement" in info.value.en


def test_catalogue_lists_cement() -> None:
    assert "cement" in catalog.catalog_ids()


@pytest.mark.parametrize("written", [".nan", ".inf", "-.inf", "1e999"])
def test_a_rule_value_that_is_not_finite_is_refused_in_both_languages(
    tmp_path: Path, written: str
) -> None:
    source = catalog.rule_file("cement").read_text(encoding="utf-8")
    broken = source.replace("      value: 0.78480\n", f"      value: {written}\n")
    assert broken != source
    with pytest.raises(RuleValidationError) as info:
        load_rule(_write(tmp_path, broken))
    (issue,) = info.value.issues
    assert issue.location.path.endswith(".value")
    assert issue.location.line == broken.splitlines().index(f"      value: {written}") + 1
    assert "finite" in issue.en and "有限数" in issue.zh


def test_an_uploaded_rule_reads_as_its_file_does_and_errors_name_the_upload() -> None:
    data = catalog.rule_file("cement").read_bytes()
    assert rule_from_upload(data, "C:\\drafts\\cement.yaml") == load_rule(
        catalog.rule_file("cement")
    )
    with pytest.raises(RuleValidationError) as info:
        rule_from_upload(data.replace(b"cut_off:", b"cut_of:", 1), "/tmp/x/cement.yaml")
    assert info.value.location.file == "cement.yaml"
    assert any(i.location.path and "cut_of" in i.location.path for i in info.value.issues)
    with pytest.raises(RuleLoadError) as bad:
        rule_from_upload(b"identity:\n  id: \xff\n", "r.yaml")
    assert (bad.value.location.file, bad.value.location.line) == ("r.yaml", 2)
