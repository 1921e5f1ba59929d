"""Self-contained HTML writer: one file, inline CSS and SVG, print styles for A4.

The print styles lay the page out as GB/T 1.1-2020 does: the cover alone on its page, 目次
and 前言 numbered I, II …, clause 1 starting page 1, the number (or the draft's title and
stage) in the running header and the page number in the footer. WeasyPrint (the PDF) reads
them all, including the 目次's page numbers; a browser shows the same page without them.
"""

from __future__ import annotations

from html import escape as _escape

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pcfrules.rules.render import diagram
from pcfrules.rules.render.anchors import clause_id
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


def write(doc: Document) -> str:
    """The document as one HTML page."""
    return _render("standard.html.j2", doc)


def write_body(doc: Document) -> str:
    """The document's body alone (cover to fingerprint), to embed in another page.

    No ``<style>`` and no ``<html>``: a page embedding it styles it, and its
    Content-Security-Policy may forbid inline styles. The ids are the full page's.
    """
    return _render("standard_body.html.j2", doc)


def _render(template_name: str, doc: Document) -> str:
    env = Environment(
        loader=PackageLoader("pcfrules.rules.render", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    return env.get_template(template_name).render(
        doc=doc,
        render_block=lambda block: _block(block, doc),
        render_clause=lambda clause, level: _clause(clause, level, doc),
        anchor=clause_id,
        annex_word=label("annex", doc.lang),
        fingerprint_label=label("fingerprint", doc.lang),
    )


def escape(text: str) -> str:
    """HTML-escaped text, greenhouse-gas formulas set with subscripts (CO₂)."""
    return _escape(chem(text))


def _clause(clause: Clause, level: int, doc: Document) -> Markup:
    tag = f"h{min(level, 6)}"
    parts = [
        f'<section id="{clause_id(clause.number)}"><{tag}><span class="no">'
        f"{escape(clause.number)}</span>{escape(clause.title)}</{tag}>"
    ]
    parts += [str(_block(b, doc)) for b in clause.blocks]
    parts += [str(_clause(c, level + 1, doc)) for c in clause.children]
    parts.append("</section>")
    return Markup("".join(parts))


def _block(block: Block, doc: Document) -> Markup:
    if isinstance(block, Para):
        return Markup(f"<p>{escape(block.text)}</p>") if block.text.strip() else Markup("")
    if isinstance(block, Items):
        items = "".join(
            f'<li><span class="mark">{escape(m)}</span>{escape(i)}</li>'
            for m, i in zip(marks(block), block.items, strict=True)
        )
        return Markup(f'<ul class="items">{items}</ul>')
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Equation):
        return _equation(block, doc)
    if isinstance(block, Term):
        return _term(block)
    return _figure(block, doc)


def _term(term: Term) -> Markup:
    equivalent = (
        f'<span class="equivalent">{escape(term.equivalent)}</span>' if term.equivalent else ""
    )
    source = f'<p class="source">{escape(term.source)}</p>' if term.source else ""
    return Markup(
        f'<div class="term"><p class="term-no">{escape(term.number)}</p>'
        f'<p class="term-name">{escape(term.term)}{equivalent}</p>'
        f"<p>{escape(term.definition)}</p>{source}</div>"
    )


def _table(table: Table) -> Markup:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return Markup(
        f"<table><caption>{escape(table.number)}&#x2002;{escape(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _figure(figure: Figure, doc: Document) -> Markup:
    kind = f"（{figure.boundary_label}）" if doc.lang == "zh" else f" ({figure.boundary_label})"
    return Markup(
        f"<figure>{diagram.svg(figure)}<figcaption>{escape(figure.number)}&#x2002;"
        f"{escape(figure.caption)}{escape(kind)}</figcaption></figure>"
    )


def _equation(eq: Equation, doc: Document) -> Markup:
    where = "".join(
        f'<tr><td class="sym">{_math((w.symbol,))}</td><td class="dash">——</td>'
        f"<td>{escape(_meaning(w.meaning, w.unit, doc, last=i == len(eq.where) - 1))}</td></tr>"
        for i, w in enumerate(eq.where)
    )
    lead = f"<p>{escape(eq.lead)}</p>" if eq.lead else ""
    return Markup(
        f'<div class="formula">{lead}<div class="equation"><span class="math">{_math((eq.lhs,))} = {_math(eq.rhs)}</span>'
        f'<span class="eqno">{escape(eq.number)}</span></div>'
        f'<div class="where"><span class="where-label">{escape(label("where", doc.lang))}</span>'
        f'<table class="where-list">{where}</table></div></div>'
    )


def _meaning(meaning: str, unit: str, doc: Document, last: bool) -> str:
    """``碳酸盐分解排放，单位为千克（kg）；`` — GB/T 1.1-2020 9.6.4's 式中 line."""
    if doc.lang == "zh":
        return f"{meaning}{'，单位为' + unit if unit else ''}{'。' if last else '；'}"
    return f"{meaning}{', in ' + unit if unit else ''}{'.' if last else ';'}"


def _math(math: Math) -> str:
    out = []
    for part in math:
        if isinstance(part, Sym):
            sub = f"<sub>{escape(part.index)}</sub>" if part.index else ""
            out.append(f"<i>{escape(part.letter)}</i>{sub}")
        elif isinstance(part, Num):
            out.append(escape(part.text))
        elif isinstance(part, Op):  # a sign that starts a group sticks to what it signs
            out.append(
                escape(part.text) if part.text == ", " or not out else f" {escape(part.text)} "
            )
        elif isinstance(part, Frac):
            out.append(
                f'<span class="frac"><span class="num">{_math(part.num)}</span>'
                f'<span class="den">{_math(part.den)}</span></span>'
            )
        elif isinstance(part, Pow):
            out.append(f"{_math(part.base)}<sup>{_math(part.exp)}</sup>")
        else:
            out.append(_group(part))
    return "".join(out)


def _group(group: Group) -> str:
    if group.name == "|":
        return f"|{_math(group.body)}|"
    return f"{escape(group.name)}({_math(group.body)})"
