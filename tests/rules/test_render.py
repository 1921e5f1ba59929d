"""The standard text: GB/T 1.1 chapter order, cover, foreword, annex marks, in three formats."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest

from pcfrules.errors import RenderError
from pcfrules.rules import catalog
from pcfrules.rules.loader import validate_rule
from pcfrules.rules.render import render, write_file

CHAPTERS = {
    "zh": [
        "1 范围",
        "2 规范性引用文件",
        "3 术语和定义",
        "4 量化目的",
        "5 量化范围",
        "6 清单分析",
        "7 影响评价",
        "8 结果解释",
        "9 产品碳足迹报告",
        "10 产品碳足迹声明",
    ],
    "en": [
        "1 Scope",
        "2 Normative references",
        "3 Terms and definitions",
        "4 Goal of quantification",
        "5 Scope of quantification",
        "6 Inventory analysis",
        "7 Impact assessment",
        "8 Interpretation of results",
        "9 Carbon-footprint study report",
        "10 Carbon-footprint declaration",
    ],
}
ANNEX_MARKS = {"zh": ["（规范性）", "（资料性）"], "en": ["(normative)", "(informative)"]}
GBT11 = {"zh": "本文件按照 GB/T 1.1—2020", "en": "GB/T 1.1—2020"}


@pytest.fixture(scope="module")
def cement() -> Any:
    path = catalog.rule_file("cement")
    return catalog.load("cement"), catalog.example_for(path)


def _in_order(text: str, needles: list[str]) -> bool:
    positions = [text.find(n) for n in needles]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_chapters_in_order_and_self_contained(cement: Any, lang: str) -> None:
    rule, example = cement
    html = render(rule, lang, "html", example).decode("utf-8")
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    assert _in_order(text, CHAPTERS[lang])
    assert GBT11[lang] in text
    assert all(mark in text for mark in ANNEX_MARKS[lang])
    assert "<svg" in html and "@page" in html  # boundary figure, print styles
    assert not re.search(r'(src|href)="https?://', html)  # nothing fetched from outside
    assert rule.fingerprint() in html
    assert rule.identity.title.get(lang) in text


def test_html_annex_contents(cement: Any) -> None:
    rule, example = cement
    text = render(rule, "en", "html", example).decode("utf-8")
    assert "94.6" in text and "2006 IPCC Guidelines" in text  # default values with source
    assert "27.9" in text and "273" in text  # AR6 GWP of CH4 and N2O
    assert "cement_output" in text  # data-collection table
    assert "1000000" in text  # worked-example input
    assert "Table A.1" in text and "Figure 1" in text


def test_zh_html_has_cover_dates_marked_tbd_for_draft(cement: Any) -> None:
    rule, _ = cement
    text = render(rule, "zh", "html").decode("utf-8")
    assert "待定 发布" in text and "（草案）" in text and "ICS 13.020.40" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_chapters(cement: Any, lang: str) -> None:
    rule, example = cement
    md = render(rule, lang, "md", example).decode("utf-8")
    headings = [line.lstrip("#").strip() for line in md.splitlines() if line.startswith("## ")]
    chapter_heads = [h for h in headings if h[:2].strip().isdigit()]
    assert chapter_heads == CHAPTERS[lang]
    assert "```mermaid" in md


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_opens_with_chapters_and_tables(cement: Any, lang: str) -> None:
    rule, example = cement
    document = docx.Document(BytesIO(render(rule, lang, "docx", example)))
    heads = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h for h in heads if h[:2].strip().isdigit()] == CHAPTERS[lang]
    assert len(document.tables) > 10
    assert document.core_properties.keywords == rule.fingerprint()


def test_annex_letters_follow_the_rule(cement_data: dict[str, Any]) -> None:
    cement_data["annexes"].insert(
        0,
        {
            "id": "A",
            "kind": "informative",
            "content": "other",
            "title": {"zh": "排放源", "en": "Emission sources"},
        },
    )
    for i, annex in enumerate(cement_data["annexes"]):
        annex["id"] = "ABCDEFG"[i]
    md = render(validate_rule(cement_data), "en", "md").decode("utf-8")
    assert "listed in Annex B." in md and "values in Annex D." in md


def test_unknown_language_and_format(cement: Any) -> None:
    rule, _ = cement
    with pytest.raises(RenderError, match="zh, en"):
        render(rule, "fr", "html")
    with pytest.raises(RenderError, match="docx"):
        render(rule, "zh", "pdf")


def test_failed_write_keeps_existing_file(cement: Any, tmp_path: Path) -> None:
    rule, _ = cement
    target = tmp_path / "std.html"
    target.mkdir()  # a folder in the way: the finished text cannot replace it
    (target / "kept.txt").write_text("previous", encoding="utf-8")
    with pytest.raises(RenderError) as info:
        write_file(rule, "zh", "html", target)
    assert info.value.location.file == str(target)
    assert (target / "kept.txt").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["std.html"]  # no temp file left
