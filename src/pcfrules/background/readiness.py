"""The readiness report: every fault met reading and linking a database, by stable code.

A real database has real faults (flows referenced but absent, references written as free
text, several providers for one product, processes that use more of their product than they
make …). Like TianGong's own calculator, pcfrules does not stop at the first: it meets each
with a stated rule, records it as a :class:`~pcfrules.background.model.Problem` with one of
the codes below, and computes what can be computed. The codes are stable (a verifier's
checklist may cite them); the texts say what the code means and what was done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pcfrules.background.model import Problem


@dataclass(frozen=True)
class Code:
    """What a problem code means and what pcfrules does about it, in both languages."""

    zh: str
    en: str
    done_zh: str
    done_en: str


CODES: dict[str, Code] = {
    "BG-FILE-UNREADABLE": Code(
        "数据集文件不是可读的 ILCD XML",
        "a dataset file is not readable ILCD XML",
        "跳过该文件",
        "the file is skipped",
    ),
    "BG-FLOW-MISSING": Code(
        "交换引用的流数据集不在数据库中",
        "an exchange refers to a flow dataset that is not in the database",
        "截断该交换",
        "the exchange is cut off",
    ),
    "BG-REF-TEXT": Code(
        "交换的流引用是自由文本而非 UUID",
        "an exchange's flow reference is free text, not a UUID",
        "截断该交换",
        "the exchange is cut off",
    ),
    "BG-AMOUNT-EMPTY": Code(
        "交换的数量为空或不是数字",
        "an exchange's amount is empty or not a number",
        "截断该交换",
        "the exchange is cut off",
    ),
    "BG-AMOUNT-NEGATIVE": Code(
        "交换的数量为负",
        "an exchange's amount is negative",
        "按原值保留（ILCD 允许负值）并列出",
        "kept as written (ILCD allows it) and listed",
    ),
    "BG-AMOUNT-OUTLIER": Code(
        "交换的单位数量超过库中同一流（同一参考单位）中位数的一万倍",
        "an exchange's amount per unit is more than 10 000 times the database's median for "
        "that flow (among processes of the same reference unit)",
        "按原值保留并列出，由使用者判断",
        "kept as written and listed for the user to judge",
    ),
    "BG-NO-REFERENCE": Code(
        "过程没有可用的参考流（未声明、指向不存在的交换，或参考量为零）",
        "a process has no usable reference flow (none declared, one naming no exchange, or a "
        "zero reference amount)",
        "排除该过程",
        "the process is excluded",
    ),
    "BG-REFFLOW-MISSING": Code(
        "过程的参考流数据集不在数据库中",
        "a process's reference flow dataset is not in the database",
        "排除该过程",
        "the process is excluded",
    ),
    "BG-GHG-UNMAPPED": Code(
        "看似温室气体的基本流未映射到 pcfrules 气体",
        "an elementary flow that looks like a greenhouse gas is not mapped to a pcfrules gas",
        "不计入，列出以便补充映射",
        "not counted; listed so that the mapping can be completed",
    ),
    "BG-UNIT-UNKNOWN": Code(
        "温室气体基本流不以质量计量",
        "a greenhouse-gas elementary flow is not measured in mass",
        "不计入",
        "not counted",
    ),
    "BG-PROVIDERS-MANY": Code(
        "一种产品有多个提供过程",
        "a product has several providers",
        "按所述规则选择：同一地点，其次同一国家，其次默认（可逐流覆盖），并记录选择",
        "one is chosen by the stated rule (same location, then the same country, then the "
        "default, which the user may override per flow) and the choice is recorded",
    ),
    "BG-NO-PROVIDER": Code(
        "产品输入没有提供过程",
        "a product input has no provider",
        "截断该输入",
        "the input is cut off",
    ),
    "BG-WASTE-UNTREATED": Code(
        "废物输出没有处理过程",
        "a waste output has no treatment process",
        "截断该输出",
        "the output is cut off",
    ),
    "BG-SELF-USE": Code(
        "过程消耗自身产品，且少于其产出",
        "a process uses some of its own product, less than it makes",
        "按净产出计（产出减自用）",
        "counted by its net output (output less own use)",
    ),
    "BG-SELF-USE-UNPRODUCTIVE": Code(
        "过程消耗的自身产品不少于其产出",
        "a process uses at least as much of its own product as it makes",
        "排除该过程",
        "the process is excluded",
    ),
    "BG-COPRODUCT": Code(
        "过程有多个参考流（共生产品），数据集未给出分配",
        "a process has several reference flows (co-products) and the dataset gives no allocation",
        "均以质量计时按质量分配，否则全部负担归第一个参考流",
        "allocated by mass when all are measured in mass, else every burden goes to the "
        "first reference flow",
    ),
    "BG-BYPRODUCT": Code(
        "过程输出的产品不是其参考流（副产品）",
        "a process outputs a product that is not its reference flow (a by-product)",
        "不给予抵扣，也不分摊负担",
        "it earns no credit and takes no share of the burden",
    ),
    "BG-CURRENCY-BLOCK": Code(
        "过程的参考流以货币计量（投入产出表部门）",
        "a process's reference flow is measured in currency (an input-output table sector)",
        "若其所在块不能归一化（不可自给）则排除该块，否则照常计算",
        "its block is excluded when it cannot be normalised (not productive), else computed",
    ),
    "BG-SINGULAR": Code(
        "系统的一部分奇异或不可自给（循环中消耗多于产出）",
        "a part of the system is singular or unproductive (a loop uses more than it makes)",
        "排除该部分",
        "that part is excluded",
    ),
    "BG-UPSTREAM-EXCLUDED": Code(
        "过程的提供者已被排除",
        "a process's provider was excluded",
        "截断该输入",
        "the input is cut off",
    ),
}


def counts(problems: Iterable[Problem]) -> dict[str, int]:
    """How many problems of each code, in the order of :data:`CODES`."""
    found = Counter(p.code for p in problems)
    return {code: found[code] for code in CODES if found[code]}


def meaning(code: str) -> dict[str, str]:
    """What a code means and what was done, both languages (a code of a later release: itself)."""
    known = CODES.get(code, Code("", code, "", ""))
    return {"zh": known.zh, "en": known.en, "done_zh": known.done_zh, "done_en": known.done_en}


def rows(problems: Iterable[Problem]) -> list[dict[str, object]]:
    """One row per code met: code, count, meaning and what was done, both languages."""
    return [{"code": code, "count": n, **meaning(code)} for code, n in counts(problems).items()]
