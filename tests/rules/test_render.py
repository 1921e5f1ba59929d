"""The standard text: GB/T 1.1 chapter order, cover, 目次, foreword, equations, in four formats."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from pcfrules.cli import app
from pcfrules.errors import RenderError, RenderRefusedError
from pcfrules.rules import catalog
from pcfrules.rules.loader import validate_rule
from pcfrules.rules.render import Edition, edition_of, render, write_file
from pcfrules.rules.render.bibliography import entries
from pcfrules.rules.render.equations import equations, linear
from pcfrules.rules.sources import find
from pcfrules.studies.example import worked_example
from tests.browser import needs_chromium, print_to_pdf
from tests.office import convert, needs_libreoffice

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
PUBLISHED = Edition("published", "T/CBMF 7—2026", date(2026, 3, 1), date(2026, 6, 1))
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
runner = CliRunner()


@pytest.fixture(scope="module")
def cement() -> Any:
    path = catalog.rule_file("cement")
    return catalog.load("cement"), catalog.example_for(path)


def _text(html: str) -> str:
    body = html[html.index("<body>") :]
    text = unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u3000", " ")
    return re.sub(r"\s+", " ", text)


def _in_order(text: str, needles: list[str]) -> bool:
    positions = [text.find(n) for n in needles]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_chapters_in_order_and_self_contained(cement: Any, lang: str) -> None:
    rule, example = cement
    html = render(rule, lang, "html", example).decode("utf-8")
    text = _text(html)
    assert _in_order(text, [{"zh": "目次", "en": "Contents"}[lang], *CHAPTERS[lang]])
    assert GBT11[lang] in text
    assert all(mark in text for mark in ANNEX_MARKS[lang])
    assert "<svg" in html and "@page" in html and "target-counter" in html  # figure, print, 目次
    assert not re.search(r'(src|href)="https?://', html)  # nothing fetched from outside
    assert rule.fingerprint() in html
    assert rule.identity.title.get(lang) in text


def test_published_cover_shows_its_number_and_dates_everywhere(cement: Any) -> None:
    rule, _ = cement
    html = render(rule, "zh", "html", edition=PUBLISHED).decode("utf-8")
    text = _text(html)
    assert "T/CBMF 7—2026" in text and "T/CBMF" in text
    assert "2026-03-01 发布" in text and "2026-06-01 实施" in text
    assert f"{rule.identity.issuing_body.zh} 发布" in text
    assert "团体标准" in text and "ICS 13.020.40" in text and "CCS" in text
    assert "<title>T/CBMF 7—2026</title>" in html and 'class="running">T/CBMF 7—2026<' in html
    assert not any(w in text for w in ("XXXX", "（草案）", "待定", "征求意见稿", "本稿完成日期"))
    en = _text(render(rule, "en", "html", edition=PUBLISHED).decode("utf-8"))
    assert "2026-03-01 issued" in en and f"Issued by {rule.identity.issuing_body.en}" in en


@pytest.mark.parametrize(
    ("stage", "zh", "en"),
    [
        ("consultation", "征求意见稿", "Draft for comments"),
        ("review", "送审稿", "Draft for review"),
        ("approval", "报批稿", "Draft for approval"),
    ],
)
def test_draft_cover_shows_its_stage_and_completion_date(
    cement: Any, stage: str, zh: str, en: str
) -> None:
    rule, _ = cement
    edition = edition_of(rule, stage, date(2026, 11, 30))
    text = _text(render(rule, "zh", "html", edition=edition).decode("utf-8"))
    assert f"（{zh}）" in text and "本稿完成日期：2026-11-30" in text
    assert "XXXX-XX-XX 发布" in text and "XXXX-XX-XX 实施" in text
    english = _text(render(rule, "en", "html", edition=edition).decode("utf-8"))
    assert f"({en})" in english and "Date of this draft: 2026-11-30" in english


def test_a_rule_without_a_number_is_a_draft_by_default(cement: Any) -> None:
    rule, _ = cement
    assert not rule.identity.number
    edition = edition_of(rule)
    assert edition.stage == "consultation" and edition.completed == date.today()


def test_foreword_terms_and_lists(cement: Any) -> None:
    rule, example = cement
    text = _text(render(rule, "zh", "html", example).decode("utf-8"))
    foreword = text[text.index("前 言") if "前 言" in text else text.index("前言", 100) :]
    assert "本文件按照 GB/T 1.1—2020《标准化工作导则" in foreword and "规定起草" in foreword
    assert "请注意本文件的某些内容可能涉及专利" in foreword
    assert "本文件由" in foreword and "提出" in foreword and "归口" in foreword
    term = rule.terms[0]
    assert f"3.1 {term.term.zh} {term.term.en}" in text  # the English equivalent beside the term
    assert f"[来源：{term.source}]" in text
    assert "—— " in text and "a) " in text and "b) " in text  # GB/T 1.1 list marks
    assert "表 1 " in text and "图 1 " in text and "表 A.1 " in text


def test_formulas_are_numbered_equations_with_their_where_lists(cement: Any) -> None:
    rule, _ = cement
    numbered = equations(rule, "zh")
    assert [e.number for e in numbered.values()] == [f"({i})" for i in range(1, len(numbered) + 1)]
    first = numbered["calcination_co2"]
    assert linear(first.rhs) == "A₃ × ((A₄ − A₅) × P₁ + (A₆ − A₇) × P₂)"  # kiln dust apart
    symbols = [linear((w.symbol,)) for w in first.where]
    assert first.number == "(9)"  # after the eight formulas of the raw-material stage
    assert symbols == ["E₉", "A₃", "A₄", "A₅", "P₁", "A₆", "A₇", "P₂"]  # as it reads
    assert first.where[1].meaning == rule.items()["clinker_output"].name.zh
    assert first.where[1].unit == "吨（t）" and first.where[0].unit == "千克（kg）"
    html = render(rule, "zh", "html").decode("utf-8")
    text = _text(html)
    assert "式中：" in text and "按式(1)计算" in text and "单位为千克每吨（kg/t）" in text
    for formula in rule.inventory.formulas:  # never the formula's source code
        assert formula.expression not in html


def test_no_identifiers_or_english_words_in_the_zh_text(cement: Any) -> None:
    rule, example = cement
    html = render(rule, "zh", "html", example, result=worked_example(find("cement"))).decode()
    html = re.sub(r'<span class="equivalent">[^<]*</span>', "", html)  # terms' English names
    body = _text(html)
    body = body[: body.rindex("规则指纹")]
    leaks = {i.id for i in rule.data_collection.items} | {p.id for p in rule.inventory.parameters}
    leaks |= {
        "physical_mass",
        "cut_off",
        "emissions",
        "fossil",
        "primary",
        "to be fixed",
        "dimensionless",
    }
    found = sorted(w for w in leaks if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", body))
    assert found == []


def test_no_chinese_in_the_en_text(cement: Any) -> None:
    rule, example = cement
    html = render(rule, "en", "html", example, result=worked_example(find("cement"))).decode()
    text = _text(html)
    other_title = rule.identity.title.zh  # the cover gives the title in both languages
    assert CJK.findall(text.replace(other_title, "")) == []


def test_bibliography_lists_every_cited_work_once(cement: Any) -> None:
    rule, _ = cement
    zh = entries(rule, "zh")
    assert zh[0].startswith("[1] ") and len(zh) == len(set(zh))
    assert any("2006 年 IPCC 国家温室气体清单指南" in e for e in zh)
    assert any("电力碳足迹因子" in e for e in zh)
    assert not any("GB/T 24067" in e or "GB/T 2589" in e for e in zh)  # normative (clause 2)
    en = _text(render(rule, "en", "html").decode())
    assert "Bibliography" in en and "2006 IPCC Guidelines for National Greenhouse Gas" in en
    zh_text = _text(render(rule, "zh", "html").decode())
    assert (
        "《2006 年 IPCC 国家温室气体清单指南》第 2 卷第 1 章表 1.4" in zh_text
    )  # a default's source


def test_worked_example_annex_shows_inputs_and_result(cement: Any) -> None:
    rule, example = cement
    result = worked_example(find("cement"))
    assert result is not None
    text = _text(render(rule, "en", "html", example, result=result).decode())
    annex = text[text.index("Annex F") :]
    assert "1 000 000" in annex and "Example activity data" in annex
    total = f"{result.total:.6g}"
    assert "Result of each formula" in annex and f"{total} kg CO₂e per 1 t" in annex


def test_html_annex_contents(cement: Any) -> None:
    rule, example = cement
    text = _text(render(rule, "en", "html", example).decode("utf-8"))
    assert "94 600" in text and "2006 IPCC Guidelines" in text  # default values with source
    # AR6 GWP of N2O, and of the kiln coal's CH4 by its origin (Table 7.15 CH4-fossil)
    assert "CH₄ (fossil)" in text and "29.8" in text and "273" in text
    assert "Table A.1" in text and "Figure 1" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_chapters(cement: Any, lang: str) -> None:
    rule, example = cement
    md = render(rule, lang, "md", example).decode("utf-8")
    headings = [line.lstrip("#").strip() for line in md.splitlines() if line.startswith("## ")]
    chapter_heads = [h for h in headings if h[:2].strip().isdigit()]
    assert chapter_heads == CHAPTERS[lang]
    assert "```mermaid" in md and "E₉ = A₃ × " in md


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_layout(cement: Any, lang: str) -> None:
    rule, example = cement
    document = docx.Document(BytesIO(render(rule, lang, "docx", example, PUBLISHED)))
    heads = [p.text.replace("  ", " ") for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h for h in heads if h[:2].strip().isdigit()] == CHAPTERS[lang]
    assert len(document.tables) > 10
    assert document.core_properties.keywords == rule.fingerprint()
    cover, front, body = document.sections
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert (
        body.header.paragraphs[0].text == "T/CBMF 7—2026" and cover.header.paragraphs[0].text == ""
    )
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml and "<pic:pic" in xml  # the 目次 field, the figure as an image
    assert " PAGE " in body.footer._element.xml and 'w:fmt="upperRoman"' in front._sectPr.xml
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(docx.oxml.ns.qn("w:eastAsia")) == "SimSun"
    heading = document.styles["Heading 1"].element.rPr.rFonts
    assert heading.get(docx.oxml.ns.qn("w:eastAsia")) == "SimHei"


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


def test_unknown_language_format_and_stage(cement: Any) -> None:
    rule, _ = cement
    with pytest.raises(RenderError, match="zh, en"):
        render(rule, "fr", "html")
    with pytest.raises(RenderError, match="docx"):
        render(rule, "zh", "odt")
    with pytest.raises(RenderError, match="consultation") as info:
        edition_of(rule, "final")
    assert info.value.location.path == "--stage"


def test_published_without_a_number_is_refused_and_nothing_written(
    cement: Any, tmp_path: Path
) -> None:
    rule, _ = cement
    target = tmp_path / "std.html"
    with pytest.raises(RenderRefusedError, match=r"identity\.number") as info:
        write_file(rule, "zh", "html", target, edition=edition_of(rule, "published"))
    assert info.value.location.path == "identity.number" and not target.exists()
    undated = Edition("published", "T/CBMF 7—2026")
    with pytest.raises(RenderRefusedError, match=r"identity\.issue_date"):
        render(rule, "zh", "docx", edition=undated)
    result = runner.invoke(
        app, ["rules", "render", "cement", "--stage", "published", "-o", str(target)]
    )
    assert result.exit_code == 1 and "identity.number" in result.output and not target.exists()


def test_a_language_the_rule_has_no_text_in_is_refused(cement_data: dict[str, Any]) -> None:
    cement_data["identity"]["title"]["en"] = ""
    rule = validate_rule(cement_data)
    with pytest.raises(RenderRefusedError) as info:
        render(rule, "en", "pdf")
    assert info.value.location.path == "identity.title.en"
    assert render(rule, "zh", "md")  # the Chinese text is still there
    cement_data["identity"]["title"]["en"] = "Cement"
    cement_data["boundary"]["stages"][1]["processes"][0]["name"]["en"] = " "
    with pytest.raises(RenderRefusedError) as info:
        render(validate_rule(cement_data), "en", "docx")
    assert info.value.location.path == "boundary.stages[1].processes[0].name.en"


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


@pytest.fixture(scope="module")
def zh_pdf(cement: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The zh text, published, as PDF (WeasyPrint): made once for the tests that read it."""
    import pypdf

    rule, example = cement
    data = render(rule, "zh", "pdf", example, PUBLISHED, worked_example(find("cement")))
    path = tmp_path_factory.mktemp("pdf") / "cement.zh.pdf"
    path.write_bytes(data)
    return pypdf.PdfReader(path)


