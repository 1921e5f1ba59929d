"""Headless Chromium, as the tests that print an HTML page the way a browser does use it.

The tests are marked ``browser`` and skip, saying why, where Chromium is not installed
(``scripts/system-deps.sh`` installs Debian's ``chromium``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed: run scripts/system-deps.sh"
)


def print_to_pdf(page: Path, pdf: Path) -> Path:
    """``page`` printed by headless Chromium (its own print styles, no browser header)."""
    assert CHROMIUM is not None
    profile = pdf.parent / ".chromium-profile"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.resolve().as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    assert pdf.exists(), "Chromium wrote no PDF"
    return pdf
