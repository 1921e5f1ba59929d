"""A raw product system is read and computed in time linear in its size, and its size is
bounded (SYSTEM_EXCHANGES, raised by PCFRULES_MAX_SYSTEM_EXCHANGES)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from pcfrules.errors import StudyError
from pcfrules.studies import compute


def _chain(n: int) -> dict[str, Any]:
    """n processes in a line, each making its flow from the next one's and emitting CO2."""
    return {
        "format": "pcfrules.system/1",
        "reference": {"flow": "f0", "amount": 1, "unit": "kg"},
        "processes": [
            {
                "id": f"p{i}",
                "outputs": [{"flow": f"f{i}", "amount": 1, "unit": "kg"}],
                "inputs": [{"flow": f"f{i + 1}", "amount": 0.5, "unit": "kg"}] if i + 1 < n else [],
                "emissions": [{"gas": "CO2", "amount": 1.0, "unit": "kg"}],
            }
            for i in range(n)
        ],
    }


def _seconds(path: Path) -> float:
    """The best of three runs: the machine may be busy with other work."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        compute(path)
        times.append(time.perf_counter() - start)
    return min(times)


def test_reading_and_computing_a_raw_system_is_linear(tmp_path: Path) -> None:
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    small.write_text(json.dumps(_chain(400)), encoding="utf-8")
    large.write_text(json.dumps(_chain(3200)), encoding="utf-8")
    assert compute(large).total.value == pytest.approx(2.0, rel=1e-9)  # 1 + 1/2 + 1/4 + …
    ratio = _seconds(large) / _seconds(small)
    assert ratio < 24, f"8× the processes took {ratio:.1f}× the time (quadratic would be 64×)"


def test_a_system_above_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "system.json"
    path.write_text(json.dumps(_chain(6)), encoding="utf-8")  # 6 outputs, 5 inputs, 6 emissions
    monkeypatch.setenv("PCFRULES_MAX_SYSTEM_EXCHANGES", "16")
    with pytest.raises(StudyError) as info:
        compute(path)
    assert "17" in info.value.en and "PCFRULES_MAX_SYSTEM_EXCHANGES" in info.value.zh
    assert info.value.location.file == str(path)
    monkeypatch.setenv("PCFRULES_MAX_SYSTEM_EXCHANGES", "17")
    assert compute(path).total.value > 0
