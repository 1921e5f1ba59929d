"""Writing output files so that a failure never leaves half a file behind.

Every file pcfrules writes (standard texts, results, workbooks, reports, exports) goes
through :func:`write_atomically`: the content is written to a temporary file beside the
target and renamed over it only once complete; on any error the temporary file is removed
and the target is left as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from pcfrules.errors import Location, PcfrulesError


def write_atomically(
    path: Path, write: Callable[[Path], object], error: type[PcfrulesError] = PcfrulesError
) -> Path:
    """Let ``write`` fill a temporary file, then move it onto ``path``; ``error`` on failure.

    Whatever ``write`` returns (``Path.write_text`` returns a count) is ignored.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent
        )
        os.close(handle)
    except OSError as exc:
        raise _cannot_write(path, exc, error) from exc
    tmp = Path(name)
    try:
        write(tmp)
        tmp.replace(path)
    except OSError as exc:
        raise _cannot_write(path, exc, error) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_text(path: Path, text: str, error: type[PcfrulesError] = PcfrulesError) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), error)


def write_bytes(path: Path, data: bytes, error: type[PcfrulesError] = PcfrulesError) -> Path:
    """Write bytes atomically."""
    return write_atomically(path, lambda tmp: tmp.write_bytes(data), error)


def _cannot_write(path: Path, exc: OSError, error: type[PcfrulesError]) -> PcfrulesError:
    return error(
        zh=f"无法写入文件（{exc.strerror or exc}）",
        en=f"cannot write file ({exc.strerror or exc})",
        location=Location(file=str(path)),
    )
