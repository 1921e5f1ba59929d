"""The front page and sign-in in a real browser: the session cookie survives on loopback."""

from __future__ import annotations

import pytest

from tests.web.conftest import Live
from tests.web.live import shot

pytestmark = pytest.mark.browser


def test_a_person_signs_in_and_sees_their_name(live: Live) -> None:
    tab = live.page("cement")
    tab.goto("/")
    assert tab.locator("header .person").inner_text() == live.account("cement").person
    shot(tab, "home", live.shots)
    tab.context.close()


def test_the_english_switch_keeps_its_language_across_pages(live: Live) -> None:
    tab = live.page(lang="en")
    tab.goto("/login")
    assert tab.locator("html").get_attribute("lang") == "en"
    tab.context.close()
