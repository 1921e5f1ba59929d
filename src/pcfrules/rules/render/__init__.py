"""Rendering a rule as a standard text drafted to GB/T 1.1-2020 (HTML, Markdown, DOCX).

``document.build`` turns the rule into a format-neutral tree of numbered clauses; each
writer walks that tree. It must not compute footprints: the worked-example annex shows
the example's inputs only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from pcfrules.errors import Location, RenderError
from pcfrules.files import write_bytes
from pcfrules.rules.model import Lang, RuleStandard
from pcfrules.rules.render import docx, html, markdown
from pcfrules.rules.render.document import Document, build

Format = Literal["html", "md", "docx"]
FORMATS: tuple[str, ...] = get_args(Format)
LANGS: tuple[str, ...] = get_args(Lang)

__all__ = ["FORMATS", "LANGS", "Document", "build", "render", "write_file"]


def render(
    rule: RuleStandard, lang: str, fmt: str, example: dict[str, object] | None = None
) -> bytes:
    """The standard text of ``rule`` in ``lang`` and ``fmt`` as bytes (UTF-8 for text)."""
    if lang not in LANGS:
        raise RenderError(
            zh=f"不支持的语言“{lang}”（可选：zh、en）",
            en=f"unsupported language '{lang}' (allowed: zh, en)",
            location=Location(path="--lang"),
        )
    if fmt not in FORMATS:
        raise RenderError(
            zh=f"不支持的格式“{fmt}”（可选：{', '.join(FORMATS)}）",
            en=f"unsupported format '{fmt}' (allowed: {', '.join(FORMATS)})",
            location=Location(path="--format"),
        )
    doc = build(rule, lang, example)  # type: ignore[arg-type]
    if fmt == "docx":
        return docx.write(doc)
    text = html.write(doc) if fmt == "html" else markdown.write(doc)
    return text.encode("utf-8")


def write_file(
    rule: RuleStandard, lang: str, fmt: str, path: Path, example: dict[str, object] | None = None
) -> Path:
    """Render and write atomically: the target is replaced only once the text is complete."""
    return write_bytes(path, render(rule, lang, fmt, example), RenderError)
