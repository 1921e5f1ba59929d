"""LibreOffice, headless, as the tests that re-save or print a document use it.

Each call runs with a profile of its own (``-env:UserInstallation``), so tests and other
LibreOffice processes on the machine never share, lock or corrupt one; the tests that need
it are marked ``libreoffice`` and skip, saying why, where ``soffice`` is not installed
(``scripts/system-deps.sh`` installs it).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: run scripts/system-deps.sh"
)


def convert(path: Path, to: str, out_dir: Path) -> Path:
    """``path`` converted by LibreOffice to ``to`` (``pdf``, ``xlsx`` …) in ``out_dir``."""
    assert SOFFICE is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = (out_dir / ".lo-profile").resolve().as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to,
         "--outdir", str(out_dir), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )  # fmt: skip
    converted = out_dir / f"{path.stem}.{to.split(':')[0]}"
    assert converted.exists(), f"LibreOffice wrote no {converted.name}"
    return converted
