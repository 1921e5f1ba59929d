"""DOCX writer (python-docx): headings, numbered tables, the boundary figure as a table.

Word and LibreOffice need an East-Asian font set on the styles, or Chinese text falls back
to whatever the machine has; we name SimSun/SimHei with Noto CJK as the usual substitute.
"""

from __future__ import annotations

from io import BytesIO

import docx as python_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

from pcfrules.rules.render.document import Block, Clause, Document, Figure, Items, Para, Table
from pcfrules.rules.render.labels import label

BODY_FONT = ("Times New Roman", "SimSun")
HEAD_FONT = ("Arial", "SimHei")


def write(doc: Document) -> bytes:
    """The document as DOCX bytes."""
    out = python_docx.Document()
    _fonts(out)
    _cover(out, doc)
    out.add_heading(doc.foreword_title, level=1)
    for block in doc.foreword:
        _block(out, block)
    out.add_section(WD_SECTION.NEW_PAGE)
    for clause in doc.clauses:
        _clause(out, clause, 1)
    for annex in doc.annexes:
        out.add_page_break()  # type: ignore[no-untyped-call]
        word = label("annex", doc.lang)
        heading = out.add_heading(f"{word} {annex.letter}\n{annex.mark}\n{annex.title}", level=1)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for block in annex.blocks:
            _block(out, block)
    out.add_paragraph(f"{label('fingerprint', doc.lang)}: {doc.fingerprint}")
    out.core_properties.title = doc.cover.title
    out.core_properties.subject = f"{doc.rule_id} {doc.version}"
    out.core_properties.keywords = doc.fingerprint
    buffer = BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _fonts(out: DocxDocument) -> None:
    for name, (latin, east) in [
        ("Normal", BODY_FONT),
        *[(f"Heading {i}", HEAD_FONT) for i in range(1, 6)],
        ("Title", HEAD_FONT),
    ]:
        style = out.styles[name]
        style.font.name = latin
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east)
    out.styles["Normal"].font.size = Pt(10.5)


def _cover(out: DocxDocument, doc: Document) -> None:
    c = doc.cover
    out.add_paragraph(f"ICS {c.ics}\nCCS {c.ccs}")
    level = out.add_paragraph(c.level)
    level.alignment = WD_ALIGN_PARAGRAPH.CENTER
    level.runs[0].font.size = Pt(20)
    level.runs[0].bold = True
    number = out.add_paragraph(f"{c.number} {c.draft_mark}".strip())
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = out.add_heading(c.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    other = out.add_paragraph(c.title_other)
    other.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out.add_paragraph(
        f"{c.issue_date} {label('issued', doc.lang)}        "
        f"{c.implementation_date} {label('implemented', doc.lang)}"
    )
    body = out.add_paragraph(c.issuing_body)
    body.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body.add_run().add_break(WD_BREAK.PAGE)


def _clause(out: DocxDocument, clause: Clause, level: int) -> None:
    out.add_heading(f"{clause.number} {clause.title}", level=min(level, 5))
    for block in clause.blocks:
        _block(out, block)
    for child in clause.children:
        _clause(out, child, level + 1)


def _block(out: DocxDocument, block: Block) -> None:
    if isinstance(block, Para):
        if block.text.strip():
            out.add_paragraph(block.text)
    elif isinstance(block, Items):
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            out.add_paragraph(item, style=style)
    elif isinstance(block, Table):
        _table(out, block)
    else:
        _figure(out, block)


def _table(out: DocxDocument, table: Table) -> None:
    caption = out.add_paragraph(f"{table.number} {table.caption}")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    grid = out.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _figure(out: DocxDocument, figure: Figure) -> None:
    stages = figure.stages
    grid = out.add_table(rows=2, cols=len(stages) + 2)
    grid.style = "Table Grid"
    grid.rows[0].cells[0].text = figure.outside_in
    grid.rows[0].cells[-1].text = figure.outside_out
    for i, stage in enumerate(stages, start=1):
        grid.rows[0].cells[i].text = stage.name
        grid.rows[1].cells[i].text = "\n".join(f"• {p}" for p in stage.processes)
    caption = out.add_paragraph(f"{figure.number} {figure.caption} ({figure.boundary_label})")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
