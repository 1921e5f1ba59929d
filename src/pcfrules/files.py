"""Files in and out: outputs written whole or not at all, inputs read within bounds.

Every file pcfrules writes (standard texts, results, workbooks, reports, exports) goes
through :func:`write_atomically`: the content is written to a temporary file beside the
target, flushed to disk, and renamed over the target only once complete; on any error
(an unwritable folder, a full disk) the temporary file is removed, the target is left as
it was, and the caller gets a bilingual error naming the file. The file gets the
permissions the user's umask gives a new file (``0644`` under the usual ``022``), and a
file written over keeps its mode: a public text stays readable by everyone, a private
one stays private.

Every text file pcfrules reads (YAML, JSON) goes through :func:`read_input_text`: refused
above :data:`~pcfrules.limits.INPUT_BYTES`, and a byte that is not UTF-8 or a NUL is
named by its line.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pcfrules.errors import Location, PcfrulesError
from pcfrules.limits import DOCUMENT_DEPTH, INPUT_BYTES

# A new file's mode before the umask applies, as open(2) and every editor use it.
NEW_FILE_MODE = 0o666


def write_atomically(
    path: Path, write: Callable[[Path], object], error: type[PcfrulesError] = PcfrulesError
) -> Path:
    """Let ``write`` fill a temporary file, then move it onto ``path``; ``error`` on failure.

    Whatever ``write`` returns (``Path.write_text`` returns a count) is ignored.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _new_temporary(path)
    except OSError as exc:
        raise cannot_write(path, exc, error) from exc
    try:
        write(tmp)
        _keep_mode(path, tmp)
        _flush(tmp)
        tmp.replace(path)
    except OSError as exc:
        raise cannot_write(path, exc, error) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _new_temporary(path: Path) -> Path:
    """An empty file beside ``path``, made with the mode the umask gives a new file.

    ``tempfile.mkstemp`` would make it ``0600`` whatever the umask; ``os.open`` with
    ``0666`` lets the kernel apply the umask, with no process-wide ``os.umask`` call.
    """
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}{path.suffix}"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE))
        except FileExistsError:
            continue
        return tmp


def _keep_mode(path: Path, tmp: Path) -> None:
    """Give the new content the mode of the file it replaces, when there is one."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    tmp.chmod(mode)


def _flush(tmp: Path) -> None:
    """Put the content on disk before the rename, so a crash leaves old or new, never half."""
    handle = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_text(path: Path, text: str, error: type[PcfrulesError] = PcfrulesError) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), error)


def write_bytes(path: Path, data: bytes, error: type[PcfrulesError] = PcfrulesError) -> Path:
    """Write bytes atomically."""
    return write_atomically(path, lambda tmp: tmp.write_bytes(data), error)


def cannot_write(
    path: Path, exc: OSError, error: type[PcfrulesError] = PcfrulesError
) -> PcfrulesError:
    """The bilingual error for a file that cannot be written (or a folder made, or cleared)."""
    return error(
        zh=f"无法写入文件（{exc.strerror or exc}）",
        en=f"cannot write file ({exc.strerror or exc})",
        location=Location(file=str(path)),
    )


def read_input_text(
    path: Path, error: type[PcfrulesError], kind: tuple[str, str] = ("文件", "file")
) -> str:
    """A UTF-8 text file's content within :data:`INPUT_BYTES`; ``error`` naming file and line.

    ``kind`` names what the file should be, in zh and en ("结果文件", "result file").
    """
    zh_kind, en_kind = kind
    where = Location(file=str(path))
    limit = INPUT_BYTES.value
    try:
        if path.is_file():
            INPUT_BYTES.check(path.stat().st_size, error, where)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # a pipe or device (/dev/zero) has no size to stat
    except FileNotFoundError as exc:
        raise error(zh=f"{zh_kind}不存在", en=f"{en_kind}: file not found", location=where) from exc
    except OSError as exc:
        raise error(
            zh=f"{zh_kind}无法读取（{exc.strerror or exc}）",
            en=f"{en_kind}: cannot read it ({exc.strerror or exc})",
            location=where,
        ) from exc
    INPUT_BYTES.check(len(data), error, where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise error(
            zh=f"{zh_kind}不是 UTF-8 文本（第 {line} 行有字节 0x{byte:02x}）",
            en=f"{en_kind}: not UTF-8 text (byte 0x{byte:02x} on line {line})",
            location=Location(str(path), line),
        ) from exc
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise error(
            zh=f"{zh_kind}含有空字符（NUL，第 {line} 行）：这不是文本文件",
            en=f"{en_kind}: a NUL character on line {line}: this is not a text file",
            location=Location(str(path), line),
        )
    return text


def read_json(path: Path, kind: tuple[str, str], error: type[PcfrulesError]) -> Any:
    """A JSON file's content; ``error`` naming the file (and the line) when it cannot be read.

    ``kind`` names what the file should be, in zh and en ("结果文件", "result file"). An
    object that gives a key twice is refused (YAML refuses it too; JSON would keep the last).
    """
    zh_kind, en_kind = kind
    where = Location(str(path))
    text = read_input_text(path, error, kind)
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise error(
            zh=f"{zh_kind}不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）",
            en=f"{en_kind}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            location=Location(str(path), exc.lineno),
        ) from exc
    except _RepeatedKeyError as exc:
        raise error(
            zh=f"{zh_kind}的 JSON 对象中键“{exc.key}”出现了两次",
            en=f"{en_kind}: the key '{exc.key}' appears twice in one JSON object",
            location=Location(str(path), path=exc.key),
        ) from exc
    except RecursionError as exc:  # json's parser recurses: deeper than Python's stack
        raise DOCUMENT_DEPTH.refusal(f"> {DOCUMENT_DEPTH.value}", error, where) from exc
    check_depth(data, error, where)
    return data


class _RepeatedKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _RepeatedKeyError(key)
        out[key] = value
    return out


def check_depth(data: Any, error: type[PcfrulesError], where: Location) -> None:
    """Refuse plain data (dicts and lists) nested deeper than :data:`DOCUMENT_DEPTH`.

    Walked with a stack, not recursion, so the check itself cannot overflow.
    """
    limit = DOCUMENT_DEPTH.value
    stack: list[tuple[Any, int]] = [(data, 1)] if isinstance(data, dict | list) else []
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise DOCUMENT_DEPTH.refusal(f"> {limit}", error, where)
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
