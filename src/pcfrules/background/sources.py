"""Where a study's background dataset is found: an imported release, else a shipped extract.

A study names a dataset as ``<database>[@release]:<uuid or name>``. :class:`Backgrounds`
answers the studies room's ``BackgroundData`` protocol: it looks in the store (the releases
imported with ``pcfrules data import``; the newest unless a release is named) and, when the
store has no database of that name, in the extracts pcfrules ships (``data/ilcd/``: a few
TianGong datasets with their whole supply chain, for the catalogue's worked examples, under
TianGong's MIT licence). A dataset may be named by its UUID or by its exact name (English or
Chinese) when that name is unique in the release.

Each database is read, linked and kept once per process; the store is opened only when a
study names a dataset, through the ``open_store`` callable the caller hands in (the CLI
opens the registry's database), so this room imports nothing above it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine

from pcfrules.background import compute, ilcd, link, store
from pcfrules.background.model import Database, DatasetFootprint
from pcfrules.errors import BackgroundError, Location

SPEC = re.compile(r"^(?P<name>[^\s:@]+)(@(?P<release>[^\s:@]+))?:(?P<dataset>\S.*)$")
UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class Extract:
    """A part of a published database shipped with pcfrules, and what it is."""

    file: str
    source: str
    licence: str


EXTRACTS = {
    "tiangong": Extract(
        "tiangong-extract.zip",
        "TianGong LCA Data, github.com/linancn/TianGong-LCA-Data, tiangong_lca_data/ at commit "
        "a55b302 (2024-04-26); the extract shipped with pcfrules (scripts/tiangong_extract.py)",
        "MIT (TianGong LCA Data; LICENSE in the extract)",
    ),
}


def shipped(name: str) -> Database:
    """A shipped extract, read and linked (the same rules as an import)."""
    extract = EXTRACTS[name]
    path = Path(str(resources.files("pcfrules.data"))) / "ilcd" / extract.file
    db = ilcd.read(ilcd.listing(path), name, "", extract.source, extract.licence)
    return link.link(db)


class Backgrounds:
    """The background datasets a study may name (``studies.links.BackgroundData``)."""

    def __init__(self, open_store: Callable[[], Engine | None] | None = None) -> None:
        self._open_store = open_store
        self._engine: Engine | None = None
        self._opened = False
        self._databases: dict[tuple[str, str | None], Database] = {}

    def footprint(self, spec: str, gwp_set: str) -> DatasetFootprint:
        """The footprint per unit of the dataset ``spec`` characterised with ``gwp_set``."""
        found = SPEC.match(spec.strip())
        if found is None:
            raise BackgroundError(
                zh=f"“{spec}”不是“数据库名[@版本]:数据集 UUID 或名称”",
                en=f"'{spec}' is not <database>[@release]:<dataset UUID or name>",
                location=Location(path=spec),
            )
        db = self.database(found["name"], found["release"])
        return compute.footprint(db, _dataset(db, found["dataset"].strip()), gwp_set)

    def database(self, name: str, release: str | None = None) -> Database:
        """A database by name (and release), from the store, else a shipped extract."""
        key = (name, release)
        if key not in self._databases:
            self._databases[key] = self._find(name, release)
        return self._databases[key]

    def _find(self, name: str, release: str | None) -> Database:
        engine = self._store()
        if engine is not None and any(s.name == name for s in store.releases(engine)):
            return store.load(engine, name, release)
        if name in EXTRACTS and release is None:
            return shipped(name)
        imported = sorted({s.name for s in store.releases(engine)}) if engine is not None else []
        there = ", ".join(imported + [f"{n} (shipped)" for n in EXTRACTS]) or "—"
        raise BackgroundError(
            zh=f"没有名为 {name}{'@' + release if release else ''} 的背景数据库（现有：{there}）；"
            "请先用 pcfrules data import 导入",
            en=f"there is no background database {name}{'@' + release if release else ''} "
            f"(there are: {there}); import it with pcfrules data import",
            location=Location(path=name),
        )

    def _store(self) -> Engine | None:
        if not self._opened:
            self._opened = True
            self._engine = self._open_store() if self._open_store is not None else None
        return self._engine


def _dataset(db: Database, wanted: str) -> str:
    """The UUID of the dataset named by UUID or by its exact, unique name."""
    if UUID.match(wanted):
        return wanted.lower()
    matches = sorted(uuid for uuid, p in db.processes.items() if wanted in (p.name_en, p.name_zh))
    if len(matches) == 1:
        return matches[0]
    how_zh = "没有" if not matches else f"有 {len(matches)} 个（{', '.join(matches[:5])}）"
    how_en = "no" if not matches else f"{len(matches)} ({', '.join(matches[:5])})"
    raise BackgroundError(
        zh=f"{db.name} {db.release} 中名为“{wanted}”的数据集{how_zh}；请写其 UUID",
        en=f"{db.name} {db.release} has {how_en} datasets named '{wanted}'; write its UUID",
        location=Location(path=wanted),
    )


SHIPPED = Backgrounds()  # the shipped extracts only; each read once, when first named
