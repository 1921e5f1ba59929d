"""Rule standards as code: the model, loading, where rules come from, the check and the text.

Owns what a product carbon-footprint accounting rule standard *says*. It must not know
how footprints are computed (``engine``) nor how studies are run (``studies``); it may
read GWP sets from ``datasets`` to check a rule's GWP set and print its GWP annex.
"""

from __future__ import annotations

from pcfrules.rules import check
from pcfrules.rules.catalog import catalog_ids, example_for, load
from pcfrules.rules.loader import load_rule, validate_rule
from pcfrules.rules.model import RuleStandard, json_schema
from pcfrules.rules.sources import FoundRule, RuleOrigin, find, find_again

__all__ = [
    "FoundRule",
    "RuleOrigin",
    "RuleStandard",
    "catalog_ids",
    "check",
    "example_for",
    "find",
    "find_again",
    "json_schema",
    "load",
    "load_rule",
    "validate_rule",
]
