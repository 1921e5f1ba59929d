"""pcfrules — product carbon-footprint accounting rule standards as code.

One rule document (YAML) drives the conformance check against GB/T 24067 and the MIIT
guide, the standard's text drafted to GB/T 1.1-2020, and — in later rooms — the data
workbook, the footprint calculation, the report and the exchange formats.
"""

from __future__ import annotations

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

__version__ = "0.1.0"

__all__ = [
    "ExpressionError",
    "Finding",
    "Location",
    "PcfrulesError",
    "RenderError",
    "RuleLoadError",
    "RuleNotFoundError",
    "RuleStandard",
    "RuleValidationError",
    "UnitError",
    "__version__",
    "catalog_ids",
    "check_rule",
    "json_schema",
    "load",
    "load_rule",
    "render_rule",
]
