"""How a file is handed to a browser: as an attachment under its own (possibly Chinese) name."""

from __future__ import annotations

from urllib.parse import quote


def attachment(name: str) -> str:
    """A ``Content-Disposition`` for ``name``: an ASCII fallback and the UTF-8 name (RFC 6266)."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
