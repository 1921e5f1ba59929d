"""Chinese in a PNG is drawn in the CJK font even when matplotlib's cache predates the font."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

from pcfrules import fonts


def _forget_lookups() -> None:
    """Forget which font each lookup found, and whether the CJK font was made known."""
    font_manager.FontManager._findfont_cached.cache_clear()
    fonts._make_cjk_known.cache_clear()


def _draw(text: str) -> None:
    figure = Figure(figsize=(2, 1))
    figure.text(0.1, 0.5, text, family=fonts.cjk_fonts())
    figure.savefig(io.BytesIO(), format="png")


def test_a_cjk_font_installed_after_the_cache_was_written_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not any("CJK" in Path(path).name for path in font_manager.findSystemFonts()):
        pytest.skip("no CJK font installed: run scripts/system-deps.sh")
    manager = font_manager.fontManager
    stale = [font for font in manager.ttflist if "CJK" not in font.name]
    monkeypatch.setattr(manager, "ttflist", stale)  # the list as cached before the font came
    _forget_lookups()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of each glyph it cannot find
        _draw("水泥熟料 cement clinker")
    assert any(font.name == fonts.CJK_FONTS[0] for font in manager.ttflist)
    _forget_lookups()


def test_without_the_fix_the_stale_list_draws_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", [f for f in manager.ttflist if "CJK" not in f.name])
    _forget_lookups()
    monkeypatch.setattr(fonts, "_make_cjk_known", lambda: None)
    with pytest.warns(UserWarning, match="missing from font"):
        _draw("水泥")
    font_manager.FontManager._findfont_cached.cache_clear()
