"""The catalogue's worked examples, loaded as the tests of several rooms need them."""

from __future__ import annotations

from pcfrules.rules import catalog
from pcfrules.rules.model import RuleStandard
from pcfrules.studies import load_input, rule_for
from pcfrules.studies.model import Study


def catalogue_example(rule_id: str) -> tuple[Study, RuleStandard]:
    """The worked example of catalogue rule ``rule_id`` and the rule it names.

    The rule is found the way ``compute`` finds it (``rule_for``), so a changed text is
    refused here too; callers get the rule itself, which is what reports and CBAM take.
    """
    path = catalog.catalog_dir() / rule_id / "example.yaml"
    study = load_input(path)
    assert isinstance(study, Study)
    return study, rule_for(study, path).rule
