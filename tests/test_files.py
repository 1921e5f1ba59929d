"""Files people share: outputs get the umask's mode, keep theirs when overwritten, and are
never half-written (a failed write leaves the old file and no temporary file behind)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pcfrules.errors import PcfrulesError, RenderError
from pcfrules.files import write_atomically, write_bytes


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask: int, mode: int) -> None:
    previous = os.umask(umask)
    try:
        write_bytes(tmp_path / "public.txt", b"text")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "public.txt") == mode


@pytest.mark.usefixtures("umask_027")
def test_an_overwritten_file_keeps_its_mode(tmp_path: Path) -> None:
    shared, private = tmp_path / "shared.html", tmp_path / "private.json"
    for path, mode in ((shared, 0o664), (private, 0o600)):
        path.write_bytes(b"old")
        path.chmod(mode)
        write_bytes(path, b"new")
        assert path.read_bytes() == b"new" and _mode(path) == mode


def test_a_full_disk_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "result.json"
    target.write_bytes(b"old")

    def full(self: Path, data: bytes) -> int:
        self.write_text("half", encoding="utf-8")  # something got out before the disk filled
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(RenderError) as info:
        write_bytes(target, b"new", RenderError)
    assert info.value.location.file == str(target)
    assert os.strerror(errno.ENOSPC) in info.value.en and "无法写入" in info.value.zh
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_a_failing_writer_of_any_kind_leaves_nothing(tmp_path: Path) -> None:
    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(errno.EIO, "input/output error")

    with pytest.raises(PcfrulesError):
        write_atomically(tmp_path / "out.xlsx", broken)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_a_bilingual_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(PcfrulesError) as info:
        write_bytes(blocker / "sub" / "out.json", b"{}")
    assert "cannot write" in info.value.en and "无法写入" in info.value.zh
