"""JSON Schemas of the study and raw-system formats, generated from their models."""

from __future__ import annotations

from pcfrules.studies.model import RawSystem, Study
from pcfrules.studies.result_model import Result


def study_schema() -> dict[str, object]:
    """JSON Schema of ``pcfrules.study/1``."""
    return _schema(Study.model_json_schema(), "study")


def system_schema() -> dict[str, object]:
    """JSON Schema of ``pcfrules.system/1``."""
    return _schema(RawSystem.model_json_schema(), "system")


def result_schema() -> dict[str, object]:
    """JSON Schema of ``pcfrules.result/1``."""
    return _schema(Result.model_json_schema(by_alias=True), "result")


def _schema(schema: dict[str, object], name: str) -> dict[str, object]:
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://pcfrules.org/schema/{name}/1.json"
    return schema
