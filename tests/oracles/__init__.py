"""Where the official files the tests use as oracles live: copies under ``tests/oracles``.

Every file here is a third-party original, copied byte for byte with its licence; its
sha256 and source are recorded in ``README.md`` beside this module, and
``tests/test_oracles.py`` checks them, so nobody edits them by accident. Tests take the
paths from here and never from outside the checkout.
"""

from __future__ import annotations

from pathlib import Path

ORACLES = Path(__file__).resolve().parent
README = ORACLES / "README.md"

PACT = ORACLES / "pact"
PACT_V2_OPENAPI = PACT / "v2" / "openapi.yaml"
PACT_V3_OPENAPI = PACT / "v3" / "openapi.yaml"
PACT_V3_EXAMPLES = PACT / "v3" / "examples"

CBAM_TEMPLATE = ORACLES / "cbam" / "cbam-communication-template-installations-en-20241213.xlsx"

GWP_TABLE = ORACLES / "gwp" / "globalwarmingpotentials.csv"
