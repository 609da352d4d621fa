"""Live position page in two real browsers: changes by others appear without reload, the open editor is warned, presence."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from positions.actors import SYSTEM
from positions.models import Position
from positions.services import accounts, drafting, editing
from tests.browser.support import PEN, WALLOON

pytestmark = pytest.mark.browser


def _second_pen_holder(live_server):
    """Another person of the pen-holder's team, who saves through the same services as the web."""

    def make(session):
        found = live_server.user(session, "second.pen@plenipo.demo")
        return (found or accounts.create_user(session, SYSTEM, email="second.pen@plenipo.demo", name="Chloé Dubois",
                                              administration_code="BBPF", role="pen_holder", password="a long demo password")).id

    return live_server.run(make)


def _connected(page) -> None:
    expect(page.locator("#live[data-connected='1']")).to_have_count(1)


def test_two_browsers_see_each_other_and_the_changes(live_server, user_page):
    position_id = live_server.position("Live page")
    uids = live_server.clause_uids(position_id)
    second_id = _second_pen_holder(live_server)
    walloon = user_page(WALLOON)
    pen = user_page(PEN)
    walloon.goto(f"/positions/{position_id}")
    _connected(walloon)
    pen.goto(f"/positions/{position_id}")
    _connected(pen)

    # Presence: each sees the other, and what the pen-holder is editing, by the clause's number.
    expect(pen.locator("#live .live-presence")).to_contain_text("(SPW-ARNE) is viewing")
    expect(walloon.locator("#live .live-presence")).to_contain_text("(BBPF) is viewing")
    clause = pen.locator(f"#clause-{uids[1]}")
    clause.locator("a.edit-clause").click()
    expect(clause.locator("textarea[name=body]")).to_be_visible()
    number = walloon.locator(f"#clause-{uids[1]} .clause-number").inner_text().strip()
    expect(walloon.locator("#live .live-presence")).to_contain_text(f"(BBPF) is editing {number}")

    # Someone else saves the clause the pen-holder has open: the editor says so before they save.
    def save_elsewhere(session):
        pos = session.get(Position, position_id)
        head = next(c for c in drafting.draft(session, pos) if c.uid == uids[1])
        editing.edit_clause(session, session.get(type(live_server.user(session, PEN)), second_id), pos, uids[1],
                            base_revision=head.revision.id, body="Belgium warmly welcomes the assessment (saved elsewhere).")

    live_server.run(save_elsewhere)
    expect(clause.locator(".live-stale")).to_contain_text("Chloé Dubois (BBPF) saved this clause while you were editing it")
    expect(clause.locator("textarea[name=body]")).to_be_visible()  # the typing is not pulled away
    # The reader's page shows the new text without reload, highlighted.
    walloon_clause = walloon.locator(f"#clause-{uids[1]}")
    expect(walloon_clause.locator(".clause-body")).to_contain_text("saved elsewhere")
    assert "live-changed" in walloon_clause.get_attribute("class")

    # A comment the official posts through the page (a writing request) appears on the pen-holder's page without reload.
    target = walloon.locator(f"#clause-{uids[2]}")
    target.locator("a.add-comment").first.click()
    target.locator("textarea[name=body]").fill("Which national plans are meant?")
    target.get_by_role("button", name="Post").click()
    expect(walloon.locator(".alert-success")).to_be_visible()
    expect(pen.locator(f"#clause-{uids[2]}")).to_contain_text("Which national plans are meant?")
    expect(pen.locator("#live .live-status")).to_contain_text("Updated by")


def test_without_javascript_the_page_works_and_shows_no_live_panel(live_server, browser, browser_context_args):
    from tests.browser.support import login

    position_id = live_server.position("Live page without scripts")
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, WALLOON)
        page.goto(f"/positions/{position_id}")
        expect(page.locator("#clauses .clause").first).to_be_visible()
        expect(page.locator("#live")).to_be_hidden()
    finally:
        context.close()
