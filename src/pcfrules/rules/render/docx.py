"""DOCX writer (python-docx), laid out as GB/T 1.1-2020's sample of a standard.

A4 with GB margins; 宋体 (SimSun) 五号 body and 黑体 (SimHei) headings, with Noto CJK as the
usual substitute where those fonts are missing; three sections — the cover (no header or
footer), 目次 and 前言 (pages I, II …), and the body from clause 1 (pages 1, 2 …) — each page
headed by the number. The 目次 is a TOC field (Word fills in the page numbers when it updates
fields, which the file asks it to on opening); the boundary figure is an image; the formulas
are numbered equations with their 式中 lists.
"""

from __future__ import annotations

from io import BytesIO

import docx as python_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from pcfrules.rules.render import diagram
from pcfrules.rules.render.document import (
    Block,
    Clause,
    Document,
    Figure,
    Items,
    Para,
    Table,
    Term,
    marks,
)
from pcfrules.rules.render.equations import (
    Equation,
    Frac,
    Group,
    Math,
    Num,
    Op,
    Pow,
    Sym,
    chem,
)
from pcfrules.rules.render.labels import label

BODY_FONT = ("Times New Roman", "SimSun")
HEAD_FONT = ("Arial", "SimHei")
FIVE = Pt(10.5)  # 五号, GB/T 1.1's size for body text and clause headings
MARGINS = {"top": Mm(25), "bottom": Mm(20), "left": Mm(25), "right": Mm(20)}


def write(doc: Document) -> bytes:
    """The document as DOCX bytes."""
    out = python_docx.Document()
    _styles(out)
    _page(out.sections[0])
    _cover(out, doc)
    front = out.add_section(WD_SECTION.NEW_PAGE)
    _running(front, doc, "upperRoman")
    _centred_heading(out, doc.contents_title)
    _toc(out, doc)
    out.add_page_break()  # type: ignore[no-untyped-call]
    _centred_heading(out, doc.foreword_title)
    for block in doc.foreword:
        _block(out, block, doc)
    body = out.add_section(WD_SECTION.NEW_PAGE)
    _running(body, doc, "decimal")
    for clause in doc.clauses:
        _clause(out, clause, 1, doc)
    for annex in doc.annexes:
        out.add_page_break()  # type: ignore[no-untyped-call]
        heading = out.add_heading(
            f"{label('annex', doc.lang)} {annex.letter}\n{annex.mark}\n{annex.title}", level=1
        )
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for block in annex.blocks:
            _block(out, block, doc)
    if doc.bibliography:
        out.add_page_break()  # type: ignore[no-untyped-call]
        _centred_heading(out, doc.bibliography_title, level=1)
        for entry in doc.bibliography:
            out.add_paragraph(entry)
    out.add_paragraph(f"{label('fingerprint', doc.lang)}: {doc.fingerprint}")
    _update_fields_on_open(out)
    out.core_properties.title = doc.cover.title
    out.core_properties.subject = f"{doc.rule_id} {doc.version}"
    out.core_properties.keywords = doc.fingerprint
    buffer = BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _styles(out: DocxDocument) -> None:
    for name, (latin, east) in [
        ("Normal", BODY_FONT),
        *[(f"Heading {i}", HEAD_FONT) for i in range(1, 6)],
        ("Title", HEAD_FONT),
        ("Caption", HEAD_FONT),
    ]:
        style = out.styles[name]
        style.font.name = latin
        style.font.size = FIVE
        style.font.color.rgb = None
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east)
        if name.startswith("Heading"):
            style.font.bold = False
            style.paragraph_format.space_before = Pt(6)
            style.paragraph_format.space_after = Pt(6)
    out.styles["Normal"].paragraph_format.first_line_indent = Pt(21)
    out.styles["Normal"].paragraph_format.line_spacing = 1.25
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5", "Caption"):
        out.styles[name].paragraph_format.first_line_indent = Pt(0)


def _page(section: object) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)  # type: ignore[attr-defined]
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)


def _running(section: object, doc: Document, numbering: str) -> None:
    """Header with the number (right), footer with the page number (centre), numbered anew."""
    _page(section)
    header = section.header  # type: ignore[attr-defined]
    header.is_linked_to_previous = False
    line = header.paragraphs[0]
    line.text = doc.cover.header
    line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer  # type: ignore[attr-defined]
    footer.is_linked_to_previous = False
    page = footer.paragraphs[0]
    page.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(page, "PAGE", "1")
    number = OxmlElement("w:pgNumType")
    number.set(qn("w:fmt"), numbering)
    number.set(qn("w:start"), "1")
    section._sectPr.append(number)  # type: ignore[attr-defined]


