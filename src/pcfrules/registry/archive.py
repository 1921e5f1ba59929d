"""Registry versions as a rule source: what ``--rule id@version`` reads.

The rules room asks for a ``RegistryRules`` (one method, ``version_rule``); this is the
registry's answer. The database is opened only when a registry version is asked for, so
commands that never name one never touch it.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from pcfrules.errors import Location, RegistryError
from pcfrules.registry.db import database_url, make_engine
from pcfrules.registry.service import Registry
from pcfrules.rules.model import RuleStandard


class RuleArchive:
    """The rule texts of a registry database (``--db``, ``PCFRULES_DATABASE_URL`` or default)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)

    def version_rule(self, rule_id: str, version: str | None = None) -> RuleStandard:
        """The text of one version; a bilingual error when the database cannot be read."""
        engine = make_engine(self.url)
        try:
            return Registry(engine).version_rule(rule_id, version)
        except SQLAlchemyError as exc:
            raise RegistryError(
                zh=f"无法读取登记簿 {self.url}（是否已运行 pcfrules registry init？）",
                en=f"cannot read the registry at {self.url} (was 'pcfrules registry init' run?)",
                location=Location(path=f"{rule_id}@{version}"),
            ) from exc
        finally:
            engine.dispose()
