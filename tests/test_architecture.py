"""Imports point downward only, as docs/architecture.md draws the rooms."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "pcfrules"
BASE = {"errors", "limits", "files", "fonts"}
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "fonts": set(),
    "limits": {"errors"},
    "files": {"errors", "limits"},
    "units": BASE,
    "engine": BASE | {"units"},
    "datasets": BASE | {"units", "data"},
    "background": BASE | {"units", "datasets", "engine", "data"},
    "data": set(),
    "rules": BASE | {"units", "datasets", "catalog"},
    "catalog": set(),
    "studies": BASE | {"units", "datasets", "rules", "engine", "background"},
    "interchange": BASE | {"units", "datasets", "engine", "studies", "background"},
    "reports": BASE | {"units", "datasets", "rules", "engine", "studies", "background"},
    "registry": BASE | {"units", "datasets", "rules"},
    "jobs": BASE
    | {"units", "datasets", "rules", "engine", "studies", "reports", "registry", "background"},
    "spaces": BASE
    | {
        "units",
        "datasets",
        "rules",
        "engine",
        "studies",
        "reports",
        "interchange",
        "registry",
        "jobs",
        "background",
    },
}
TOP = {"cli", "web", "__main__"}


def _room(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 0 else ""


def _imported_rooms(path: Path) -> set[str]:
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "pcfrules" and len(parts) > 1:
                rooms.add(parts[1])
    return rooms


def test_every_room_imports_only_downward() -> None:
    problems = []
    for path in SRC.rglob("*.py"):
        room = _room(path)
        if room == "__init__" or room in TOP:
            continue
        allowed = ALLOWED.get(room)
        assert allowed is not None, f"{path}: room '{room}' is not in the architecture"
        extra = _imported_rooms(path) - allowed - {room}
        if extra:
            problems.append(f"{path.relative_to(SRC)} imports {sorted(extra)}")
    assert not problems, problems


def test_nothing_imports_the_interfaces() -> None:
    for path in SRC.rglob("*.py"):
        if _room(path) in TOP:
            continue
        assert not (_imported_rooms(path) & TOP), path


def test_engine_and_rules_never_meet() -> None:
    for path in (SRC / "rules").rglob("*.py"):
        assert "engine" not in _imported_rooms(path)


def test_public_api_resolves_and_loads_lazily() -> None:
    import subprocess
    import sys

    import pcfrules

    assert all(getattr(pcfrules, name) is not None for name in pcfrules.__all__)
    probe = "import sys, pcfrules.engine.lca; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # the engine does not pull in the rule model
