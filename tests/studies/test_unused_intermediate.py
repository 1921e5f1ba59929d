"""An intermediate the product uses none of: a pack maker that buys all its cells.

The lithium-ion battery rule shares the cell-making processes between the packs declared and
the cells sold (``made_by``). A pack maker that makes no cells has those processes empty; the
study must compute, with the cells' burden nowhere, and the same study that left out cells it
did make (processes emitting, nothing used or sold) must be refused, naming the item.
"""

from __future__ import annotations

import pytest

from pcfrules.errors import StudyError
from pcfrules.rules import catalog
from pcfrules.studies import load_input, run_study
from pcfrules.studies.model import ActivityValue, Study

RULE_ID = "lithium-ion-battery"


def _example() -> Study:
    study = load_input(catalog.catalog_dir() / RULE_ID / "example.yaml")
    assert isinstance(study, Study)
    return study


def _set(study: Study, **values: float) -> Study:
    activity = dict(study.activity)
    for name, value in values.items():
        activity[name] = activity[name].model_copy(update={"value": value})
    return study.model_copy(update={"activity": activity})


def test_a_pack_maker_buying_all_its_cells_computes_without_the_cell_processes() -> None:
    rule = catalog.load(RULE_ID)
    [cells] = [c for c in rule.allocation.co_products if c.made_by]
    study = _example()
    making = {
        name: 0.0
        for name, item in rule.items().items()
        if item.process in cells.made_by and name in study.activity
    }
    assert "cells_used" in making and len(making) > 5
    pack_only = _set(study, **making)
    activity = {**pack_only.activity, "cells_sold": ActivityValue(value=0, unit="t")}
    result = run_study(pack_only.model_copy(update={"activity": activity}), rule)
    assert all(result.by_process.get(pid, 0.0) == 0.0 for pid in cells.made_by)
    assert result.total.value > 0  # the pack assembly and its bought-in parts remain
    full = run_study(study, rule)
    assert result.total.value < full.total.value


def test_cells_made_but_neither_used_nor_sold_are_refused_in_both_languages() -> None:
    study = _set(_example(), cells_used=0.0, cells_sold=0.0)
    with pytest.raises(StudyError) as caught:
        run_study(study, catalog.load(RULE_ID))
    assert caught.value.location.path == "activity.cells_used"
    assert "cells_sold" in caught.value.en and "外售" in caught.value.zh
