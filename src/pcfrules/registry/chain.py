"""The audit trail as a hash chain: each record's hash covers its content and the one before.

A record's hash is the SHA-256 of its fields as canonical JSON (sorted keys, ISO dates),
``prev_hash`` included, so changing, removing or reordering a record breaks every hash
after it. ``GENESIS`` stands before the first record. This function is part of the stored
format (migration 0006 fills the chain of older rows with it): it must never change.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64
FIELDS = (
    "id",
    "at",
    "real_at",
    "reason",
    "actor",
    "action",
    "standard",
    "version",
    "detail",
    "before_hash",
    "after_hash",
    "prev_hash",
)


def record_hash(record: dict[str, Any]) -> str:
    """SHA-256 of one audit record's ``FIELDS``."""
    plain = {name: _plain(record[name]) for name in FIELDS}
    text = json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
