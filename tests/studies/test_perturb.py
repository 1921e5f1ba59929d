"""One-at-a-time sensitivity of a study on the rule's own inputs."""

from __future__ import annotations

import pytest

from pcfrules.studies import run_study
from pcfrules.studies.perturb import one_at_a_time, study_from
from tests.examples import catalogue_example


def test_each_input_raised_in_turn_largest_first() -> None:
    study, rule = catalogue_example("cement")
    changes = one_at_a_time(study, rule)
    by_name = {c.name: c for c in changes}
    assert [abs(c.percent) for c in changes] == sorted(
        (abs(c.percent) for c in changes), reverse=True
    )
    assert by_name["grid_electricity_factor"].kind == "parameter"
    assert by_name["clinker_output"].kind == "item" and by_name["clinker_output"].percent > 0
    assert by_name["cement_output"].percent == pytest.approx(100 * (1 / 1.1 - 1), rel=1e-9)
    base = run_study(study, rule).total.value
    assert by_name["cement_output"].total == pytest.approx(base / 1.1, rel=1e-9)


def test_a_result_records_the_study_it_was_computed_from() -> None:
    study, rule = catalogue_example("cement")
    result = run_study(study, rule)
    again = study_from(result.study or {}, rule)
    assert again.activity == study.activity and again.period == study.period
    assert run_study(again, rule).total.value == result.total.value
