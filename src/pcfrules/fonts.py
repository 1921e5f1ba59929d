"""The fonts matplotlib draws Chinese with, found even when installed after its font cache.

matplotlib lists the system's fonts once and keeps the list in a cache across runs. A CJK
font installed afterwards (``scripts/system-deps.sh`` after a first ``make demo``) would stay
unseen, and every Chinese character of a diagram, chart or label would print as an empty box.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

CJK_FONTS = ("Noto Sans CJK SC", "DejaVu Sans")


def cjk_fonts() -> list[str]:
    """The font families for a matplotlib PNG with Chinese text, the CJK font made known first."""
    _make_cjk_known()
    return list(CJK_FONTS)


@cache
def _make_cjk_known() -> None:
    """Add the system's CJK font files when matplotlib's cached list lacks them (once a process).

    matplotlib reads every face of a ``.ttc`` collection, so the simplified-Chinese face is
    found by its name.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if not any(font.name == CJK_FONTS[0] for font in manager.ttflist):
        for path in font_manager.findSystemFonts():
            if "CJK" in Path(path).name:
                manager.addfont(path)
