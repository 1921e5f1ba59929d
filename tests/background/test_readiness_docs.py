"""docs/background.md lists every readiness code with its meaning, as the code says it."""

from __future__ import annotations

from pathlib import Path

from pcfrules.background.readiness import CODES

DOC = Path(__file__).resolve().parents[2] / "docs" / "background.md"


def test_every_code_is_documented_in_both_languages() -> None:
    text = DOC.read_text("utf-8")
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in text.splitlines()
        if line.startswith("| `BG-")
    }
    assert set(rows) == set(CODES)
    for code, meaning in CODES.items():
        for words in (meaning.en, meaning.zh, meaning.done_en, meaning.done_zh):
            assert words in rows[code], (code, words)
