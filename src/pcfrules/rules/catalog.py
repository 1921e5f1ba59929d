"""Finding rule standards: a path on disk, or an id of the built-in catalogue.

The catalogue itself is data (``pcfrules/catalog/<id>/rule.yaml``); this module only
locates and lists it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pcfrules.errors import Location, RuleNotFoundError
from pcfrules.rules.loader import load_rule
from pcfrules.rules.model import RuleStandard


def catalog_dir() -> Path:
    """Directory of the built-in catalogue."""
    return Path(str(resources.files("pcfrules.catalog")))


def catalog_ids() -> list[str]:
    """Ids of every built-in rule (the folder names that hold a ``rule.yaml``)."""
    root = catalog_dir()
    return sorted(p.parent.name for p in root.glob("*/rule.yaml"))


def resolve(path_or_id: str) -> Path:
    """The rule file for a path or a catalogue id; a clear error listing ids when neither."""
    candidate = Path(path_or_id)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        return candidate
    in_catalog = catalog_dir() / path_or_id / "rule.yaml"
    if in_catalog.is_file():
        return in_catalog
    ids = ", ".join(catalog_ids()) or "—"
    raise RuleNotFoundError(
        zh=f"找不到规则“{path_or_id}”：既不是文件，也不是目录中的规则编号（可用：{ids}）",
        en=f"no rule '{path_or_id}': neither a file nor a catalogue id (available: {ids})",
        location=Location(path=path_or_id),
    )


def load(path_or_id: str) -> RuleStandard:
    """Load a rule from a path or a catalogue id."""
    return load_rule(resolve(path_or_id))


def example_for(rule_file: Path) -> dict[str, object] | None:
    """The worked example (``example.yaml``) stored beside a rule file, if there is one."""
    example = rule_file.with_name("example.yaml")
    if not example.is_file():
        return None
    from pcfrules.rules.loader import read_yaml, to_plain

    data = to_plain(read_yaml(example))
    return data if isinstance(data, dict) else None
