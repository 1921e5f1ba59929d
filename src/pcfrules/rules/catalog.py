"""The built-in catalogue: ``pcfrules/catalog/<id>/rule.yaml`` and the files beside them.

Beside each rule: its worked example (``example.yaml``) and the published footprints of the
product (``range.yaml``: per route, low and high with their sources), against which the
example is held (``make demo`` prints it, a test asserts it). Worked chains of studies that
supply one another, computed at once with ``pcfrules chain``, are in ``chains/<name>/``, one
study file each, in the order of their names. The catalogue itself is data;
this module only lists it and reads one rule, example or range by id. Finding a
rule from anything a user types (a path, an id on the search path, a registry version) is
:mod:`pcfrules.rules.sources`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pcfrules.errors import Location, RuleNotFoundError
from pcfrules.rules.loader import load_rule, read_yaml, to_plain, validate_as
from pcfrules.rules.model import RuleStandard, Text


def catalog_dir() -> Path:
    """Directory of the built-in catalogue."""
    return Path(str(resources.files("pcfrules.catalog")))


def catalog_ids() -> list[str]:
    """Ids of every built-in rule (the folder names that hold a ``rule.yaml``)."""
    return sorted(p.parent.name for p in catalog_dir().glob("*/rule.yaml"))


def chains() -> dict[str, list[Path]]:
    """Each worked chain by name: its study files, in the order of their names."""
    folder = catalog_dir() / "chains"
    return (
        {d.name: sorted(d.glob("*.yaml")) for d in sorted(folder.iterdir()) if d.is_dir()}
        if folder.is_dir()
        else {}
    )


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


class PublishedRange(BaseModel):
    """Footprints published for one route of the product, per declared unit, and where."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: str
    route: Text
    low: float
    high: float
    basis: Text = Field(description="what the figures cover: boundary, year, how the range is made")
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> PublishedRange:
        if not 0 <= self.low <= self.high:
            raise ValueError(f"low {self.low} must be ≥ 0 and ≤ high {self.high}")
        return self

    def holds(self, footprint: float) -> bool:
        """True when ``footprint`` lies in the published range (ends included)."""
        return self.low <= footprint <= self.high


class Plausibility(BaseModel):
    """``range.yaml``: the published ranges of a catalogue product and the example's route.

    Where no cradle-to-gate footprint of the example's route has been published (or none
    could be read), ``example`` is empty and ``not_found`` says what was searched: the demo
    and the catalogue say so rather than hold the example to a figure of another boundary.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    unit: str = Field(description="per the rule's declared unit, e.g. kg CO2e/t")
    example: str | None = Field(None, description="id of the range the worked example must fall in")
    not_found: Text | None = Field(
        None, description="without an example range: what was searched, and what was found"
    )
    ranges: list[PublishedRange] = Field(default_factory=list)

    @model_validator(mode="after")
    def _example_listed(self) -> Plausibility:
        if self.example is None:
            if self.not_found is None or not (self.not_found.zh and self.not_found.en):
                raise ValueError("without an example range, say what was searched (not_found)")
        elif self.example not in {r.id for r in self.ranges}:
            raise ValueError(f"example route '{self.example}' is not one of the ranges")
        return self

    def of_example(self) -> PublishedRange | None:
        """The range the worked example's route must fall in (None where none is published)."""
        return next((r for r in self.ranges if r.id == self.example), None)


def plausibility(rule_id: str) -> Plausibility | None:
    """The published ranges beside a catalogue rule, or ``None`` when it has none."""
    path = rule_file(rule_id).with_name("range.yaml")
    if not path.is_file():
        return None
    return validate_as(Plausibility, read_yaml(path), str(path))
