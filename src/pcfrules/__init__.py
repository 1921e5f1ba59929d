"""pcfrules — product carbon-footprint accounting rule standards as code.

One rule document (YAML) drives the conformance check against GB/T 24067 and the MIIT
guide, the standard's text drafted to GB/T 1.1-2020, the data workbook, the footprint
calculation, the report and the exchange formats; the registry (``pcfrules.registry``) and
the reports (``pcfrules.reports``) are imported from their own packages.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Where each public name lives. Loaded on first use, so that importing one room
# (``pcfrules.engine.lca``, say) does not import every other room and its libraries.
_PUBLIC = {
    "GwpSet": "pcfrules.engine",
    "Lca": "pcfrules.engine",
    "ProductSystem": "pcfrules.engine",
    "ExpressionError": "pcfrules.errors",
    "Location": "pcfrules.errors",
    "PcfrulesError": "pcfrules.errors",
    "RenderError": "pcfrules.errors",
    "RuleLoadError": "pcfrules.errors",
    "RuleNotFoundError": "pcfrules.errors",
    "RuleValidationError": "pcfrules.errors",
    "UnitError": "pcfrules.errors",
    "RuleStandard": "pcfrules.rules",
    "catalog_ids": "pcfrules.rules",
    "json_schema": "pcfrules.rules",
    "load": "pcfrules.rules",
    "load_rule": "pcfrules.rules",
    "Finding": "pcfrules.rules.check",
    "check_rule": "pcfrules.rules.check:run",
    "render_rule": "pcfrules.rules.render:render",
    "compare": "pcfrules.studies",
    "load_input": "pcfrules.studies",
    "rule_for": "pcfrules.studies",
    "run_raw": "pcfrules.studies",
    "run_study": "pcfrules.studies",
    "embedded_emissions": "pcfrules.studies.cbam",
    "fill_cbam_template": "pcfrules.reports.cbam_template:fill_template",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its room on first use."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'pcfrules' has no attribute {name!r}")
    module, _, attribute = _PUBLIC[name].partition(":")
    value = getattr(import_module(module), attribute or name)
    globals()[name] = value
    return value


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
    "embedded_emissions",
    "fill_cbam_template",
    "json_schema",
    "load",
    "load_input",
    "load_rule",
    "render_rule",
    "rule_for",
    "run_raw",
    "run_study",
]
