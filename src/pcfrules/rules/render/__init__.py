"""Rendering a rule as a standard text drafted to GB/T 1.1-2020 (HTML, PDF, Markdown, DOCX).

``document.build`` turns the rule into a format-neutral tree of numbered clauses; each
writer walks that tree. It must not compute footprints: the worked-example annex shows the
result the caller computed (``ExampleResult``). What cannot be rendered honestly is refused
before anything is written, naming the field: a published edition without its number or
dates, a language the rule has no title or scope in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal, get_args

from pcfrules.errors import Location, RenderError, RenderRefusedError
from pcfrules.files import write_bytes
from pcfrules.rules.model import Lang, RuleStandard
from pcfrules.rules.render import docx, html, markdown, pdf
from pcfrules.rules.render.anchors import anchor_of, clause_id
from pcfrules.rules.render.document import STAGES, Document, Edition, ExampleResult, Stage, build

Format = Literal["html", "md", "docx", "pdf"]
ALL_FORMATS: tuple[str, ...] = get_args(Format)
# What the catalogue job writes for every rule; the PDF (WeasyPrint, seconds a page) on request.
FORMATS: tuple[str, ...] = ("html", "md", "docx")
LANGS: tuple[str, ...] = get_args(Lang)

__all__ = [
    "ALL_FORMATS",
    "FORMATS",
    "LANGS",
    "STAGES",
    "Document",
    "Edition",
    "ExampleResult",
    "anchor_of",
    "body_html",
    "build",
    "clause_id",
    "edition_of",
    "missing_text",
    "render",
    "write_file",
]


def edition_of(
    rule: RuleStandard, stage: str | None = None, completed: date | None = None
) -> Edition:
    """The edition a rule is rendered as (``stage``, or the default for the rule).

    By default a rule with a number is rendered as published, with its own number and
    dates; one without, as the 征求意见稿 finished ``completed`` (today by default).
    """
    ident = rule.identity
    chosen = stage or ("published" if ident.number else "consultation")
    if chosen not in STAGES:
        raise RenderError(
            zh=f"不支持的阶段“{chosen}”（可选：{'、'.join(STAGES)}）",
            en=f"unsupported stage '{chosen}' (allowed: {', '.join(STAGES)})",
            location=Location(path="--stage"),
        )
    typed: Stage = chosen
    if typed == "published":
        return Edition("published", ident.number, ident.issue_date, ident.implementation_date)
    return Edition(typed, completed=completed or date.today())


def render(
    rule: RuleStandard,
    lang: str,
    fmt: str,
    example: dict[str, object] | None = None,
    edition: Edition | None = None,
    result: ExampleResult | None = None,
) -> bytes:
    """The standard text of ``rule`` in ``lang`` and ``fmt`` as bytes (UTF-8 for text)."""
    _known_language(lang)
    if fmt not in ALL_FORMATS:
        raise RenderError(
            zh=f"不支持的格式“{fmt}”（可选：{', '.join(ALL_FORMATS)}）",
            en=f"unsupported format '{fmt}' (allowed: {', '.join(ALL_FORMATS)})",
            location=Location(path="--format"),
        )
    doc = _document(rule, lang, example, edition, result)
    if fmt == "docx":
        return docx.write(doc)
    if fmt == "pdf":
        return pdf.write(html.write(doc))
    text = html.write(doc) if fmt == "html" else markdown.write(doc)
    return text.encode("utf-8")


def body_html(
    rule: RuleStandard,
    lang: str,
    example: dict[str, object] | None = None,
    edition: Edition | None = None,
    result: ExampleResult | None = None,
) -> str:
    """The HTML text's body alone, to embed in a web page (its ids and content unchanged).

    Refused as :func:`render` refuses; the page that embeds it gives the styles.
    """
    return html.write_body(_document(rule, lang, example, edition, result))


def _document(
    rule: RuleStandard,
    lang: str,
    example: dict[str, object] | None,
    edition: Edition | None,
    result: ExampleResult | None,
) -> Document:
    """The document tree, once the language is known and the text can be rendered honestly."""
    _known_language(lang)
    chosen = edition or edition_of(rule)
    _refuse_what_cannot_be_rendered(rule, lang, chosen)  # type: ignore[arg-type]
    return build(rule, lang, chosen, example, result)  # type: ignore[arg-type]


def _known_language(lang: str) -> None:
    if lang not in LANGS:
        raise RenderError(
            zh=f"不支持的语言“{lang}”（可选：zh、en）",
            en=f"unsupported language '{lang}' (allowed: zh, en)",
            location=Location(path="--lang"),
        )


def _refuse_what_cannot_be_rendered(rule: RuleStandard, lang: Lang, edition: Edition) -> None:
    """Refuse, naming the field, a text that would come out blank or untrue.

    A published text needs its number and both dates; any text needs the rule's words in
    its language (a title and a scope), or it would be blank or in the other language.
    """
    if edition.stage == "published":
        for field, value in (
            ("identity.number", edition.number),
            ("identity.issue_date", edition.issue_date),
            ("identity.implementation_date", edition.implementation_date),
        ):
            if not value:
                raise RenderRefusedError(
                    zh=f"规则没有 {field}，不能生成已发布文本；请给出编号和日期，或选择征求意见稿等阶段",
                    en=f"the rule has no {field}: it cannot be rendered as published; give its "
                    "number and dates, or render a draft stage (--stage consultation)",
                    location=Location(path=field),
                )
    missing = missing_text(rule, lang)
    if missing is not None:
        raise RenderRefusedError(
            zh=f"规则没有 {missing} 的文字，不能生成该语言的文本",
            en=f"the rule has no text in {missing}: it cannot be rendered in that language",
            location=Location(path=missing),
        )


def missing_text(rule: RuleStandard, lang: Lang) -> str | None:
    """The first field a document in ``lang`` would show blank: the rule has no words there.

    The title, the scope and the name of every stage, unit process, activity item and
    parameter; a document in a language the rule does not speak is refused on it.
    """
    named: list[tuple[str, str]] = [
        ("identity.title", rule.identity.title.get(lang)),
        ("scope", rule.scope.get(lang)),
    ]
    for i, stage in enumerate(rule.boundary.stages):
        named.append((f"boundary.stages[{i}].name", stage.name.get(lang)))
        for j, process in enumerate(stage.processes):
            named.append((f"boundary.stages[{i}].processes[{j}].name", process.name.get(lang)))
    named += [
        (f"data_collection.items[{i}].name", item.name.get(lang))
        for i, item in enumerate(rule.data_collection.items)
    ]
    named += [
        (f"inventory.parameters[{i}].name", p.name.get(lang))
        for i, p in enumerate(rule.inventory.parameters)
    ]
    return next((f"{path}.{lang}" for path, text in named if not text.strip()), None)


def write_file(
    rule: RuleStandard,
    lang: str,
    fmt: str,
    path: Path,
    example: dict[str, object] | None = None,
    edition: Edition | None = None,
) -> Path:
    """Render and write atomically: the target is replaced only once the text is complete."""
    return write_bytes(path, render(rule, lang, fmt, example, edition), RenderError)
