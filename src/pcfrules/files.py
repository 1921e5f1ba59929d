"""Writing output files so that a failure never leaves half a file behind; reading JSON ones.

Every file pcfrules writes (standard texts, results, workbooks, reports, exports) goes
through :func:`write_atomically`: the content is written to a temporary file beside the
target and renamed over it only once complete; on any error the temporary file is removed
and the target is left as it was.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def read_json(path: Path, kind: tuple[str, str], error: type[PcfrulesError]) -> Any:
    """A JSON file's content; ``error`` naming the file (and the line) when it cannot be read.

    ``kind`` names what the file should be, in zh and en ("结果文件", "result file").
    """
    zh_kind, en_kind = kind
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise error(
            zh=f"{zh_kind}不存在", en=f"{en_kind}: file not found", location=Location(str(path))
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise error(
            zh=f"{zh_kind}无法读取（{exc}）",
            en=f"{en_kind}: cannot read it ({exc})",
            location=Location(str(path)),
        ) from exc
    except json.JSONDecodeError as exc:
        raise error(
            zh=f"{zh_kind}不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）",
            en=f"{en_kind}: not valid JSON (line {exc.lineno}, column {exc.colno})",
            location=Location(str(path), exc.lineno),
        ) from exc
