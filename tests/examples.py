"""The catalogue's worked examples, loaded as the tests of several rooms need them."""

from __future__ import annotations

from pcfrules.rules import catalog
from pcfrules.rules.model import RuleStandard
from pcfrules.studies import Result, load_input, rule_for, run_raw
from pcfrules.studies.model import RawSystem, Study


def catalogue_example(rule_id: str) -> tuple[Study, RuleStandard]:
    """The worked example of catalogue rule ``rule_id`` and the rule it names.

    The rule is found the way ``compute`` finds it (``rule_for``), so a changed text is
    refused here too; callers get the rule itself, which is what reports and CBAM take.
    """
    path = catalog.catalog_dir() / rule_id / "example.yaml"
    study = load_input(path)
    assert isinstance(study, Study)
    return study, rule_for(study, path).rule


def raw_result() -> Result:
    """The result of a one-process raw system (no rule, no study): what reports must refuse."""
    system = RawSystem.model_validate(
        {
            "format": "pcfrules.system/1",
            "reference": {"flow": "frame", "amount": 1, "unit": "piece"},
            "processes": [
                {
                    "id": "welding",
                    "outputs": [{"flow": "frame", "amount": 1, "unit": "piece"}],
                    "emissions": [{"gas": "CO2", "amount": 2, "unit": "kg"}],
                }
            ],
        }
    )
    return run_raw(system)
