"""Importing an ILCD database: read, link, save, and the readiness report of what was met.

The use case behind ``pcfrules data import ilcd``: the CLI parses and shows progress, this
reads the folder or zip file by file (:mod:`.ilcd`), links it (:mod:`.link`, with the
user's per-flow overrides) and saves it in one transaction (:mod:`.store`). Importing the
same files with the same overrides again changes nothing; other overrides relink the
release (its digest covers both).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from pcfrules.background import ilcd, link, store
from pcfrules.background.model import Database


@dataclass(frozen=True)
class Imported:
    """What an import did: the database as linked and how the store took it."""

    database: Database
    saved: store.SaveOutcome


def import_ilcd(
    engine: Engine,
    path: Path,
    name: str = "",
    release: str = "",
    licence: str = "",
    overrides: Mapping[str, str] | None = None,
    files: Callable[[int], object] | None = None,
    advance: Callable[[int], object] | None = None,
) -> Imported:
    """Import the ILCD folder or zip at ``path``.

    ``files`` hears how many dataset files there are before reading starts; ``advance``
    hears each file read. ``name`` defaults to the folder's or zip's name, ``release`` to the
    newest revision date of the datasets, ``licence`` to a LICENSE file beside them, else the
    licence most processes state.
    """
    entries = ilcd.listing(path)
    if files is not None:
        files(len(entries))
    db = ilcd.read(
        entries,
        name or path.stem.lower(),
        release,
        str(path.resolve()),
        licence or ilcd.licence_file(path),
        advance,
    )
    link.link(db, overrides)
    if overrides:  # the same files linked otherwise are another release's content
        chosen = json.dumps(sorted(overrides.items())).encode("utf-8")
        db.digest = hashlib.sha256(db.digest.encode("ascii") + chosen).hexdigest()
    return Imported(db, store.save(engine, db))
