"""The page language: Chinese by default, English on request (``?lang=en``, then a cookie)."""

from __future__ import annotations

from fastapi import Request

LANGS = ("zh", "en")
LANG_COOKIE = "pcfrules_lang"


def page_lang(request: Request) -> str:
    """The language of this request: the query's ``lang``, else the cookie's, else zh."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "zh"
    return asked if asked in LANGS else "zh"


def pick(lang: str, zh: str, en: str) -> str:
    """One of two texts by language."""
    return en if lang == "en" else zh
