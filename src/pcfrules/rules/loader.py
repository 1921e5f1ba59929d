"""Reading rule documents from YAML, with errors that name file, line and field path.

ruamel.yaml keeps the line of every key and list item; pydantic reports the field path of
every broken value; this module joins the two so that a user reads
``cement.yaml:42: boundary.cut_off.per_item_percent: …`` and can go straight there.

Reading is bounded (see :mod:`pcfrules.limits`): the file's size and encoding are checked
by :func:`pcfrules.files.read_input_text`; the nesting depth by ruamel's own ``max_depth``;
and what aliases repeat by :class:`_BoundedComposer`, so a few hundred bytes of ``*a``
aliases (a "billion laughs") are refused at once instead of expanding into billions of
nodes when the data is converted. A ``.json`` file is read by :mod:`json` (linear and
fast); its lines are recovered, only when a field is broken, by parsing it again as YAML.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from io import BytesIO, StringIO
from pathlib import Path, PurePath
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.reader import ReaderError

from pcfrules.errors import (
    Location,
    PcfrulesError,
    RuleLoadError,
    RuleValidationError,
    ValidationIssue,
)
from pcfrules.files import read_input_text, read_json
from pcfrules.limits import DOCUMENT_DEPTH, INPUT_BYTES, YAML_ALIAS_NODES, YAML_BYTES
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


def read_yaml(path: Path, error: type[PcfrulesError] = RuleLoadError) -> Any:
    """Parse a YAML or JSON file (YAML round-trip, keeping lines); bilingual error if not."""
    if path.suffix.lower() == ".json":
        return read_json(path, ("文件", "file"), error)
    return parse_yaml_text(read_input_text(path, error), str(path), error)


def yaml_bytes(data: Mapping[str, Any]) -> bytes:
    """Plain data as UTF-8 YAML in block style, as pcfrules writes studies and datasets."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    buffer = BytesIO()
    yaml.dump(dict(data), buffer)
    return buffer.getvalue()


def parse_yaml_text(text: str, filename: str, error: type[PcfrulesError] = RuleLoadError) -> Any:
    """Parse YAML text within the limits; a syntax error names the file and line."""
    YAML_BYTES.check(len(text.encode("utf-8")), error, Location(file=filename))
    too_deep = _beyond_flow_depth(text, DOCUMENT_DEPTH.value)
    if too_deep is not None:
        where = Location(file=filename, line=text.count("\n", 0, too_deep) + 1)
        raise DOCUMENT_DEPTH.refusal(f"> {DOCUMENT_DEPTH.value}", error, where)
    yaml = YAML(typ="rt")
    yaml.Composer = _BoundedComposer
    yaml.Constructor = _Constructor
    yaml.max_depth = DOCUMENT_DEPTH.value
    try:
        return yaml.load(StringIO(text))
    except MaxDepthExceededError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        where = Location(file=filename, line=line)
        raise DOCUMENT_DEPTH.refusal(f"> {DOCUMENT_DEPTH.value}", error, where) from exc
    except _TooManyAliasNodesError as exc:
        where = Location(file=filename, line=exc.line)
        raise YAML_ALIAS_NODES.refusal(exc.found, error, where) from exc
    except _BadDateError as exc:
        raise error(
            zh=f"日期“{exc.text}”无效（格式 YYYY-MM-DD）",
            en=f"'{exc.text}' is not a date (YYYY-MM-DD)",
            location=Location(file=filename, line=exc.line),
        ) from exc
    except _AliasCycleError as exc:
        raise error(
            zh="YAML 别名引用了包含它自身的节点（循环），无法读取",
            en="a YAML alias refers to the node that contains it (a cycle)",
            location=Location(file=filename, line=exc.line),
        ) from exc
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise error(
            zh=f"YAML 语法错误：{exc.problem or exc.context}",
            en=f"YAML syntax error: {exc.problem or exc.context}",
            location=Location(file=filename, line=line),
        ) from exc
    except ReaderError as exc:  # a character YAML does not allow (a control character)
        line = text.count("\n", 0, exc.position) + 1
        raise error(
            zh=f"YAML 中不允许的字符 U+{exc.character:04X}（第 {line} 行）",
            en=f"a character YAML does not allow, U+{exc.character:04X}, on line {line}",
            location=Location(file=filename, line=line),
        ) from exc
    except YAMLError as exc:
        raise error(
            zh=f"YAML 无法读取：{exc}",
            en=f"YAML cannot be read: {exc}",
            location=Location(filename),
        ) from exc


# Quoted scalars and comments, whose brackets open nothing.
_NOT_FLOW = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|(?<!\S)#[^\n]*""")


def _beyond_flow_depth(text: str, limit: int) -> int | None:
    """Where flow brackets (``[`` ``{``) first nest deeper than ``limit``, if they do.

    ruamel's scanner keeps every open bracket as a possible mapping key and rechecks them
    all for each token, so deep flow nesting costs it seconds before ``max_depth`` is
    reached; counted here with numpy first, in milliseconds. Quoted text and comments are
    blanked (same length, so offsets keep their lines); a bracket in a plain or block
    scalar still counts, which only matters for 64 unclosed ones.
    """
    bare = _NOT_FLOW.sub(lambda m: " " * len(m[0]), text)
    codes = np.frombuffer(bare.encode("utf-32-le"), dtype=np.uint32)
    step = np.isin(codes, _OPEN).astype(np.int32) - np.isin(codes, _CLOSE).astype(np.int32)
    beyond = np.flatnonzero(np.cumsum(step) > limit)
    return int(beyond[0]) if beyond.size else None


