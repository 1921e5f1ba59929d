"""The platform: one web application where all parties of a rule standard meet.

Associations draft, the public comments, reviewers vote and enterprises compute; a REST
API (``/api/v1``) and a PACT v3 API (``/3``) serve machines.

Thin, like the CLI: each page and endpoint parses, authenticates (``deps``), calls a room's
use case (the registry, the spaces, the job runner) and formats. Roles are checked by the
rooms on every write.
"""

from __future__ import annotations

from pcfrules.web.app import create_app
from pcfrules.web.settings import Settings

__all__ = ["Settings", "create_app"]
