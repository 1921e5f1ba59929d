"""Fingerprints, the committed JSON Schema, and the model's shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from pcfrules.rules import catalog, json_schema
from pcfrules.rules.loader import load_rule, validate_rule

ROOT = Path(__file__).resolve().parents[2]


def test_fingerprint_ignores_layout_but_not_content(
    cement_data: dict[str, Any], tmp_path: Path
) -> None:
    original = catalog.load("cement")
    path = tmp_path / "reordered.yaml"
    reordered = dict(reversed(list(cement_data.items())))
    with path.open("w", encoding="utf-8") as handle:
        YAML(typ="safe").dump(reordered, handle)
    assert load_rule(path).fingerprint() == original.fingerprint()
    cement_data["boundary"]["cut_off"]["per_item_percent"] = 0.5
    assert validate_rule(cement_data).fingerprint() != original.fingerprint()


def test_fingerprint_is_sha256_of_canonical_json() -> None:
    import hashlib

    rule = catalog.load("cement")
    assert rule.fingerprint() == hashlib.sha256(rule.canonical_json().encode()).hexdigest()
    assert len(rule.fingerprint()) == 64


def test_committed_schema_is_generated_schema() -> None:
    committed = json.loads((ROOT / "docs" / "schema" / "rule.schema.json").read_text("utf-8"))
    assert committed == json_schema()


def test_schema_names_every_section() -> None:
    props = json_schema()["properties"]
    for section in (
        "identity",
        "foreword",
        "scope",
        "normative_references",
        "terms",
        "goal",
        "declaration",
        "product",
        "unit",
        "boundary",
        "data_collection",
        "data_quality",
        "allocation",
        "inventory",
        "interpretation",
        "report",
        "annexes",
    ):
        assert section in props
