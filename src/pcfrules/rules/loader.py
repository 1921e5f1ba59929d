"""Reading rule documents from YAML, with errors that name file, line and field path.

ruamel.yaml keeps the line of every key and list item; pydantic reports the field path of
every broken value; this module joins the two so that a user reads
``cement.yaml:42: boundary.cut_off.per_item_percent: …`` and can go straight there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from pcfrules.errors import Location, RuleLoadError, RuleValidationError, ValidationIssue
from pcfrules.rules.model import RuleStandard

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


def format_path(path: Sequence[str | int]) -> str:
    """``("a", 2, "b")`` → ``a[2].b``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_yaml(path: Path) -> Any:
    """Parse a YAML file round-trip (keeping line numbers); bilingual error when it cannot."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RuleLoadError(
            zh="文件不存在", en="file not found", location=Location(file=str(path))
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleLoadError(
            zh=f"无法读取文件（{exc}）",
            en=f"cannot read file ({exc})",
            location=Location(file=str(path)),
        ) from exc
    return parse_yaml_text(text, str(path))


def yaml_bytes(data: Mapping[str, Any]) -> bytes:
    """Plain data as UTF-8 YAML in block style, as pcfrules writes studies and datasets."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    buffer = BytesIO()
    yaml.dump(dict(data), buffer)
    return buffer.getvalue()


def parse_yaml_text(text: str, filename: str) -> Any:
    """Parse YAML text; a syntax error names the file and line."""
    try:
        return YAML(typ="rt").load(StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise RuleLoadError(
            zh=f"YAML 语法错误：{exc.problem or exc.context}",
            en=f"YAML syntax error: {exc.problem or exc.context}",
            location=Location(file=filename, line=line),
        ) from exc


def line_of(data: Any, path: PathKey) -> int | None:
    """The 1-based line of the deepest node of ``path`` that exists in the parsed YAML."""
    node, line = data, None
    for part in path:
        if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    if line is None and isinstance(data, CommentedMap | CommentedSeq):
        line = data.lc.line + 1
    return line


def to_plain(data: Any) -> Any:
    """Round-trip YAML nodes → plain dicts and lists (what pydantic and tests handle)."""
    if isinstance(data, Mapping):
        return {str(k): to_plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [to_plain(v) for v in data]
    if isinstance(data, bool) or data is None:
        return data
    for plain in (int, float, str):  # ruamel's ScalarFloat, ScalarInt, … → builtins
        if isinstance(data, plain):
            return plain(data)
    return data


def validate_rule(data: Any, filename: str = "<rule>", source: Any = None) -> RuleStandard:
    """Build a :class:`RuleStandard` from parsed data; every broken field is one issue."""
    return validate_as(RuleStandard, data, filename, source)


def validate_as(model: type[M], data: Any, filename: str, source: Any = None) -> M:
    """Validate parsed YAML/JSON as ``model``; each broken field is an issue with its line."""
    if not isinstance(data, Mapping):
        raise RuleLoadError(
            zh="文件的顶层应为映射（键: 值）",
            en="the file must hold a mapping (key: value) at its top level",
            location=Location(file=filename, line=1),
        )
    try:
        return model.model_validate(to_plain(data))
    except ValidationError as exc:
        issues = [
            _issue(err, filename, source if source is not None else data) for err in exc.errors()
        ]
        raise RuleValidationError(
            zh=f"文件不符合 {model.__name__} 模型（{len(issues)} 处）",
            en=f"file does not fit the {model.__name__} model ({len(issues)} issue(s))",
            location=Location(file=filename, line=issues[0].location.line if issues else None),
            issues=issues,
        ) from exc


def _issue(err: Mapping[str, Any], filename: str, source: Any) -> ValidationIssue:
    path: PathKey = tuple(p for p in err["loc"] if isinstance(p, str | int))
    allowed = ""
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        allowed = f" (allowed: {ctx['expected']})"
    return ValidationIssue(
        location=Location(file=filename, line=line_of(source, path), path=format_path(path)),
        zh=f"{_ZH_ERRORS.get(err['type'], err['msg'])}{allowed}",
        en=f"{err['msg']}{allowed}",
    )


_ZH_ERRORS = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段（可能拼写错误）",
    "literal_error": "取值不在允许范围内",
    "float_parsing": "应为数字",
    "int_parsing": "应为整数",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "dict_type": "应为映射",
    "model_type": "应为映射",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "bool_parsing": "应为 true 或 false",
}


def load_rule(path: str | Path) -> RuleStandard:
    """Load and validate one rule file."""
    path = Path(path)
    data = read_yaml(path)
    return validate_rule(data, str(path))