def test_pdf_cover_on_one_page_then_contents_and_page_numbers(zh_pdf: Any) -> None:
    pages = [p.extract_text().replace("\xa0", " ") for p in zh_pdf.pages]
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in zh_pdf.pages
    }
    assert sizes == {(595, 842)}  # A4
    assert "团 体 标 准" in pages[0] or "团体标准" in pages[0]
    assert "2026-03-01 发布" in pages[0] and "目" not in pages[0].replace("项目", "")
    assert pages[1].replace(" ", "").startswith("目次") and "T/CBMF 7—2026" in pages[1]
    contents = pages[1]
    assert re.search(r"1\s*范围\s*\.+\s*1\b", contents)  # clause 1 on page 1
    assert re.search(r"前言\s*\.+\s*II\b", contents)  # the front matter in Roman numerals
    body = next(p for p in pages if "1 范围" in p and "目次" not in p)
    assert "T/CBMF 7—2026" in body and re.search(r"\n1\s*$", body)  # header, page 1
    assert any("式中" in p and "(1)" in p for p in pages)


@pytest.mark.libreoffice
@needs_libreoffice
def test_docx_prints_with_the_cover_alone_on_page_one(cement: Any, tmp_path: Path) -> None:
    import pypdf

    rule, example = cement
    source = tmp_path / "cement.zh.docx"
    source.write_bytes(render(rule, "zh", "docx", example, PUBLISHED))
    printed = pypdf.PdfReader(convert(source, "pdf", tmp_path))
    pages = [p.extract_text().replace("\xa0", " ") for p in printed.pages]
    assert "2026-06-01 实施" in pages[0] and "目次" not in pages[0].replace(" ", "")
    assert "目次" in pages[1].replace(" ", "") and "T/CBMF 7—2026" in pages[1]


