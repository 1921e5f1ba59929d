"""Markdown writer of the standard text (for review in a repository or a comment system)."""

from __future__ import annotations

from pcfrules.rules.model import Lang
from pcfrules.rules.render.document import (
    AnnexPart,
    Block,
    Clause,
    Document,
    Figure,
    Items,
    Para,
    Table,
)
from pcfrules.rules.render.labels import label


def write(doc: Document) -> str:
    """The document as Markdown."""
    c, lang = doc.cover, doc.lang
    out = [
        f"**{c.level}** · {c.number} {c.draft_mark}".rstrip(),
        "",
        f"ICS {c.ics} · CCS {c.ccs}",
        "",
        f"# {c.title}",
        "",
        f"*{c.title_other}*",
        "",
        f"{c.issue_date} {label('issued', lang)} · {c.implementation_date} "
        f"{label('implemented', lang)} · {c.issuing_body}",
        "",
        f"## {doc.foreword_title}",
        "",
    ]
    out += _blocks(doc.foreword)
    for clause in doc.clauses:
        out += _clause(clause, 2)
    for annex in doc.annexes:
        out += _annex(annex, lang)
    out += ["---", f"{label('fingerprint', lang)}: `{doc.fingerprint}`", ""]
    return "\n".join(out)


def _clause(clause: Clause, level: int) -> list[str]:
    out = [f"{'#' * min(level, 6)} {clause.number} {clause.title}", ""]
    out += _blocks(clause.blocks)
    for child in clause.children:
        out += _clause(child, level + 1)
    return out


def _annex(annex: AnnexPart, lang: Lang) -> list[str]:
    head = f"{label('annex', lang)} {annex.letter}" if lang == "en" else f"附录 {annex.letter}"
    return [f"## {head} {annex.mark} {annex.title}", "", *_blocks(annex.blocks)]


def _blocks(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out += _block(block)
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [block.text, ""] if block.text.strip() else []
    if isinstance(block, Items):
        marks = [f"{i}." if block.ordered else "-" for i in range(1, len(block.items) + 1)]
        return [f"{m} {text}" for m, text in zip(marks, block.items, strict=True)] + [""]
    if isinstance(block, Table):
        return _table(block)
    return _figure(block)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(table: Table) -> list[str]:
    out = [
        f"**{table.number} {table.caption}**",
        "",
        "| " + " | ".join(_cell(h) for h in table.headers) + " |",
        "|" + "---|" * len(table.headers),
    ]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return [*out, ""]


def _figure(figure: Figure) -> list[str]:
    out = ["```mermaid", "flowchart LR", f'  IN["{figure.outside_in}"]']
    for i, stage in enumerate(figure.stages):
        procs = "<br/>".join(stage.processes)
        out.append(f'  S{i}["<b>{stage.name}</b><br/>{procs}"]')
    out.append(f'  OUT["{figure.outside_out}"]')
    chain = ["IN", *(f"S{i}" for i in range(len(figure.stages))), "OUT"]
    out.append("  " + " --> ".join(chain))
    out += ["```", "", f"*{figure.number} {figure.caption} ({figure.boundary_label})*", ""]
    return out
