"""A record that cannot be altered unseen: the database edited behind the registry's back."""

from __future__ import annotations

import hashlib
from datetime import date

from alembic import command
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.registry import Registry, db, migrate
from pcfrules.rules import catalog
from tests.output import assert_shows
from tests.registry.conftest import Clock

NUMBER = "T/CBMF 1—2026"


def _published(registry: Registry, clock: Clock) -> None:
    registry.propose(catalog.load("cement"), "CBMF", "建材", ["Drafter"])
    registry.approve_project("cement")
    registry.start_drafting("cement")
    registry.open_comment("cement", 30)
    clock.advance(30)
    registry.start_review("cement")
    registry.vote("cement", "Wu", "yes")
    registry.approve("cement")
    registry.publish("cement", date(2026, 4, 15), date(2026, 7, 1))


def _sql(engine: Engine, statement: str, **values: object) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement), values)


def _record_id(engine: Engine, action: str) -> int:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT id FROM audit WHERE action = :a AND standard = 'cement'"), {"a": action}
        ).scalar_one()
    return int(found)


def _where(registry: Registry) -> list[str]:
    return [f["where"] for f in registry.verify()["findings"]]


def test_an_untouched_registry_verifies(registry: Registry, clock: Clock) -> None:
    _published(registry, clock)
    report = registry.verify()
    assert report["findings"] == []
    assert report["published_versions"] == 1
    assert report["audit_records"] == len(registry.history("cement")) + 26  # people, roles


def test_a_published_text_edited_in_the_database(
    registry: Registry, clock: Clock, engine: Engine
) -> None:
    _published(registry, clock)
    _sql(
        engine,
        "UPDATE versions SET rule_json = REPLACE(rule_json, '水泥', '石灰') WHERE number = :n",
        n=NUMBER,
    )
    (finding,) = registry.verify()["findings"]
    assert finding["where"] == f"{NUMBER} (cement 1.0.0)"
    assert "the published text of T/CBMF 1—2026 (cement 1.0.0) was changed" in finding["en"]
    assert "已发布文本" in finding["zh"]


def test_a_published_text_and_its_hash_rewritten_together(
    registry: Registry, clock: Clock, engine: Engine
) -> None:
    _published(registry, clock)
    rule = catalog.load("cement").model_copy(deep=True)
    rule.identity.title.zh = "篡改"
    forged = rule.canonical_json()
    sha = hashlib.sha256(forged.encode("utf-8")).hexdigest()
    _sql(engine, "UPDATE versions SET rule_json = :t, sha256 = :h", t=forged, h=sha)
    assert f"{NUMBER} (cement 1.0.0)" in _where(registry)  # the publish record keeps the old


def test_an_audit_record_edited(registry: Registry, clock: Clock, engine: Engine) -> None:
    _published(registry, clock)
    target = _record_id(engine, "approve")
    _sql(engine, "UPDATE audit SET actor = 'Mallory' WHERE id = :i", i=target)
    (finding,) = registry.verify()["findings"]
    assert finding["where"] == f"audit {target}"
    assert f"audit record {target} (approve, cement) was changed" in finding["en"]


def test_an_audit_record_deleted(registry: Registry, clock: Clock, engine: Engine) -> None:
    _published(registry, clock)
    target = _record_id(engine, "open-comment")
    _sql(engine, "DELETE FROM audit WHERE id = :i", i=target)
    (finding,) = registry.verify()["findings"]
    assert finding["where"] == f"audit {target + 1}"
    assert f"record(s) {target} removed" in finding["en"]


def test_a_state_changed_outside_the_registry(
    registry: Registry, clock: Clock, engine: Engine
) -> None:
    _published(registry, clock)
    _sql(engine, "UPDATE versions SET state = 'withdrawn'")
    assert _where(registry) == ["cement"]


def test_verify_from_the_command_line(registry: Registry, clock: Clock, engine: Engine) -> None:
    _published(registry, clock)
    url = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    result = runner.invoke(app, ["registry", "--db", url, "verify"])
    assert result.exit_code == 0
    assert_shows(result.output, "verified / 已核验", "1 published texts")
    _sql(engine, "UPDATE audit SET detail = :d WHERE id = :i", d="{}", i=_record_id(engine, "vote"))
    result = runner.invoke(app, ["registry", "--db", url, "verify"])
    assert result.exit_code == 1
    assert_shows(result.output, "tampered / 被篡改", "(vote, cement) was changed")


def test_records_written_before_the_chain_are_chained_by_the_migration(engine: Engine) -> None:
    command.downgrade(db.alembic_config(engine), "0005")
    for at in ("2026-01-01 10:00:00", "2026-01-02 10:00:00"):
        _sql(
            engine,
            "INSERT INTO audit (at, real_at, reason, actor, action, standard, version, detail, "
            "before_hash, after_hash) VALUES (:at, :at, '', 'Sec', 'add-stakeholder', 'X', '', "
            "'{}', '', '')",
            at=at,
        )
    migrate(engine)
    report = Registry(engine).verify()
    assert (report["audit_records"], report["findings"]) == (2, [])