@pytest.mark.browser
@needs_chromium
def test_a_browser_prints_the_html_with_the_cover_alone_on_an_a4_page(
    cement: Any, tmp_path: Path
) -> None:
    import pypdf

    rule, example = cement
    page = tmp_path / "cement.zh.html"
    page.write_bytes(render(rule, "zh", "html", example, PUBLISHED))
    printed = pypdf.PdfReader(print_to_pdf(page, tmp_path / "printed.pdf"))
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in printed.pages
    }
    assert sizes == {(595, 842)}
    first, second = (re.sub(r"\s+", "", p.extract_text()) for p in printed.pages[:2])
    assert "2026-03-01" in first and "目次" not in first and "前言" not in first
    assert "次" in second and "范围" in second  # the 目次 starts the next page


def test_equations_are_numbered_in_reading_order_and_set_as_mathematics(
    cement_data: dict[str, Any],
) -> None:
    rule = catalog.load("cement")
    numbered = equations(rule, "zh")
    stage_of = {p.id: i for i, s in enumerate(rule.boundary.stages) for p in s.processes}
    in_order = [stage_of[f.process] for f in rule.inventory.formulas if f.id in numbered]
    shown = sorted(numbered, key=lambda fid: int(numbered[fid].number.strip("()")))
    assert [stage_of[rule_formula(rule, fid).process] for fid in shown] == sorted(in_order)
    cement_data["inventory"]["formulas"][0]["expression"] = (
        "clinker_output * co2_per_cao / (cement_output ** 2) - max(cao_content, 0.5) - (-mgo_content)"
    )
    eq = equations(validate_rule(cement_data), "zh")["calcination_co2"]
    assert linear(eq.rhs) == "(A₃ × P₁) / (A₁^2) − max(A₄, 0.5) − (−A₆)"
    html = render(validate_rule(cement_data), "zh", "html").decode()
    assert (
        '<span class="frac"><span class="num"><i>A</i><sub>3</sub> × <i>P</i><sub>1</sub>' in html
    )
    assert "<sup>2</sup>" in html


def rule_formula(rule: Any, formula_id: str) -> Any:
    return next(f for f in rule.inventory.formulas if f.id == formula_id)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "优先采用按《温室气体 产品碳足迹量化方法与要求 合成氨》核算的碳足迹"),
        ("en", "preferably the footprint quantified under 'Greenhouse gases"),
    ],
)
def test_an_upstream_input_names_the_rule_it_is_supplied_under(lang: str, words: str) -> None:
    text = render(catalog.load("urea"), lang, "md").decode("utf-8")
    row = next(line for line in text.splitlines() if words in line)
    assert "PACT" in row and ("默认值" in row if lang == "zh" else "default" in row)
