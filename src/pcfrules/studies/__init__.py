"""Footprint studies: the one bridge from a rule to the engine.

Owns the study and raw-system formats, resolving a study's values against its rule, building
the product system from the rule's formulas, checking the study against its rule, and the
result JSON. It imports rules, engine and datasets; nothing below imports it.
"""

from __future__ import annotations

from pcfrules.studies.model import RawSystem, Study
from pcfrules.studies.run import compare, load_input, rule_for, run_raw, run_study

__all__ = ["RawSystem", "Study", "compare", "load_input", "rule_for", "run_raw", "run_study"]
