"""Links into the standard text: clause ids, every field's place, the body to embed in a page."""

from __future__ import annotations

import re
from typing import Any

from pcfrules.rules import catalog
from pcfrules.rules.catalog import rule_file
from pcfrules.rules.loader import read_yaml, to_plain, validate_rule
from pcfrules.rules.render import anchor_of, body_html, clause_id, render

IDS = re.compile(r'\sid="([^"]+)"')


def _paths(node: Any, path: str = "") -> list[str]:
    """Every field path of a rule's JSON, as comments and diffs name them."""
    if isinstance(node, dict):
        return [
            path,
            *(p for k, v in node.items() for p in _paths(v, f"{path}.{k}" if path else k)),
        ]
    if isinstance(node, list):
        keyed = all(isinstance(x, dict) and "id" in x for x in node)
        return [
            path,
            *(
                p
                for i, x in enumerate(node)
                for p in _paths(x, f"{path}[{x['id'] if keyed else i}]")
            ),
        ]
    return [path]


def test_clauses_carry_ids_the_contents_link_to() -> None:
    html = render(catalog.load("cement"), "zh", "html").decode()
    assert clause_id("5.2") == "clause-5.2"
    for number in ("1", "5.2", "5.4", "6.5", "10"):  # the 目次 links to two levels
        assert f'<section id="clause-{number}">' in html and f'href="#clause-{number}"' in html
    assert '<section id="clause-7.3.1">' in html
    assert 'id="cover"' in html and 'id="foreword"' in html and 'id="annex-A"' in html


def test_every_field_of_a_rule_points_at_an_id_of_its_text() -> None:
    rule = catalog.load("cement")
    ids = set(IDS.findall(render(rule, "en", "html").decode()))
    paths = [p for p in _paths(rule.model_dump(mode="json")) if p]
    assert len(paths) > 200
    missing = {p: anchor_of(p, rule) for p in paths if anchor_of(p, rule) not in ids}
    assert missing == {}
    assert anchor_of("boundary.cut_off") == "clause-5.4"
    assert anchor_of("boundary.cut_off.cumulative_percent") == "clause-5.4"
    assert anchor_of("boundary.stages[clinker].processes") == "clause-5.3"
    assert anchor_of("inventory.parameters[clinker_ratio]") == "clause-7"
    assert anchor_of("unit") == "clause-5.2" and anchor_of("identity.title") == "cover"
    assert anchor_of("annexes[B]") == "annex-B"
    assert anchor_of("annexes[0]", rule) == f"annex-{rule.annexes[0].id}"
    assert anchor_of("no_such_field") == "cover"


def test_the_body_to_embed_has_the_text_and_ids_but_no_page_or_styles() -> None:
    rule = catalog.load("cement")
    body = body_html(rule, "zh")
    full = render(rule, "zh", "html").decode()
    assert "<style" not in body and "<html" not in body and "<body" not in body
    assert body.strip() in full
    assert set(IDS.findall(body)) == set(IDS.findall(full))


def test_text_a_drafter_typed_is_escaped_in_the_embedded_body() -> None:
    """The platform embeds ``body_html`` as it is: markup in a rule's text stays text."""
    data = to_plain(read_yaml(rule_file("cement")))
    data["scope"]["zh"] = "<script>alert(1)</script> 本文件规定了水泥碳足迹的量化方法。"
    body = body_html(validate_rule(data), "zh")
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 本文件规定了水泥碳足迹的量化方法。" in body