def _field(paragraph: Paragraph, code: str, shown: str) -> None:
    """A complex field (PAGE, TOC …) with ``shown`` as its result until it is updated."""
    for kind, text in (
        ("begin", None),
        ("code", code),
        ("separate", None),
        ("text", shown),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind == "code":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _update_fields_on_open(out: DocxDocument) -> None:
    """Ask the word processor to fill in the TOC's page numbers when the file is opened."""
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    out.settings.element.append(update)


def _toc(out: DocxDocument, doc: Document) -> None:
    """A TOC field over headings 1–2; until updated it shows the headings themselves."""
    lines = [doc.foreword_title]
    for clause in doc.clauses:
        lines.append(f"{clause.number}  {clause.title}")
        lines += [f"    {c.number}  {c.title}" for c in clause.children]
    lines += [f"{label('annex', doc.lang)} {a.letter}{a.mark}  {a.title}" for a in doc.annexes]
    if doc.bibliography:
        lines.append(doc.bibliography_title)
    paragraph = out.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(0)
    _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', lines[0])
    for line in lines[1:]:
        paragraph.add_run().add_break()
        paragraph.add_run(line)


def _centred_heading(out: DocxDocument, text: str, level: int = 1) -> None:
    heading = out.add_heading(text, level=level)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _cover(out: DocxDocument, doc: Document) -> None:
    """The cover on one page: codes, 团体标准 mark, number, titles, stage, dates, issuer."""
    c = doc.cover
    codes = out.add_paragraph()
    _run(codes, f"ICS {c.ics}\nCCS {c.ccs}", HEAD_FONT, FIVE)
    if c.code:
        code = out.add_paragraph()
        code.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(code, c.code, HEAD_FONT, Pt(26), bold=True)
    level = out.add_paragraph()
    level.alignment = WD_ALIGN_PARAGRAPH.CENTER
    level.paragraph_format.space_before = Pt(36)
    _run(level, "  ".join(c.level) if doc.lang == "zh" else c.level, HEAD_FONT, Pt(36), bold=True)
    number = out.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _bottom_rule(number)
    _run(number, c.number, HEAD_FONT, Pt(14))
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(110)
    _run(title, c.title, HEAD_FONT, Pt(22))
    other = out.add_paragraph()
    other.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(other, c.title_other, BODY_FONT, Pt(14))
    for text, size in ((c.stage, Pt(14)), (c.completed, Pt(12))):
        if text:
            line = out.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            line.paragraph_format.space_before = Pt(18)
            _run(line, text, HEAD_FONT, size)
    dates = out.add_paragraph()
    dates.paragraph_format.space_before = Pt(150 if not c.stage else 100)
    dates.paragraph_format.tab_stops.add_tab_stop(Mm(165), WD_TAB_ALIGNMENT.RIGHT)
    _bottom_rule(dates)
    _run(
        dates,
        f"{c.issue_date} {c.issued}\t{c.implementation_date} {c.implemented}",
        HEAD_FONT,
        Pt(14),
    )
    body = out.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(body, c.issuing_body, HEAD_FONT, Pt(16))
    for paragraph in out.paragraphs:
        paragraph.paragraph_format.first_line_indent = Pt(0)


def _run(
    paragraph: Paragraph, text: str, font: tuple[str, str], size: Pt, bold: bool = False
) -> None:
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.font.name, run.font.size, run.bold = font[0], size, bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font[1])
        if i < text.count("\n"):
            run.add_break(WD_BREAK.LINE)


