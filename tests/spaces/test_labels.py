"""A label's QR payload checked against the published footprints and the registry."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pcfrules.errors import StudyError
from pcfrules.registry import Registry, make_engine, migrate
from pcfrules.registry.seed import DEMO_SECRETARIAT
from pcfrules.reports.label import decode_payload
from pcfrules.spaces import Spaces
from pcfrules.spaces.demo import CEMENT, STEEL, seed_demo_platform, seed_platform


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('labels') / 'platform.db'}")
    migrate(engine)
    seed_demo_platform(engine)
    yield engine
    engine.dispose()


def _payload(spaces: Spaces, org: str, admin: str) -> str:
    study = spaces.studies(org, admin)[-1]
    svg = spaces.export(org, admin, study.id, "label-svg", "zh")[2].decode()
    return svg[svg.index("<title>") + 7 : svg.index("</title>")]


def _forged(payload: str, **changed: object) -> str:
    """A payload whose claims were changed and its digest made again (an unkeyed hash)."""
    claims = {**decode_payload(payload), **changed}
    text = json.dumps(claims, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    body = base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    return f"PCF1.{body}.{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def test_a_published_footprints_label_is_valid_under_the_live_version(engine: Engine) -> None:
    spaces = Spaces(engine)
    found = spaces.verify_label(_payload(spaces, CEMENT.code, CEMENT.admin))
    assert found.verdict == "valid" and found.mismatches == []
    assert (found.rule_id, found.version) == ("cement", "1.0.0")
    assert found.footprint is not None
    assert found.footprint["id"] == spaces.studies(CEMENT.code, CEMENT.admin)[-1].pact_id
    assert found.rule.state == "published" and found.rule.current == "1.0.0"


def test_an_unpublished_footprints_label_is_unknown(engine: Engine) -> None:
    spaces = Spaces(engine)
    found = spaces.verify_label(_payload(spaces, STEEL.code, STEEL.admin))
    assert found.verdict == "unknown" and found.footprint is None
    assert found.rule.in_force  # the rule is fine; the footprint is not public


def test_an_altered_payload_is_refused_and_a_forged_one_does_not_match(engine: Engine) -> None:
    spaces = Spaces(engine)
    payload = _payload(spaces, CEMENT.code, CEMENT.admin)
    with pytest.raises(StudyError, match="digest"):
        spaces.verify_label(payload[:-1] + ("0" if payload[-1] != "0" else "1"))
    with pytest.raises(StudyError, match="PCF1"):
        spaces.verify_label("' OR 1=1 --")
    forged = spaces.verify_label(_forged(payload, f=1.0))
    assert forged.verdict == "mismatch"
    assert [(m.claim, m.label) for m in forged.mismatches] == [("f", "1.0")]
    elsewhere = spaces.verify_label(_forged(payload, r="cement@9.9.9"))
    assert elsewhere.verdict == "unknown" and elsewhere.rule.state is None
    assert elsewhere.rule.current == "1.0.0"
    nowhere = spaces.verify_label(_forged(payload, r="no-such-rule@1.0.0"))
    assert (nowhere.rule.state, nowhere.rule.current) == (None, None)


def test_a_withdrawn_standard_makes_a_matching_label_outdated(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'withdrawn.db'}")
    migrate(engine)
    seed_platform(engine)  # no revision under way: the live version is the newest
    spaces = Spaces(engine)
    payload = _payload(spaces, CEMENT.code, CEMENT.admin)
    Registry(engine, person=DEMO_SECRETARIAT).withdraw("cement", "示例 demo")
    found = spaces.verify_label(payload)
    assert found.verdict == "outdated" and found.rule.state == "withdrawn"
    engine.dispose()
