"""The catalogue's worked examples, loaded as the tests of several rooms need them."""

from __future__ import annotations

from openpyxl import Workbook

from pcfrules.rules import catalog
from pcfrules.rules import workbook as layout
from pcfrules.rules.loader import read_yaml, to_plain
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


CEMENT_STUDY = [
    "示例水泥有限公司（虚构）",
    "Example Cement Co.",
    "P·O 42.5",
    "P·O 42.5 cement",
    "2025-01-01",
    "2025-12-31",
]


def fill_with_cement_example(book: Workbook) -> None:
    """Fill a cement-shaped workbook where its labels say, with the worked example's data."""
    example = to_plain(read_yaml(catalog.catalog_dir() / "cement" / "example.yaml"))
    study = book[layout.STUDY]
    for row, value in enumerate(CEMENT_STUDY, start=2):
        study.cell(row=row, column=2, value=value)
    for sheet in book.worksheets:
        if sheet.title in (layout.INFO, layout.STUDY, layout.PARAMETERS, layout.EXCLUSIONS):
            continue
        for row in sheet.iter_rows(min_row=2):
            entry = example["activity"].get(row[0].value)
            if entry:
                row[layout.VALUE - 1].value = entry["value"]
                row[layout.UNIT - 1].value = entry["unit"]
