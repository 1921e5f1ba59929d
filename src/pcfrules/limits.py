"""Every bound pcfrules puts on what it reads and computes, in one place.

A few hundred bytes must never tie up a machine: an alias bomb, ``9**9**9``, a workbook
whose one far cell makes openpyxl fill a billion cells. Each room checks its input against
one of these limits *before* the costly work and refuses with its own bilingual error (a
:class:`~pcfrules.errors.RuleLoadError` for YAML, an
:class:`~pcfrules.errors.ExpressionError` for a formula …) saying what was found, what
the limit is, and, where a larger honest input exists, the environment variable that
raises it. ``docs/guarantees.md`` lists them; ``tests/test_guarantees.py`` checks that
list against :data:`LIMITS`.

The values are ours (no standard sets them): each is far above the largest real input we
know of (the catalogue's largest rule is 42 KB; a synthetic raw system of 16 000 processes
is 3 MB) and far below what exhausts a laptop.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pcfrules.errors import Location, PcfrulesError


@dataclass(frozen=True)
class Limit:
    """One bound: what it bounds (en, zh), its default, and the variable that overrides it."""

    name: str
    default: int
    en: str
    zh: str
    env: str | None = None

    @property
    def value(self) -> int:
        """The bound in force: the environment's value when this limit may be raised."""
        text = os.environ.get(self.env, "").strip() if self.env else ""
        if not text:
            return self.default
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise PcfrulesError(
                zh=f"环境变量 {self.env} 应为正整数，而不是“{text}”",
                en=f"the environment variable {self.env} must be a positive integer, not '{text}'",
                location=Location(path=self.env),
            )
        return value

    def check(
        self, found: int | float, error: type[PcfrulesError], where: Location | None = None
    ) -> None:
        """Raise ``error`` when ``found`` is above the bound (magnitudes: the caller's ``abs``)."""
        if found > self.value:
            raise self.refusal(found, error, where)

    def refusal(
        self, found: int | float | str, error: type[PcfrulesError], where: Location | None = None
    ) -> PcfrulesError:
        """The error for an input beyond this bound, saying how to raise it when one may."""
        raise_en = f"; set {self.env} to allow more" if self.env else ""
        raise_zh = f"；如确有需要，可设置环境变量 {self.env}" if self.env else ""
        return error(
            zh=f"{self.zh}超过上限 {self.value}（实际 {found}）{raise_zh}",
            en=f"{self.en} exceeds the limit of {self.value} (found {found}){raise_en}",
            location=where or Location(),
        )


INPUT_BYTES = Limit(
    "input_bytes",
    64 * 1024 * 1024,
    "size of a YAML/JSON input file in bytes",
    "YAML/JSON 输入文件的字节数",
    "PCFRULES_MAX_INPUT_BYTES",
)
YAML_BYTES = Limit(
    "yaml_bytes",
    4 * 1024 * 1024,
    "size of a YAML document in bytes (YAML is parsed in pure Python, ~100 KB/s; "
    "write large raw systems as JSON)",
    "YAML 文档的字节数（YAML 以纯 Python 解析，约 100 KB/s；大型原始产品系统请用 JSON）",
    "PCFRULES_MAX_YAML_BYTES",
)
DOCUMENT_DEPTH = Limit(
    "document_depth", 64, "nesting depth of a YAML/JSON document", "YAML/JSON 文档的嵌套层数"
)
YAML_ALIAS_NODES = Limit(
    "yaml_alias_nodes",
    100_000,
    "number of nodes YAML aliases (*name) repeat",
    "YAML 别名（*name）重复的节点数",
)
FORMULA_LENGTH = Limit("formula_length", 2000, "length of a formula in characters", "公式长度")
FORMULA_DEPTH = Limit(
    "formula_depth", 60, "nesting depth of a formula's operations", "公式运算的嵌套层数"
)
FORMULA_EXPONENT = Limit(
    "formula_exponent",
    100,
    "magnitude of an exponent in a formula (**)",
    "公式中指数（**）的绝对值",
)
UNIT_LENGTH = Limit("unit_length", 100, "length of a unit expression", "单位表达式的长度")
UNIT_EXPONENT = Limit(
    "unit_exponent", 12, "magnitude of a power in a unit expression", "单位表达式中幂次的绝对值"
)
WORKBOOK_BYTES = Limit(
    "workbook_bytes",
    16 * 1024 * 1024,
    "uncompressed size of a workbook in bytes",
    "工作簿解压后的字节数",
)
WORKBOOK_ROWS = Limit("workbook_rows", 10_000, "rows of a workbook sheet", "工作表的行数")
WORKBOOK_COLUMNS = Limit("workbook_columns", 64, "columns of a workbook sheet", "工作表的列数")
DRAWS = Limit(
    "draws",
    1_000_000,
    "number of Monte Carlo draws",
    "蒙特卡洛抽样次数",
    "PCFRULES_MAX_DRAWS",
)
HELD_DRAWS = Limit(
    "held_draws",
    100_000,
    "Monte Carlo draws held whole (percentiles, rank correlation, the result's draws)",
    "完整保留的蒙特卡洛抽样数（用于百分位数、秩相关与结果中的抽样值）",
)
STUDY_DRAW_BYTES = Limit(
    "study_draw_bytes",
    2 * 1024 * 1024 * 1024,
    "memory in bytes of a study's Monte Carlo draws (8 bytes a draw for each uncertain value "
    "and each formula, drawn before the engine's bounded waves)",
    "研究蒙特卡洛抽样所需内存字节数（每个不确定数值和每个公式每次抽样 8 字节，在引擎分批计算之前抽取）",
    "PCFRULES_MAX_STUDY_DRAW_BYTES",
)
SYSTEM_EXCHANGES = Limit(
    "system_exchanges",
    5_000_000,
    "exchanges and emissions of a raw product system",
    "原始产品系统的交换与排放条数",
    "PCFRULES_MAX_SYSTEM_EXCHANGES",
)
LINKED_STUDIES = Limit(
    "linked_studies",
    32,
    "depth of a chain of linked studies (a study supplying an input of another)",
    "相互提供输入的研究链的深度",
)
ILCD_FILE_BYTES = Limit(
    "ilcd_file_bytes",
    64 * 1024 * 1024,
    "size of one ILCD dataset file in bytes (as unpacked)",
    "单个 ILCD 数据集文件（解压后）的字节数",
    "PCFRULES_MAX_ILCD_FILE_BYTES",
)
ILCD_DATASETS = Limit(
    "ilcd_datasets",
    1_000_000,
    "number of dataset files in an ILCD folder or zip",
    "ILCD 文件夹或压缩包中的数据集文件数",
    "PCFRULES_MAX_ILCD_DATASETS",
)

LIMITS = (
    INPUT_BYTES,
    YAML_BYTES,
    DOCUMENT_DEPTH,
    YAML_ALIAS_NODES,
    FORMULA_LENGTH,
    FORMULA_DEPTH,
    FORMULA_EXPONENT,
    UNIT_LENGTH,
    UNIT_EXPONENT,
    WORKBOOK_BYTES,
    WORKBOOK_ROWS,
    WORKBOOK_COLUMNS,
    DRAWS,
    HELD_DRAWS,
    STUDY_DRAW_BYTES,
    SYSTEM_EXCHANGES,
    LINKED_STUDIES,
    ILCD_FILE_BYTES,
    ILCD_DATASETS,
)
