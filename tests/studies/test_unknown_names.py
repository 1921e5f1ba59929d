"""A value under a name the rule does not have is refused, never silently ignored."""

from __future__ import annotations

from typing import Any

import pytest

from pcfrules.errors import StudyError
from pcfrules.rules import catalog
from pcfrules.studies import run_study
from pcfrules.studies.model import Study
from tests.examples import cement_example_study


def _with(change: dict[str, Any]) -> Study:
    data = cement_example_study()
    for section, values in change.items():
        data.setdefault(section, {}).update(values)
    return Study.model_validate(data)


def test_a_misspelt_item_is_refused_with_the_nearest_names() -> None:
    study = _with({"activity": {"kiln_electricty": {"value": 1.0, "unit": "kWh"}}})
    with pytest.raises(StudyError) as refused:
        run_study(study, catalog.load("cement"))
    assert refused.value.location.path == "activity.kiln_electricty"
    assert "did you mean kiln_electricity" in refused.value.en and "是否为" in refused.value.zh


def test_an_item_given_as_a_parameter_is_told_where_it_belongs() -> None:
    typed = {"value": 1.0, "unit": "t", "source": "x", "year": 2025}
    study = _with({"parameters": {"clinker_sold": typed}})
    with pytest.raises(StudyError) as refused:
        run_study(study, catalog.load("cement"))
    assert refused.value.location.path == "parameters.clinker_sold"
    assert "give it under activity" in refused.value.en and "应写在 activity 下" in refused.value.zh
