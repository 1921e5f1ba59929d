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
    Term,
    marks,
)
from pcfrules.rules.render.equations import Equation, linear
from pcfrules.rules.render.labels import label


def write(doc: Document) -> str:
    """The document as Markdown."""
    c, lang = doc.cover, doc.lang
    stage = [c.stage, ""] if c.stage else []
    out = [
        f"ICS {c.ics} · CCS {c.ccs}",
        "",
        f"**{c.level}** · {c.number}",
        "",
        f"# {c.title}",
        "",
        f"*{c.title_other}*",
        "",
        *stage,
        *([c.completed, ""] if c.completed else []),
        f"{c.issue_date} {c.issued} · {c.implementation_date} {c.implemented} · {c.issuing_body}",
        "",
        f"## {doc.foreword_title}",
        "",
    ]
    out += _blocks(doc.foreword, lang)
    for clause in doc.clauses:
        out += _clause(clause, 2, lang)
    for annex in doc.annexes:
        out += _annex(annex, lang)
    if doc.bibliography:
        out += [f"## {doc.bibliography_title}", ""]
        out += [f"{entry}  " for entry in doc.bibliography] + [""]
    out += ["---", f"{label('fingerprint', lang)}: `{doc.fingerprint}`", ""]
    return "\n".join(out)


def _clause(clause: Clause, level: int, lang: Lang) -> list[str]:
    out = [f"{'#' * min(level, 6)} {clause.number} {clause.title}", ""]
    out += _blocks(clause.blocks, lang)
    for child in clause.children:
        out += _clause(child, level + 1, lang)
    return out


def _annex(annex: AnnexPart, lang: Lang) -> list[str]:
    head = f"{label('annex', lang)} {annex.letter}" if lang == "en" else f"附录 {annex.letter}"
    return [f"## {head} {annex.mark} {annex.title}", "", *_blocks(annex.blocks, lang)]


def _blocks(blocks: list[Block], lang: Lang) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out += _block(block, lang)
    return out


def _block(block: Block, lang: Lang) -> list[str]:
    if isinstance(block, Para):
        return [block.text, ""] if block.text.strip() else []
    if isinstance(block, Items):
        lines = zip(marks(block), block.items, strict=True)
        return [f"{m} {text}  " for m, text in lines] + [""]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Equation):
        return _equation(block, lang)
    if isinstance(block, Term):
        name = f"**{block.term}** {block.equivalent}".rstrip()
        return [
            f"**{block.number}**  ",
            f"{name}  ",
            block.definition,
            "",
            *([block.source, ""] if block.source else []),
        ]
    return _figure(block)


def _equation(eq: Equation, lang: Lang) -> list[str]:
    lines = [
        *([eq.lead, ""] if eq.lead else []),
        f"{linear((eq.lhs,))} = {linear(eq.rhs)}  {eq.number}",
        "",
    ]
    lines.append(label("where", lang))
    for i, w in enumerate(eq.where):
        end = (
            ("。" if lang == "zh" else ".")
            if i == len(eq.where) - 1
            else ("；" if lang == "zh" else ";")
        )
        unit = (f"，单位为{w.unit}" if lang == "zh" else f", in {w.unit}") if w.unit else ""
        lines.append(f"{linear((w.symbol,))} —— {w.meaning}{unit}{end}  ")
    return [*lines, ""]


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
