"""Unsaved text kept in the browser belongs to the user who typed it: never offered to the next user of the tab."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import BRUSSELS, WALLOON, login

pytestmark = pytest.mark.browser

REMARK = "SPW thinks the Flemish wording goes too far; keep this between us."
DRAFTS = "Object.keys(sessionStorage).filter((key) => key.startsWith('plenipo-draft:'))"


@pytest.fixture
def tab(browser, browser_context_args):
    """One browser tab that several people use in turn."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _open_comment_form(page, position_id: int, uid: str):
    page.goto(f"/positions/{position_id}")
    clause = page.locator(f"#clause-{uid}")
    clause.locator("a.add-comment").first.click()
    expect(clause.locator("textarea[name=body]")).to_be_visible()
    return clause


def test_logging_out_forgets_the_drafts_so_the_next_user_is_offered_nothing(live_server, tab):
    position_id = live_server.position("Shared browser, logout")
    uid = live_server.clause_uids(position_id)[1]
    login(tab, WALLOON)
    clause = _open_comment_form(tab, position_id, uid)
    clause.locator("textarea[name=body]").fill(REMARK)
    assert REMARK in tab.evaluate("JSON.stringify(Object.values(sessionStorage))")
    tab.get_by_text("Menu", exact=True).click()
    tab.get_by_role("button", name="Log out").click()
    expect(tab.get_by_text("You are logged out.")).to_be_visible()
    assert tab.evaluate(DRAFTS) == []

    login(tab, BRUSSELS)
    clause = _open_comment_form(tab, position_id, uid)
    expect(clause.locator("textarea[name=body]")).to_have_value("")
    expect(tab.locator(".draft-restore")).to_have_count(0)
    assert REMARK not in tab.content()


def test_a_draft_left_by_an_expired_session_is_offered_to_its_author_only(live_server, tab):
    position_id = live_server.position("Shared browser, expired session")
    uid = live_server.clause_uids(position_id)[1]
    login(tab, WALLOON)
    clause = _open_comment_form(tab, position_id, uid)
    clause.locator("textarea[name=body]").fill(REMARK)
    tab.context.clear_cookies()  # SPW's session expires; the text stays in this tab for SPW
    clause.get_by_role("button", name="Post").click()
    expect(tab.locator(".kept-text").get_by_role("textbox", name="Text")).to_have_value(REMARK)

    login(tab, BRUSSELS)  # someone else takes the tab without logging SPW out
    clause = _open_comment_form(tab, position_id, uid)
    expect(clause.locator("textarea[name=body]")).to_have_value("")
    expect(tab.locator(".draft-restore")).to_have_count(0)
    tab.context.clear_cookies()

    login(tab, WALLOON)  # SPW comes back: their text is offered to them
    clause = _open_comment_form(tab, position_id, uid)
    clause.locator(".draft-restore").get_by_role("button", name="Restore the text").click()
    expect(clause.locator("textarea[name=body]")).to_have_value(REMARK)
