"""pcfrules — product carbon-footprint accounting rule standards as code.

One rule document (YAML) drives the conformance check against GB/T 24067 and the MIIT
guide, the standard's text drafted to GB/T 1.1-2020, the data workbook, the footprint
calculation, the report and the exchange formats; the registry (``pcfrules.registry``) and
the reports (``pcfrules.reports``) are imported from their own packages.
"""

from __future__ import annotations

from pcfrules.engine import GwpSet, Lca, ProductSystem
from pcfrules.errors import (
    ExpressionError,
    Location,
    PcfrulesError,
    RenderError,
    RuleLoadError,
    RuleNotFoundError,
    RuleValidationError,
    UnitError,
)
from pcfrules.rules import RuleStandard, catalog_ids, json_schema, load, load_rule
from pcfrules.rules.check import Finding
from pcfrules.rules.check import run as check_rule
from pcfrules.rules.render import render as render_rule
from pcfrules.studies import compare, load_input, rule_for, run_raw, run_study

__version__ = "0.1.0"

__all__ = [
    "ExpressionError",
    "Finding",
    "GwpSet",
    "Lca",
    "Location",
    "PcfrulesError",
    "ProductSystem",
    "RenderError",
    "RuleLoadError",
    "RuleNotFoundError",
    "RuleStandard",
    "RuleValidationError",
    "UnitError",
    "__version__",
    "catalog_ids",
    "check_rule",
    "compare",
    "json_schema",
    "load",
    "load_input",
    "load_rule",
    "render_rule",
    "rule_for",
    "run_raw",
    "run_study",
]
