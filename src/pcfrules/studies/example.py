"""The result of a rule's worked example, for the annex of the standard's text that shows it.

The text never computes (``rules`` does not import the engine); this is where the example
is computed, with the rule it belongs to, and handed to the renderer as plain numbers.
"""

from __future__ import annotations

from pydantic import ValidationError

from pcfrules.errors import Location, StudyError
from pcfrules.rules.render import ExampleResult
from pcfrules.rules.sources import FoundRule
from pcfrules.studies.model import Study
from pcfrules.studies.run import run_study, with_files


def worked_example(found: FoundRule) -> ExampleResult | None:
    """The footprint and each formula's result of the rule's example; ``None`` without one."""
    example = found.example()
    if example is None:
        return None
    try:
        study = Study.model_validate(example)
    except ValidationError as exc:
        raise StudyError(
            zh=f"规则的计算示例不是有效的研究：{exc.errors()[0]['msg']}",
            en=f"the rule's worked example is not a valid study: {exc.errors()[0]['msg']}",
            location=Location(path="example.yaml"),
        ) from exc
    sources = None
    if found.file is not None:  # inputs it links to other examples are computed with it
        chain = (found.file.with_name("example.yaml").resolve(),)
        study, sources = with_files(study, found, found.file.parent, chain=chain)
    result = run_study(study, found, sources=sources)
    return ExampleResult(result.total.value, result.total.unit, dict(result.formula_results or {}))
