"""The oracle files under tests/oracles are the originals: their sha256 match the README."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.oracles import (
    CBAM_TEMPLATE,
    GWP_TABLE,
    ORACLES,
    PACT_V2_OPENAPI,
    PACT_V3_EXAMPLES,
    PACT_V3_OPENAPI,
    README,
)

OURS = {"README.md", "__init__.py", "cbam/NOTICE.md"}  # written here, not third-party
ROW = re.compile(r"^\| `(?P<path>[^`]+)` \| `(?P<sha256>[0-9a-f]{64})` \|", re.M)


def _recorded() -> dict[str, str]:
    return {m["path"]: m["sha256"] for m in ROW.finditer(README.read_text("utf-8"))}


def _present() -> set[str]:
    return {
        p.relative_to(ORACLES).as_posix()
        for p in ORACLES.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    } - OURS


def test_readme_lists_every_oracle_and_only_those() -> None:
    assert len(_recorded()) >= 19
    assert set(_recorded()) == _present()


@pytest.mark.parametrize("path", sorted(_recorded()))
def test_oracle_is_unmodified(path: str) -> None:
    digest = hashlib.sha256((ORACLES / path).read_bytes()).hexdigest()
    assert digest == _recorded()[path], f"{path} differs from the original: restore it"


def test_every_oracle_keeps_its_licence() -> None:
    for folder in ("pact", "gwp"):
        assert any(p.name.startswith("LICENSE") for p in (ORACLES / folder).iterdir()), folder
    notice = (ORACLES / "cbam" / "NOTICE.md").read_text("utf-8")
    assert "2011/833/EU" in notice and "unmodified" in notice and "2024-12-13" in notice


def test_helper_paths_exist() -> None:
    for path in (PACT_V2_OPENAPI, PACT_V3_OPENAPI, CBAM_TEMPLATE, GWP_TABLE):
        assert path.is_file(), path
    assert (PACT_V3_EXAMPLES / "example-1.json").is_file()
