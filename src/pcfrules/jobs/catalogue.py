"""The catalogue job (``make demo``): every built-in rule checked, rendered and computed.

For each rule: its standard text in zh and en (HTML, Markdown, DOCX) and, when it has a
worked example, the example's result JSON, its study reports (HTML, zh and en) and, for
rules with a CBAM mapping, its CBAM embedded emissions; every worked chain of the catalogue
computed at once (``chains/<name>/``: each result and ``chain.json``); then a demo registry with the
catalogue published (``registry.db``, which also holds the background extracts the examples
name, so that ``pcfrules data list --db`` finds them) and its dashboard (``dashboard.json``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pcfrules.background import store
from pcfrules.background.sources import EXTRACTS, shipped
from pcfrules.errors import PcfrulesError
from pcfrules.files import cannot_write, write_bytes
from pcfrules.registry import Registry, exports, make_engine, migrate
from pcfrules.registry.seed import seed
from pcfrules.reports.report import report_bytes
from pcfrules.rules import catalog, check
from pcfrules.rules.render import FORMATS, LANGS, render
from pcfrules.rules.render.units import number
from pcfrules.rules.sources import FoundRule, from_catalogue
from pcfrules.studies import compute
from pcfrules.studies.cbam import cbam_of
from pcfrules.studies.chain import compute_chain

STEPS_PER_RULE = len(LANGS) * len(FORMATS) + 1


@dataclass(frozen=True)
class Plausible:
    """The worked example's footprint beside the footprints published for its route."""

    total: float  # kg CO2e per declared unit
    low: float
    high: float
    unit: str
    route: str

    @property
    def inside(self) -> bool:
        """True when the example lies in the published range."""
        return self.low <= self.total <= self.high


@dataclass(frozen=True)
class CatalogueRow:
    """What the job made of one rule."""

    rule_id: str
    version: str
    counts: dict[str, int]
    files: int
    footprint: str  # the worked example's total per declared unit, or "—"
    fingerprint: str
    product: str = ""
    standard: str = ""
    declared_unit: str = ""
    plausible: Plausible | None = None
    per_unit: float | None = None  # the example's kg CO2e per declared unit


@dataclass
class CatalogueRun:
    """Every rule's row, the rules that failed with why, and the demo registry."""

    rows: list[CatalogueRow] = field(default_factory=list)
    failures: dict[str, PcfrulesError] = field(default_factory=dict)
    registry: Path | None = None
    published: list[str] = field(default_factory=list)
    numbers: dict[str, str] = field(default_factory=dict)  # rule id → its number in the demo
    chains: dict[str, dict[str, Any]] = field(default_factory=dict)  # name → chain.json

    @property
    def ok(self) -> bool:
        """True when every rule was made, none has a conformance error, and every example fits.

        An example fits when it lies in the range published for its route (``range.yaml``).
        """
        return not self.failures and all(  # a chain that fails is among the failures
            row.counts["error"] == 0 and (row.plausible is None or row.plausible.inside)
            for row in self.rows
        )


def run_catalogue(out: Path, advance: Callable[[], None] = lambda: None) -> CatalogueRun:
    """Make every catalogue rule's documents under ``out``; ``advance`` is called per step."""
    run = CatalogueRun()
    for rule_id in catalog.catalog_ids():
        try:
            run.rows.append(_one(from_catalogue(rule_id), out / rule_id, advance))
        except PcfrulesError as exc:
            run.failures[rule_id] = exc
    for name, files in catalog.chains().items():
        try:
            run.chains[name] = _chain(files, out / "chains" / name)
        except PcfrulesError as exc:
            run.failures[f"chains/{name}"] = exc
        advance()
    run.registry, run.published, run.numbers = _registry(out)
    return run


def total_steps() -> int:
    """How many times ``advance`` is called by :func:`run_catalogue`."""
    return len(catalog.catalog_ids()) * STEPS_PER_RULE + len(catalog.chains())


def _chain(files: list[Path], folder: Path) -> dict[str, Any]:
    """A worked chain computed at once: each study's result and the chain's summary."""
    chained = compute_chain(files)
    for name, result in zip(chained.names(), chained.results, strict=True):
        write_bytes(folder / f"{name}.result.json", result.to_json())
    summary = chained.summary()
    write_bytes(folder / "chain.json", _json(summary))
    return summary


def _one(found: FoundRule, folder: Path, advance: Callable[[], None]) -> CatalogueRow:
    rule, rule_id = found.rule, found.rule.identity.id
    report = check.check_rule(found)
    example = found.example()
    written = 0
    for lang in LANGS:
        for fmt in FORMATS:
            write_bytes(folder / f"{rule_id}.{lang}.{fmt}", render(rule, lang, fmt, example))
            written += 1
            advance()
    footprint, plausible, per_unit = "—", None, None
    example_file = found.file.with_name("example.yaml") if found.file else None
    if example_file is not None and example_file.is_file():
        result = compute(example_file)  # its rule is the catalogue's, beside it
        write_bytes(folder / f"{rule_id}.result.json", result.to_json())
        for lang in LANGS:
            html = report_bytes(result, rule, lang, "html")
            write_bytes(folder / f"{rule_id}.report.{lang}.html", html)
        written += 1 + len(LANGS)
        fu = result.functional_unit
        total = number(result.total.value, 1)
        footprint = f"{total} kg CO₂e / {number(fu['quantity'])} {fu['unit']}"
        per_unit = result.total.value / float(fu["quantity"])
        plausible = _plausible(rule_id, per_unit)
        if rule.cbam is not None:
            cbam = cbam_of(example_file)
            write_bytes(folder / f"{rule_id}.cbam.json", _json(cbam))
            written += 1
    advance()
    identity = rule.identity
    return CatalogueRow(
        rule_id,
        identity.version,
        report.counts,
        written,
        footprint,
        rule.fingerprint()[:16],
        f"{identity.product.zh} {rule_id}",
        identity.number or f"draft · 草案 {identity.version}",
        f"{number(rule.unit.quantity)} {rule.unit.unit}",
        plausible,
        per_unit,
    )


def _plausible(rule_id: str, total: float) -> Plausible | None:
    """The example's total per declared unit against its route's published range, if any."""
    ranges = catalog.plausibility(rule_id)
    if ranges is None:
        return None
    published = ranges.of_example()
    if published is None:
        return None
    route = f"{published.route.zh} {published.route.en}"
    return Plausible(total, published.low, published.high, ranges.unit, route)


def _registry(out: Path) -> tuple[Path, list[str], dict[str, str]]:
    target = out / "registry.db"
    try:
        target.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(target, exc) from exc
    engine = make_engine(f"sqlite:///{target}")
    try:
        migrate(engine)
        registry = Registry(engine)
        numbers = seed(registry)
        given = {row["rule_id"]: row["number"] for row in registry.standards() if row["number"]}
        write_bytes(out / "dashboard.json", _json(exports.dashboard(registry)))
        for name in EXTRACTS:  # the background data the examples name, there to be searched
            store.save(engine, shipped(name))
    finally:
        engine.dispose()
    return target, numbers, given


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")
