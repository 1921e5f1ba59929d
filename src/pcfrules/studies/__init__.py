"""Footprint studies: the one bridge from a rule to the engine.

Owns the study and raw-system formats, resolving a study's values against its rule, building
the product system from the rule's formulas, checking the study against its rule, the typed
result and its files, and the use case ``compute``. It imports rules, engine and datasets
(and the background room's records, for inputs a background dataset supplies); nothing below
imports it.
"""

from __future__ import annotations

from pcfrules.studies.model import RawSystem, Study
from pcfrules.studies.result_model import Result, parse_result, read_result, write_result
from pcfrules.studies.run import (
    compare,
    compute,
    load_input,
    result_of,
    rule_for,
    rule_of_result,
    run_raw,
    run_study,
)

__all__ = [
    "RawSystem",
    "Result",
    "Study",
    "compare",
    "compute",
    "load_input",
    "parse_result",
    "read_result",
    "result_of",
    "rule_for",
    "rule_of_result",
    "run_raw",
    "run_study",
    "write_result",
]