def _bottom_rule(paragraph: Paragraph) -> None:
    """The cover's full-width rules under the number and under the dates."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _clause(out: DocxDocument, clause: Clause, level: int, doc: Document) -> None:
    out.add_heading(f"{clause.number}  {clause.title}", level=min(level, 5))
    for block in clause.blocks:
        _block(out, block, doc)
    for child in clause.children:
        _clause(out, child, level + 1, doc)


def _block(out: DocxDocument, block: Block, doc: Document) -> None:
    if isinstance(block, Para):
        if block.text.strip():
            out.add_paragraph(chem(block.text))
    elif isinstance(block, Items):
        for mark, item in zip(marks(block), block.items, strict=True):
            space = "" if mark == "——" else " "
            paragraph = out.add_paragraph(f"{mark}{space}{chem(item)}")
            paragraph.paragraph_format.left_indent = Pt(42)
            paragraph.paragraph_format.first_line_indent = Pt(-21)
    elif isinstance(block, Table):
        _table(out, block)
    elif isinstance(block, Equation):
        _equation(out, block, doc)
    elif isinstance(block, Term):
        _term(out, block)
    else:
        _figure(out, block, doc)


def _term(out: DocxDocument, term: Term) -> None:
    number = out.add_paragraph()
    number.paragraph_format.first_line_indent = Pt(0)
    _run(number, term.number, HEAD_FONT, FIVE)
    name = out.add_paragraph()
    _run(name, term.term, HEAD_FONT, FIVE)
    if term.equivalent:
        _run(name, f"　{term.equivalent}", BODY_FONT, FIVE)
    out.add_paragraph(term.definition)
    if term.source:
        out.add_paragraph(term.source)


def _table(out: DocxDocument, table: Table) -> None:
    caption = out.add_paragraph(f"{table.number}  {table.caption}", style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    grid = out.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = True
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = text
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = chem(text)
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.first_line_indent = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _equation(out: DocxDocument, eq: Equation, doc: Document) -> None:
    """The equation centred with its number at the right margin, then its 式中 list."""
    if eq.lead:
        out.add_paragraph(chem(eq.lead)).paragraph_format.keep_with_next = True
    line = out.add_paragraph()
    line.paragraph_format.first_line_indent = Pt(0)
    stops = line.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(82), WD_TAB_ALIGNMENT.CENTER)
    stops.add_tab_stop(Mm(165), WD_TAB_ALIGNMENT.RIGHT)
    line.add_run("\t")
    _math(line, (eq.lhs,))
    line.add_run(" = ")
    _math(line, eq.rhs)
    line.add_run(f"\t{eq.number}")
    where = out.add_paragraph(label("where", doc.lang))
    where.paragraph_format.first_line_indent = Pt(0)
    for i, w in enumerate(eq.where):
        last = i == len(eq.where) - 1
        unit = (f"，单位为{w.unit}" if doc.lang == "zh" else f", in {w.unit}") if w.unit else ""
        end = ("。" if last else "；") if doc.lang == "zh" else ("." if last else ";")
        paragraph = out.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(63)
        paragraph.paragraph_format.first_line_indent = Pt(-42)
        _math(paragraph, (w.symbol,))
        paragraph.add_run(f" ——{w.meaning}{unit}{end}")


def _math(paragraph: Paragraph, math: Math) -> None:
    """Symbols italic with subscript indices; a fraction written (a)/(b) on the line."""
    for part in math:
        if isinstance(part, Sym):
            letter = paragraph.add_run(part.letter)
            letter.italic = True
            if part.index:
                paragraph.add_run(part.index).font.subscript = True
        elif isinstance(part, Num):
            paragraph.add_run(part.text)
        elif isinstance(part, Op):  # a sign that starts a group sticks to what it signs
            first = not paragraph.runs or paragraph.runs[-1].text.endswith(("(", "|"))
            paragraph.add_run(part.text if part.text == ", " or first else f" {part.text} ")
        elif isinstance(part, Frac):
            _wrapped(paragraph, part.num, "(", ")")
            paragraph.add_run("/")
            _wrapped(paragraph, part.den, "(", ")")
        elif isinstance(part, Pow):
            _math(paragraph, part.base)
            run_start = len(paragraph.runs)
            _math(paragraph, part.exp)
            for run in paragraph.runs[run_start:]:
                run.font.superscript = True
        else:
            _group(paragraph, part)


def _wrapped(paragraph: Paragraph, math: Math, left: str, right: str) -> None:
    simple = len(math) == 1 and isinstance(math[0], Sym | Num)
    if not simple:
        paragraph.add_run(left)
    _math(paragraph, math)
    if not simple:
        paragraph.add_run(right)


def _group(paragraph: Paragraph, group: Group) -> None:
    if group.name == "|":
        _wrapped(paragraph, group.body, "|", "|")
        return
    paragraph.add_run(f"{group.name}(")
    _math(paragraph, group.body)
    paragraph.add_run(")")


def _figure(out: DocxDocument, figure: Figure, doc: Document) -> None:
    """The boundary figure as an image, its number and title below it."""
    picture = out.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.first_line_indent = Pt(0)
    picture.add_run().add_picture(BytesIO(diagram.png(figure)), width=Mm(160))
    kind = f"（{figure.boundary_label}）" if doc.lang == "zh" else f" ({figure.boundary_label})"
    caption = out.add_paragraph(f"{figure.number}  {figure.caption}{kind}", style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
