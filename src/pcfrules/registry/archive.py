"""Registry versions as a rule source: what ``--rule id@version`` reads.

The rules room asks for a ``RegistryRules`` (one method, ``version_rule``); this is the
registry's answer. The database is opened only when a registry version is asked for, so
commands that never name one never touch it, and a registry that is not there is an error,
never an empty SQLite file left behind.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from pcfrules.errors import Location, RegistryError, RuleNotFoundError
from pcfrules.registry.db import database_url, make_engine
from pcfrules.registry.service import Registry
from pcfrules.rules.model import RuleStandard


class RuleArchive:
    """The rule texts of a registry database (``--db``, ``PCFRULES_DATABASE_URL`` or default)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)

    def version_rule(self, rule_id: str, version: str | None = None) -> RuleStandard:
        """The text of one version; a bilingual not-found error naming the registry."""
        spec = f"{rule_id}@{version}" if version else rule_id
        self._require_database(spec)
        engine = make_engine(self.url)
        try:
            return Registry(engine).version_rule(rule_id, version)
        except RegistryError as exc:
            raise self._not_found(spec, exc.zh, exc.en) from exc
        except SQLAlchemyError as exc:
            raise self._not_found(
                spec,
                "无法读取（是否已运行 pcfrules registry init？）",
                "cannot be read (was 'pcfrules registry init' run?)",
            ) from exc
        finally:
            engine.dispose()

    def _require_database(self, spec: str) -> None:
        """A SQLite registry must exist already: reading one must not create it."""
        try:
            url = make_url(self.url)
        except ArgumentError as exc:
            raise self._not_found(spec, "地址无效", "is not a database URL") from exc
        name = url.database or ""
        on_disk = url.get_backend_name() == "sqlite" and name not in ("", ":memory:")
        if on_disk and not Path(name).is_file():
            raise self._not_found(spec, "不存在", "does not exist")

    def _not_found(self, spec: str, zh: str, en: str) -> RuleNotFoundError:
        shown = (
            make_url(self.url).render_as_string(hide_password=True)
            if "://" in self.url
            else self.url
        )
        return RuleNotFoundError(
            zh=f"找不到登记簿版本“{spec}”：登记簿 {shown} {zh}",
            en=f"no registry version '{spec}': the registry {shown} {en}",
            location=Location(path=spec),
        )


def _shown(url: str) -> str:
    """The URL as it may be printed: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
