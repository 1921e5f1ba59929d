"""The built-in catalogue: ``pcfrules/catalog/<id>/rule.yaml`` and the examples beside them.

The catalogue itself is data; this module only lists it and reads one rule by id. Finding a
rule from anything a user types (a path, an id on the search path, a registry version) is
:mod:`pcfrules.rules.sources`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pcfrules.errors import Location, RuleNotFoundError
from pcfrules.rules.loader import load_rule, read_yaml, to_plain
from pcfrules.rules.model import RuleStandard


def catalog_dir() -> Path:
    """Directory of the built-in catalogue."""
    return Path(str(resources.files("pcfrules.catalog")))


def catalog_ids() -> list[str]:
    """Ids of every built-in rule (the folder names that hold a ``rule.yaml``)."""
    return sorted(p.parent.name for p in catalog_dir().glob("*/rule.yaml"))


def rule_file(rule_id: str) -> Path:
    """The file of a catalogue rule; an error listing the ids when there is none.

    Only a listed id is joined to the catalogue folder, so ``../x`` reaches nothing outside.
    """
    path = catalog_dir() / rule_id / "rule.yaml"
    if rule_id not in catalog_ids() or not path.is_file():
        ids = ", ".join(catalog_ids()) or "—"
        raise RuleNotFoundError(
            zh=f"内置目录中没有规则“{rule_id}”（可用：{ids}）",
            en=f"no catalogue rule '{rule_id}' (available: {ids})",
            location=Location(path=rule_id),
        )
    return path


def load(rule_id: str) -> RuleStandard:
    """A catalogue rule by id."""
    return load_rule(rule_file(rule_id))


def example_for(rule_file: Path) -> dict[str, object] | None:
    """The worked example (``example.yaml``) stored beside a rule file, if there is one."""
    example = rule_file.with_name("example.yaml")
    if not example.is_file():
        return None
    data = to_plain(read_yaml(example))
    return data if isinstance(data, dict) else None
