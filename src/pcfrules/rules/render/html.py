"""Self-contained HTML writer: one file, inline CSS and SVG, print styles for A4."""

from __future__ import annotations

from html import escape

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pcfrules.rules.render import diagram
from pcfrules.rules.render.document import Block, Clause, Document, Figure, Items, Para, Table
from pcfrules.rules.render.labels import label


def write(doc: Document) -> str:
    """The document as one HTML page."""
    env = Environment(
        loader=PackageLoader("pcfrules.rules.render", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    template = env.get_template("standard.html.j2")
    return template.render(
        doc=doc,
        render_block=_block,
        render_clause=_clause,
        issued=label("issued", doc.lang),
        implemented=label("implemented", doc.lang),
        annex_word=label("annex", doc.lang),
        fingerprint_label=label("fingerprint", doc.lang),
    )


def _clause(clause: Clause, level: int) -> Markup:
    tag = f"h{min(level, 6)}"
    anchor = "c" + clause.number.replace(".", "-")
    parts = [
        f'<section id="{anchor}"><{tag}>{escape(clause.number)} {escape(clause.title)}</{tag}>'
    ]
    parts += [str(_block(b)) for b in clause.blocks]
    parts += [str(_clause(c, level + 1)) for c in clause.children]
    parts.append("</section>")
    return Markup("".join(parts))


def _block(block: Block) -> Markup:
    if isinstance(block, Para):
        return Markup(f"<p>{escape(block.text)}</p>") if block.text.strip() else Markup("")
    if isinstance(block, Items):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{escape(i)}</li>" for i in block.items)
        return Markup(f"<{tag}>{items}</{tag}>")
    if isinstance(block, Table):
        return _table(block)
    return _figure(block)


def _table(table: Table) -> Markup:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return Markup(
        f"<table><caption>{escape(table.number)} {escape(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _figure(figure: Figure) -> Markup:
    return Markup(
        f"<figure>{diagram.svg(figure)}<figcaption>{escape(figure.number)} "
        f"{escape(figure.caption)}</figcaption></figure>"
    )
