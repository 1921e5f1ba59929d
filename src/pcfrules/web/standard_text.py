"""A standard's text inside a page: what ``rules.render`` writes, without its own page around it.

The renderer writes a whole HTML document (its head, its inline print styles); a page shows
only its body, the ``<main>`` of which becomes a ``div`` and the cover's ``<h1>`` a paragraph
(a page has one ``main`` and one title, its own). The renderer escapes every text of the
rule, so what it writes may be embedded as it is. A rule without words in the page's
language is shown in the other one, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from pcfrules.errors import RenderRefusedError
from pcfrules.rules.model import Lang, RuleStandard
from pcfrules.rules.render import Edition, build, render
from pcfrules.rules.render.clauses import ClauseRef, clause_refs
from pcfrules.rules.render.document import Stage


@dataclass(frozen=True)
class ShownText:
    """The text as a page embeds it, the language it is in, and its clauses."""

    html: Markup
    lang: str
    clauses: list[ClauseRef]


def draft_text(rule: RuleStandard, lang: str, stage: Stage, completed: date) -> ShownText:
    """The draft of ``rule`` at ``stage`` (consultation, review …) finished ``completed``."""
    edition = Edition(stage, completed=completed)
    order: tuple[Lang, Lang] = ("en", "zh") if lang == "en" else ("zh", "en")
    for chosen in order:
        try:
            written = render(rule, chosen, "html", edition=edition).decode("utf-8")
        except RenderRefusedError:
            continue
        body = written.split("<body>", 1)[1].rsplit("</body>", 1)[0]
        body = body.replace("<main>", '<div class="text-body">').replace("</main>", "</div>")
        body = body.replace("<h1>", '<p class="doc-title">').replace("</h1>", "</p>")
        doc = build(rule, chosen, edition)
        return ShownText(Markup(body), chosen, clause_refs(doc))
    raise RenderRefusedError(
        zh="该标准文本缺少中英文内容，无法显示", en="the text has words in neither language"
    )
