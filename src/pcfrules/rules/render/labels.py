"""Fixed wording of the standard text in both languages (headings, GB/T 1.1 sentences)."""

from __future__ import annotations

from pcfrules.rules.model import Lang

_LABELS: dict[str, tuple[str, str]] = {
    "foreword": ("前言", "Foreword"),
    "scope": ("范围", "Scope"),
    "refs": ("规范性引用文件", "Normative references"),
    "terms": ("术语和定义", "Terms and definitions"),
    "goal": ("量化目的", "Goal of quantification"),
    "qscope": ("量化范围", "Scope of quantification"),
    "product": ("产品种类", "Product category"),
    "unit_declared": ("声明单位", "Declared unit"),
    "unit_functional": ("功能单位", "Functional unit"),
    "boundary": ("系统边界", "System boundary"),
    "cutoff": ("取舍准则", "Cut-off criteria"),
    "time_geo": ("时间边界和地理边界", "Time and geographical boundary"),
    "lci": ("清单分析", "Inventory analysis"),
    "collection": ("数据收集", "Data collection"),
    "validation": ("数据审定", "Data validation"),
    "relating": ("数据与单元过程和声明单位的关联", "Relating data to unit processes and the unit"),
    "dq": ("数据质量要求", "Data-quality requirements"),
    "allocation": ("分配", "Allocation"),
    "lcia": ("影响评价", "Impact assessment"),
    "gwp": ("全球变暖潜势", "Global warming potentials"),
    "electricity": ("电力", "Electricity"),
    "by_stage": ("分阶段计算", "Calculation by life-cycle stage"),
    "total": ("产品碳足迹", "Carbon footprint of the product"),
    "interp": ("结果解释", "Interpretation of results"),
    "report": ("产品碳足迹报告", "Carbon-footprint study report"),
    "declaration": ("产品碳足迹声明", "Carbon-footprint declaration"),
    "normative": ("（规范性）", "(normative)"),
    "informative": ("（资料性）", "(informative)"),
    "annex": ("附录", "Annex"),
    "table": ("表", "Table"),
    "figure": ("图", "Figure"),
    "issued": ("发布", "issued"),
    "implemented": ("实施", "implemented"),
    "level_group": ("团体标准", "Group standard"),
    "level_industry": ("行业标准", "Industry standard"),
    "level_national": (
        "中华人民共和国国家标准",
        "National standard of the People's Republic of China",
    ),
    "tbd": ("待定", "to be fixed"),
    "outside_in": ("原料、能源输入", "materials and energy in"),
    "outside_out": ("产品出厂", "product at the gate"),
    "outside_out_grave": ("废弃处置后离开系统", "out of the system after end of life"),
    "unit_word_declared": ("声明单位", "declared unit"),
    "unit_word_functional": ("功能单位", "functional unit"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "primary": ("初级数据", "primary"),
    "secondary": ("次级数据", "secondary"),
    "user_supplied": ("由用户提供", "supplied by the user"),
    "none": ("无", "none"),
    "fingerprint": ("规则指纹（SHA-256）", "Rule fingerprint (SHA-256)"),
    "contents": ("目次", "Contents"),
    "bibliography": ("参考文献", "Bibliography"),
    "completed": ("本稿完成日期", "Date of this draft"),
    "issued_by": ("发布", "Issued by"),
    "where": ("式中：", "where"),
    "placeholder_date": ("XXXX-XX-XX", "XXXX-XX-XX"),
}
DRAFTING_RULES = (
    "本文件按照 GB/T 1.1—2020《标准化工作导则  第 1 部分：标准化文件的结构和起草规则》的规定起草。",
    "This document has been drafted in accordance with the rules given in GB/T 1.1—2020 "
    "Directives for standardization — Part 1: Rules for the structure and drafting of "
    "standardizing documents.",
)
PATENT_NOTICE = (
    "请注意本文件的某些内容可能涉及专利。本文件的发布机构不承担识别专利的责任。",
    "Attention is drawn to the possibility that some of the elements of this document may be "
    "the subject of patent rights. The issuing body shall not be held responsible for "
    "identifying any or all such patent rights.",
)
CO_PRODUCT_METHODS = {
    "subdivision": ("过程细分", "subdivision"),
    "system_expansion": ("系统扩展", "system expansion"),
    "substitution": ("替代", "substitution"),
    "physical_mass": ("按质量分配", "allocation by mass"),
    "physical_energy": ("按能量分配", "allocation by energy"),
    "economic": ("按经济价值分配", "allocation by economic value"),
    "cut_off": ("不分配（取舍）", "cut off (no allocation)"),
}
CUT_OFF_BASES = {
    "mass": ("质量", "mass"),
    "energy": ("能量", "energy"),
    "emissions": ("排放", "emissions"),
    "economic_value": ("经济价值", "economic value"),
}
GWP_SETS = {
    "AR6-GWP100": (
        "IPCC 第六次评估报告（AR6）100 年全球变暖潜势",
        "IPCC Sixth Assessment Report (AR6) 100-year GWPs",
    ),
    "AR5-GWP100": (
        "IPCC 第五次评估报告（AR5）100 年全球变暖潜势",
        "IPCC Fifth Assessment Report (AR5) 100-year GWPs",
    ),
    "AR4-GWP100": (
        "IPCC 第四次评估报告（AR4）100 年全球变暖潜势",
        "IPCC Fourth Assessment Report (AR4) 100-year GWPs",
    ),
}

REFS_INTRO = (
    "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，"
    "仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。",
    "The following documents are referred to in the text in such a way that some or all of their "
    "content constitutes requirements of this document. For dated references, only the edition "
    "cited applies. For undated references, the latest edition of the referenced document "
    "(including any amendments) applies.",
)
TERMS_INTRO = (
    "GB/T 24067 界定的以及下列术语和定义适用于本文件。",
    "For the purposes of this document, the terms and definitions given in GB/T 24067 "
    "and the following apply.",
)

ORIGINS = {
    "fossil": ("化石", "fossil"),
    "biogenic": ("生物源", "biogenic"),
    "dluc": ("直接土地利用变化", "direct land-use change (dLUC)"),
    "aircraft": ("航空运输", "aircraft"),
}
BOUNDARY_TYPES = {
    "cradle-to-gate": ("从摇篮到大门", "cradle to gate"),
    "cradle-to-grave": ("从摇篮到坟墓", "cradle to grave"),
    "gate-to-gate": ("从大门到大门", "gate to gate"),
}
ALLOCATION_STEPS = {
    "avoid": (
        "避免分配（过程细分或系统扩展）",
        "avoid allocation (subdivision or system expansion)",
    ),
    "physical": (
        "按物理关系分配（质量、能量）",
        "allocate by physical relationship (mass, energy)",
    ),
    "economic": ("按经济价值分配", "allocate by economic value"),
}
DQ_INDICATORS = {
    "time": ("时间代表性", "temporal representativeness"),
    "geography": ("地理代表性", "geographical representativeness"),
    "technology": ("技术代表性", "technological representativeness"),
    "precision": ("精度", "precision"),
    "completeness": ("完整性", "completeness"),
    "consistency": ("一致性", "consistency"),
    "representativeness": ("代表性", "representativeness"),
    "sources": ("数据来源", "sources of data"),
    "uncertainty": ("不确定性", "uncertainty"),
    "reproducibility": ("可再现性", "reproducibility"),
}


def label(key: str, lang: Lang) -> str:
    """A fixed label in ``lang``."""
    zh, en = _LABELS[key]
    return zh if lang == "zh" else en


def outside_out(boundary_type: str, lang: Lang) -> str:
    """What leaves the boundary figure: the product at the gate, or after its end of life."""
    return label("outside_out_grave" if boundary_type == "cradle-to-grave" else "outside_out", lang)


def pick(pair: tuple[str, str], lang: Lang) -> str:
    """The ``lang`` member of a ``(zh, en)`` pair."""
    return pair[0] if lang == "zh" else pair[1]
