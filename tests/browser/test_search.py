"""Search from the navbar in a real browser: "/" focuses the box, Enter searches, a hit leads to the clause."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import FLEMISH, shot

pytestmark = pytest.mark.browser

CLAUSES = [("line_to_take", "", "Belgium welcomes the négociations on the pollinator indicators."),
           ("text", "", "De verplichtingen van de lidstaten blijven ongewijzigd.")]


def test_search_from_the_navbar_with_the_slash_shortcut(live_server, user_page):
    position_id = live_server.position("Pollinator indicators", clauses=CLAUSES)
    page = user_page(FLEMISH)
    page.goto(f"/positions/{position_id}")
    page.wait_for_load_state("load")  # the deferred scripts, the shortcut's among them, have run
    page.locator("main h1").click()  # focus outside any field
    page.keyboard.press("/")
    box = page.locator("#navbar-search")
    expect(box).to_be_focused()
    box.fill("verplichting")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=verplichting"))
    group = page.locator(".search-group", has_text="Pollinator indicators")
    expect(group.locator("mark")).to_have_text("verplichtingen")
    shot(page, "search-results")
    group.locator(".search-hit a").first.click()
    expect(page).to_have_url(re.compile(rf"/positions/{position_id}#clause-"))
    page.locator("#position-search").fill("négociation")
    page.locator("#position-search").press("Enter")
    expect(page.locator(".search-hit")).to_have_count(1)
    expect(page.locator(".search-hit mark")).to_have_text("négociations")
