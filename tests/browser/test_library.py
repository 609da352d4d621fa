"""Agreed wording from the library, inserted from the clause editor, keeps a visible link to its source."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import PEN, login, shot

pytestmark = pytest.mark.browser

ILK = "indigenous and local knowledge across all deliverables"


def test_insert_from_the_editor_into_the_clause_being_edited(live_server, user_page):
    position_id = live_server.position("Library insert, into a clause")
    uid = live_server.clause_uids(position_id)[1]
    page = user_page(PEN)
    page.goto(f"/positions/{position_id}")
    clause = page.locator(f"#clause-{uid}")
    clause.get_by_role("link", name="Edit").click()
    picker = clause.locator(".library-picker")
    picker.locator("summary").click()
    picker.get_by_role("textbox", name="Words to find in the library").fill("indigenous")
    picker.get_by_role("button", name="Find wording").click()
    expect(page.get_by_text("Choose wording to add to the clause you are editing")).to_be_visible()
    entry = page.locator(".library-entries li", has_text=ILK).first
    shot(page, "library-picker")
    entry.get_by_role("button", name="Insert into the clause").click()
    expect(page.get_by_text("The wording was added to the clause")).to_be_visible()
    clause = page.locator(f"#clause-{uid}")
    expect(clause.locator(".clause-body")).to_contain_text(ILK)
    expect(clause.locator(".clause-source")).to_contain_text("WK 12345/2024, para. 7")
    clause.locator(".clause-source a").click()
    expect(page.locator(".used-in")).to_contain_text("Library insert, into a clause")


def test_insert_as_a_new_clause_without_javascript(live_server, browser, browser_context_args):
    position_id = live_server.position("Library insert, no JavaScript")
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        login(page, PEN)
        page.goto(f"/positions/{position_id}")
        adding = page.locator("section[aria-labelledby=add-h]")
        adding.locator(".library-picker summary").click()
        adding.get_by_role("textbox", name="Words to find in the library").fill("trust fund")
        adding.get_by_role("button", name="Find wording").click()
        entry = page.locator(".library-entries li", has_text="trust fund").first
        entry.get_by_role("combobox", name="Kind").select_option("line_to_take")
        entry.get_by_role("button", name="Insert as a new clause").click()
        expect(page.get_by_text("The wording was added as a new clause")).to_be_visible()
        last = page.locator("#clauses > li.clause").last
        expect(last).to_contain_text("contribute to the trust fund")
        expect(last.locator(".kind-badge")).to_have_text("Line to take")
        expect(last.locator(".clause-source")).to_contain_text("IPBES-10/3, para. 2")
    finally:
        context.close()
