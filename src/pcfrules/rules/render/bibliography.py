"""参考文献: the documents the rule's defaults, GWP values and terms cite, named in each language.

A rule records a default's source as one line of text (``2006 IPCC Guidelines, Vol. 2,
Ch. 1, Table 1.4 (…)``). The works below are recognised by how such lines begin and are
listed once each, in the order first cited; the line itself is written in the text's
language as the work's name and the place in it (第 2 卷第 1 章表 1.4). A source no work
here matches is listed and shown as the rule writes it — a name is not translated by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pcfrules import datasets
from pcfrules.errors import PcfrulesError
from pcfrules.rules.model import Lang, RuleStandard


@dataclass(frozen=True)
class Work:
    """A cited document: how sources that cite it begin, and its entry in each language."""

    pattern: str
    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        """The entry in ``lang``."""
        return self.zh if lang == "zh" else self.en


WORKS = (
    Work(
        r"2006 IPCC Guidelines",
        "IPCC. 2006 年 IPCC 国家温室气体清单指南. 日本神奈川：IGES，2006",
        "IPCC. 2006 IPCC Guidelines for National Greenhouse Gas Inventories. Hayama: IGES, 2006",
    ),
    Work(
        r"IPCC AR6",
        "IPCC. 气候变化 2021：自然科学基础（第一工作组对第六次评估报告的贡献）第 7 章. 剑桥大学出版社，2021",
        "IPCC. Climate Change 2021: The Physical Science Basis (Working Group I contribution to "
        "the Sixth Assessment Report), Chapter 7. Cambridge University Press, 2021",
    ),
    Work(
        r"IPCC AR5",
        "IPCC. 气候变化 2013：自然科学基础（第一工作组对第五次评估报告的贡献）第 8 章. 剑桥大学出版社，2013",
        "IPCC. Climate Change 2013: The Physical Science Basis (Working Group I contribution to "
        "the Fifth Assessment Report), Chapter 8. Cambridge University Press, 2013",
    ),
    Work(
        r"GB/T 2589",
        "GB/T 2589—2020 综合能耗计算通则",
        "GB/T 2589—2020 General principles for calculation of the comprehensive energy consumption",
    ),
    Work(
        r"MEE, NBS and NEA announcement of 2023 electricity",
        "生态环境部、国家统计局、国家能源局. 关于发布 2023 年电力碳足迹因子数据的公告. 2025",
        "MEE, NBS and NEA. Announcement of the 2023 electricity carbon-footprint factors. 2025",
    ),
    Work(
        r"MEE and NBS announcement of the 2022 electricity",
        "生态环境部、国家统计局. 关于发布 2022 年电力二氧化碳排放因子的公告. 2024",
        "MEE and NBS. Announcement of the 2022 electricity CO2 emission factors. 2024",
    ),
    Work(
        r"(Stoichiometry of .* with )?IUPAC/CIAAW",
        "IUPAC 原子量与同位素丰度委员会（CIAAW）. 标准原子量. 2021",
        "IUPAC Commission on Isotopic Abundances and Atomic Weights (CIAAW). Standard atomic "
        "weights. 2021",
    ),
)
_PLACES = (
    (re.compile(r"Vol\. (\d+)"), "第 {} 卷"),
    (re.compile(r"Ch\. (\d+)"), "第 {} 章"),
    (re.compile(r"Table ([\w.]+)"), "表 {}"),
    (re.compile(r"Eq\. ([\w.]+)"), "式 {}"),
    (re.compile(r"Annex ([A-Z])"), "附录 {}"),
    (re.compile(r", (\d+(?:\.\d+)+) \("), "{} 节"),
)


def work_of(source: str) -> Work | None:
    """The work a source line cites, if it is one of ``WORKS``."""
    return next((w for w in WORKS if re.match(w.pattern, source)), None)


def source_text(source: str, lang: Lang) -> str:
    """A source line in ``lang``: the work's name and the place cited in it.

    In English the rule's own line is kept unless it has Chinese in it; in Chinese the
    work's Chinese name and the place (第 2 卷第 1 章表 1.4) replace the English line.
    """
    work = work_of(source)
    if work is None or (lang == "en" and not _CJK.search(source)):
        return source
    if lang == "en":
        places = ", ".join(m[0] for pattern, _ in _PLACES if (m := pattern.search(source)))
        return f"{_title(work.en)}, {places}".rstrip(", ")
    places = "".join(fmt.format(m[1]) for pattern, fmt in _PLACES if (m := pattern.search(source)))
    return f"《{_title(work.zh)}》{places}"


_CJK = re.compile(r"[\u3400-\u9fff]")


def _title(entry: str) -> str:
    """The title part of a bibliography entry (``Author. Title. Publisher``)."""
    parts = entry.split(". ")
    return parts[1] if len(parts) > 2 else entry


def sources(rule: RuleStandard) -> list[str]:
    """Every source line the rule's text cites, in order: defaults, GWP values, terms."""
    lines = [p.source for p in rule.inventory.parameters if p.value is not None and p.source]
    formulas = rule.inventory.formulas
    for gas in sorted({f.gas for f in formulas} - {"CO2", "CO2e"}):
        origins = sorted({f.origin for f in formulas if f.gas == gas})
        try:  # methane's fossil and non-fossil values may have their own sources
            cited = [datasets.gwp_of(rule.inventory.gwp_set, gas, o).source for o in origins]
        except PcfrulesError:
            continue
        lines += list(dict.fromkeys(cited))
    lines += [t.source for t in rule.terms if t.source]
    return lines


def entries(rule: RuleStandard, lang: Lang) -> list[str]:
    """参考文献: each cited work once, numbered ``[1]`` … in order of first citation.

    A normative reference (clause 2) is not repeated here (GB/T 1.1-2020 8.6.2).
    """
    normative = {r.code.split("—")[0].strip() for r in rule.normative_references}
    out: list[str] = []
    for line in sources(rule):
        work = work_of(line)
        entry = work.get(lang) if work else line
        if entry.split("—")[0].strip() in normative or line.split("—")[0].strip() in normative:
            continue
        if entry not in out:
            out.append(entry)
    return [f"[{i}] {e}" for i, e in enumerate(out, start=1)]
