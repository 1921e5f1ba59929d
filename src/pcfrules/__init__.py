"""pcfrules — product carbon-footprint accounting rule standards as code.

One rule document (YAML) drives the conformance check against GB/T 24067 and the MIIT
guide, the standard's text drafted to GB/T 1.1-2020, the data workbook, the footprint
calculation, the report and the exchange formats; the registry (``pcfrules.registry``), the
reports (``pcfrules.reports``) and the exchange formats (``pcfrules.interchange``) are
imported from their own packages.
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
    "BackgroundError": "pcfrules.errors",
    "CbamTemplateError": "pcfrules.errors",
    "ComparisonError": "pcfrules.errors",
    "DatabaseError": "pcfrules.errors",
    "ExpressionError": "pcfrules.errors",
    "JobError": "pcfrules.errors",
    "NoSuchJobError": "pcfrules.errors",
    "NotAllowedError": "pcfrules.errors",
    "NotInSpaceError": "pcfrules.errors",
    "Location": "pcfrules.errors",
    "PcfrulesError": "pcfrules.errors",
    "ProductSystemError": "pcfrules.errors",
    "RegistryError": "pcfrules.errors",
    "RenderError": "pcfrules.errors",
    "RenderRefusedError": "pcfrules.errors",
    "RuleLoadError": "pcfrules.errors",
    "RuleMismatchError": "pcfrules.errors",
    "RuleNotFoundError": "pcfrules.errors",
    "RuleValidationError": "pcfrules.errors",
    "SingularSystemError": "pcfrules.errors",
    "SpaceError": "pcfrules.errors",
    "StudyError": "pcfrules.errors",
    "UnitError": "pcfrules.errors",
    "ValidationIssue": "pcfrules.errors",
    "WorkbookError": "pcfrules.errors",
    "RuleStandard": "pcfrules.rules",
    "catalog_ids": "pcfrules.rules",
    "json_schema": "pcfrules.rules",
    "load": "pcfrules.rules",
    "load_rule": "pcfrules.rules",
    "FoundRule": "pcfrules.rules.sources",
    "RuleOrigin": "pcfrules.rules.sources",
    "find": "pcfrules.rules.sources",
    "find_again": "pcfrules.rules.sources",
    "Finding": "pcfrules.rules.check",
    "check_rule": "pcfrules.rules.check:run",
    "render_rule": "pcfrules.rules.render:render",
    "Result": "pcfrules.studies",
    "compare": "pcfrules.studies",
    "compute": "pcfrules.studies",
    "read_result": "pcfrules.studies",
    "result_of": "pcfrules.studies",
    "rule_of_result": "pcfrules.studies",
    "write_result": "pcfrules.studies",
    "load_input": "pcfrules.studies",
    "rule_for": "pcfrules.studies",
    "run_raw": "pcfrules.studies",
    "run_study": "pcfrules.studies",
    "embedded_emissions": "pcfrules.studies.cbam",
    "fill_cbam_template": "pcfrules.reports.cbam_template:fill_template",
    "product_footprint": "pcfrules.interchange.pact",
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
    "BackgroundError",
    "CbamTemplateError",
    "ComparisonError",
    "DatabaseError",
    "ExpressionError",
    "Finding",
    "FoundRule",
    "GwpSet",
    "JobError",
    "Lca",
    "Location",
    "NoSuchJobError",
    "NotAllowedError",
    "NotInSpaceError",
    "PcfrulesError",
    "ProductSystem",
    "ProductSystemError",
    "RegistryError",
    "RenderError",
    "RenderRefusedError",
    "Result",
    "RuleLoadError",
    "RuleMismatchError",
    "RuleNotFoundError",
    "RuleOrigin",
    "RuleStandard",
    "RuleValidationError",
    "SingularSystemError",
    "SpaceError",
    "StudyError",
    "UnitError",
    "ValidationIssue",
    "WorkbookError",
    "__version__",
    "catalog_ids",
    "check_rule",
    "compare",
    "compute",
    "embedded_emissions",
    "fill_cbam_template",
    "find",
    "find_again",
    "json_schema",
    "load",
    "load_input",
    "load_rule",
    "product_footprint",
    "read_result",
    "render_rule",
    "result_of",
    "rule_for",
    "rule_of_result",
    "run_raw",
    "run_study",
    "write_result",
]