_OPEN = np.array([ord("["), ord("{")], dtype=np.uint32)
_CLOSE = np.array([ord("]"), ord("}")], dtype=np.uint32)


class _TooManyAliasNodesError(YAMLError):
    def __init__(self, found: int, line: int) -> None:
        super().__init__(found)
        self.found, self.line = found, line


class _AliasCycleError(YAMLError):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _BadDateError(YAMLError):
    def __init__(self, text: str, line: int) -> None:
        super().__init__(text)
        self.text, self.line = text, line


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor; a date that looks like one but is none is an error.

    YAML reads ``2025-13-45`` as a timestamp by its shape, then ``datetime`` refuses it
    with a bare ValueError that names no line.
    """

    def construct_yaml_timestamp(self, node: Node, values: Any = None) -> Any:
        """The date or datetime, or :class:`_BadDateError` with the node's line."""
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as exc:
            raise _BadDateError(str(node.value), node.start_mark.line + 1) from exc


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _BoundedComposer(Composer):
    """ruamel's composer, counting the nodes that aliases repeat and refusing a cycle.

    An alias reuses its anchor's node, which costs nothing while parsing; the cost comes
    when the data is converted or validated, which walks every repetition. The size of
    each anchored subtree, repetitions included, is counted once (memoised), so the check
    is linear in the file even when the expansion is exponential.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.sizes: dict[int, int] = {}
        self.repeated = 0
        self.limit = YAML_ALIAS_NODES.value

    def return_alias(self, a: Node) -> Node:
        """The anchored node, once its size (repetitions included) is within the limit."""
        line = a.start_mark.line + 1
        if isinstance(a, MappingNode | SequenceNode) and a.end_mark is None:
            raise _AliasCycleError(line)  # still being composed: the alias is inside its anchor
        self.repeated += _size(a, self.sizes)
        if self.repeated > self.limit:
            raise _TooManyAliasNodesError(self.repeated, line)
        return a


def _size(node: Node, sizes: dict[int, int]) -> int:
    """Nodes under ``node``, itself included, counting every repetition of a shared one."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    if isinstance(node, MappingNode):
        size = 1 + sum(_size(k, sizes) + _size(v, sizes) for k, v in node.value)
    elif isinstance(node, SequenceNode):
        size = 1 + sum(_size(child, sizes) for child in node.value)
    else:
        size = 1
    sizes[id(node)] = size
    return size


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
        lines = source if source is not None else _with_lines(data, filename)
        issues = [_issue(err, filename, lines) for err in exc.errors()]
        raise RuleValidationError(
            zh=f"文件不符合 {model.__name__} 模型（{len(issues)} 处）",
            en=f"file does not fit the {model.__name__} model ({len(issues)} issue(s))",
            location=Location(file=filename, line=issues[0].location.line if issues else None),
            issues=issues,
        ) from exc


def _with_lines(data: Any, filename: str) -> Any:
    """The parsed data with lines: a JSON file, read fast without them, is parsed as YAML."""
    path = Path(filename)
    if isinstance(data, CommentedMap) or path.suffix.lower() != ".json" or not path.is_file():
        return data
    try:
        return parse_yaml_text(read_input_text(path, RuleLoadError), filename)
    except PcfrulesError:  # JSON that YAML reads otherwise: the issues keep their paths
        return data


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
    "finite_number": "应为有限数（不能是 NaN 或无穷大）",
    "int_parsing": "应为整数",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "dict_type": "应为映射",
    "model_type": "应为映射",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "bool_parsing": "应为 true 或 false",
}


def rule_from_upload(data: bytes, filename: str) -> RuleStandard:
    """A rule sent as a file's bytes (a page's upload), YAML or JSON; errors name ``filename``.

    The same reading as :func:`load_rule` (the limits, lines and field paths), with the
    file's own name, without a folder a browser put before it, in every error.
    """
    name = PurePath(filename.replace("\\", "/")).name.strip() or "upload"
    INPUT_BYTES.check(len(data), RuleLoadError, Location(file=name))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RuleLoadError(
            zh=f"文件不是 UTF-8 文本（第 {line} 行有字节 0x{data[exc.start]:02x}）",
            en=f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})",
            location=Location(file=name, line=line),
        ) from exc
    return validate_rule(parse_yaml_text(text, name), name)


_READ_RULES: OrderedDict[tuple[str, str], RuleStandard] = OrderedDict()
_READ_RULES_LOCK = threading.Lock()
READ_RULES_KEPT = 64  # distinct rule texts kept, most recently read first


def load_rule(path: str | Path) -> RuleStandard:
    """Load and validate one rule file; each caller gets its own copy.

    Round-trip YAML (kept for its lines) reads a catalogue rule in about half a second, and a
    registry step, a page or a job reads the same few rules again and again; so a validated
    rule is kept by file name and text digest, and a file that changes is simply read anew.
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        return validate_rule(read_yaml(path), str(path))
    text = read_input_text(path, RuleLoadError)
    key = (str(path), hashlib.sha256(text.encode("utf-8")).hexdigest())
    with _READ_RULES_LOCK:
        known = _READ_RULES.get(key)
        if known is not None:
            _READ_RULES.move_to_end(key)
    if known is None:
        known = validate_rule(parse_yaml_text(text, str(path)), str(path))
        with _READ_RULES_LOCK:
            _READ_RULES[key] = known
            while len(_READ_RULES) > READ_RULES_KEPT:
                _READ_RULES.popitem(last=False)
    return known.model_copy(deep=True)
