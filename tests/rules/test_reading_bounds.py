"""Reading YAML and JSON is bounded: size, encoding, depth and aliases are refused fast.

Each case would otherwise run for minutes or exhaust memory (the alias bomb expands to
387 million strings when converted); each refusal names the file and, where there is
one, the line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pcfrules.errors import RuleLoadError, RuleValidationError, StudyError
from pcfrules.limits import DOCUMENT_DEPTH, INPUT_BYTES, YAML_ALIAS_NODES
from pcfrules.rules.loader import load_rule, read_yaml, to_plain
from pcfrules.studies.run import load_input
from tests.bounds import refused_within


def _bomb() -> str:
    """The "billion laughs": nine levels of nine aliases, 9⁹ strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(f'*{prev}' for _ in range(9))}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(), encoding="utf-8")
    assert path.stat().st_size < 600
    error = refused_within(0.5, RuleLoadError, lambda: to_plain(read_yaml(path)))
    assert error.location.file == str(path) and error.location.line is not None
    assert str(YAML_ALIAS_NODES.value) in error.en and "别名" in error.zh


def test_aliases_within_the_limit_still_work(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("a: &a [1, 2, 3]\nb: *a\nc: *a\n", encoding="utf-8")
    assert to_plain(read_yaml(path)) == {"a": [1, 2, 3], "b": [1, 2, 3], "c": [1, 2, 3]}


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text("x: 1\na: &a [1, *a]\n", encoding="utf-8")
    error = refused_within(0.5, RuleLoadError, lambda: read_yaml(path))
    assert error.location.line == 2 and "cycle" in error.en and "循环" in error.zh


@pytest.mark.parametrize(
    ("suffix", "opening"),
    [(".yaml", "["), (".yaml", '["x", '), (".json", "["), (".json", '{"a": ')],
)
def test_nesting_deeper_than_the_limit_is_refused(
    tmp_path: Path, suffix: str, opening: str
) -> None:
    depth = 20_000
    closing = "]" if opening.startswith("[") else "}"
    path = tmp_path / f"deep{suffix}"
    path.write_text('{"a": ' + opening * depth + "1" + closing * depth + "}", encoding="utf-8")
    error = refused_within(0.5, RuleLoadError, lambda: read_yaml(path))
    assert str(DOCUMENT_DEPTH.value) in error.en and "嵌套" in error.zh


def test_brackets_in_quoted_text_and_comments_open_nothing(tmp_path: Path) -> None:
    path = tmp_path / "brackets.yaml"
    many = "[" * 100
    path.write_text(f"a: \"{many}\"\nb: '{many}'\n# {many}\nc: [[1]]\n", encoding="utf-8")
    assert to_plain(read_yaml(path)) == {"a": many, "b": many, "c": [[1]]}


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    depth = DOCUMENT_DEPTH.value
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    assert read_yaml(path) is not None


def test_a_file_above_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCFRULES_MAX_INPUT_BYTES", "1000")
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    error = refused_within(0.5, RuleLoadError, lambda: read_yaml(path))
    assert "1000" in error.en and "PCFRULES_MAX_INPUT_BYTES" in error.en
    assert "PCFRULES_MAX_INPUT_BYTES" in error.zh
    monkeypatch.delenv("PCFRULES_MAX_INPUT_BYTES")
    assert INPUT_BYTES.value == INPUT_BYTES.default
    assert read_yaml(path)["a"] == "x" * 2000


def test_an_endless_device_is_refused_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PCFRULES_MAX_INPUT_BYTES", "100000")
    error = refused_within(0.5, RuleLoadError, lambda: read_yaml(Path("/dev/zero")))
    assert "100000" in error.en


def test_a_yaml_document_above_its_own_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCFRULES_MAX_YAML_BYTES", "100")
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    error = refused_within(0.5, RuleLoadError, lambda: read_yaml(path))
    assert "PCFRULES_MAX_YAML_BYTES" in error.en and "JSON" in error.en
    json_path = tmp_path / "big.json"
    json_path.write_text(json.dumps({"a": "x" * 200}), encoding="utf-8")
    assert read_yaml(json_path)["a"] == "x" * 200  # JSON is bounded by INPUT_BYTES alone


def test_a_nonsense_override_of_a_limit_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCFRULES_MAX_INPUT_BYTES", "lots")
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(Exception) as info:
        read_yaml(path)
    assert "PCFRULES_MAX_INPUT_BYTES" in str(info.value) and "正整数" in str(info.value)


@pytest.mark.parametrize(
    ("content", "line", "en", "zh"),
    [
        (b"a: 1\nb: \xff\xfe\n", 2, "not UTF-8", "UTF-8"),
        (b"a: 1\n\nb: x\x00y\n", 3, "NUL", "空字符"),
        (b"a: 1\nb: \x07\n", 2, "U+0007", "U+0007"),
    ],
)
def test_bytes_that_are_not_text_name_their_line(
    tmp_path: Path, content: bytes, line: int, en: str, zh: str
) -> None:
    path = tmp_path / "rule.yaml"
    path.write_bytes(content)
    with pytest.raises(RuleLoadError) as info:
        load_rule(path)
    assert info.value.location == type(info.value.location)(str(path), line)
    assert en in info.value.en and zh in info.value.zh


def test_a_json_input_is_read_fast_and_its_broken_fields_keep_their_lines(
    tmp_path: Path,
) -> None:
    system = {
        "format": "pcfrules.system/1",
        "reference": {"flow": "f0", "amount": 1, "unit": "kg"},
        "processes": [
            {"id": "p0", "outputs": [{"flow": "f0", "amount": 1, "unit": "kg"}]},
            {"id": "p1", "outputs": [{"flow": "f1", "amount": "many", "unit": "kg"}]},
        ],
    }
    path = tmp_path / "system.json"
    text = json.dumps(system, indent=1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleValidationError) as info:
        load_input(path)
    (issue,) = info.value.issues
    assert issue.location.path == "processes[1].outputs[0].amount"
    lines = [n for n, line in enumerate(text.splitlines(), 1) if '"many"' in line]
    assert [issue.location.line] == lines


def test_a_json_key_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text('{"format": "pcfrules.system/1", "format": "x"}', encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        load_input(path)
    assert "format" in info.value.en and "两次" in info.value.zh


def test_a_study_error_class_can_be_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(b"\xff")
    with pytest.raises(StudyError):
        read_yaml(path, StudyError)


def test_a_date_that_is_none_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("a: 1\nperiod: {start: 2025-13-45}\n", encoding="utf-8")
    with pytest.raises(RuleLoadError) as info:
        read_yaml(path)
    assert info.value.location.line == 2
    assert "2025-13-45" in info.value.en and "YYYY-MM-DD" in info.value.zh
