"""A demo platform whose procedure stands where the secretariat's and drafters' tests need it.

The demo seed opens the cement revision's comment period now, for 30 days; these tests need
it closed. So the revision, its comment period and its one comment are recorded back-dated
by the demo secretariat (as a procedure run on paper is brought in) before the rest of the
demo is seeded, which then leaves cement where it stands.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from pcfrules.registry import Registry, make_engine, migrate
from pcfrules.registry.seed import DEMO_CODE, DEMO_SECRETARIAT
from pcfrules.registry.workflow import MIN_COMMENT_DAYS
from pcfrules.rules import catalog
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule, yaml_bytes
from pcfrules.rules.model import RuleStandard
from pcfrules.spaces.demo import seed_demo_platform, seed_platform

REASON = "测试：征求意见期已结束 / test: the comment period has closed"
COMMENTER = "示例 demo user"
COMMENT = "累计截断 3% 是否过严？ / Is a 3 % cumulative cut-off too strict?"


def revision_data(rule_id: str, cut_off: float, version: str = "1.1.0") -> dict[str, object]:
    """The catalogue rule as a revision's text: another version, another cumulative cut-off."""
    data: dict[str, object] = to_plain(read_yaml(catalog.rule_file(rule_id)))
    identity = data["identity"]
    boundary = data["boundary"]
    assert isinstance(identity, dict) and isinstance(boundary, dict)
    identity["version"] = version
    boundary["cut_off"]["cumulative_percent"] = cut_off
    return data


def revision(rule_id: str, cut_off: float) -> RuleStandard:
    """The revision's text as a rule."""
    return validate_rule(revision_data(rule_id, cut_off))


def revision_yaml(rule_id: str, cut_off: float) -> bytes:
    """The revision's text as the YAML file a drafter uploads."""
    return yaml_bytes(revision_data(rule_id, cut_off))


def seeded_closed_comment(folder: Path) -> str:
    """The demo platform, its cement revision's comment period closed a day ago (one comment)."""
    url = f"sqlite:///{folder / 'platform.db'}"
    engine = make_engine(url)
    migrate(engine)
    seed_platform(engine)
    registry = Registry(engine, person=DEMO_SECRETARIAT)
    registry.update_association(DEMO_CODE, public_comments=True)
    with registry.as_of(datetime.now() - timedelta(days=MIN_COMMENT_DAYS + 1), REASON):
        registry.revise(revision("cement", 3))
        registry.open_comment("cement", MIN_COMMENT_DAYS)
        registry.comment("cement", COMMENTER, "boundary.cut_off", COMMENT, "保留 5% / keep 5 %")
    seed_demo_platform(engine)
    engine.dispose()
    return url
