"""The pen-holder in a real browser: toolbar and preview, insert after, reorder by dragging and by keyboard only,
the position's details; axe at 1280 and 375 px on the new pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import PEN, no_horizontal_overflow, shot, violations

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 800}


def _bodies(page) -> list[str]:
    return page.locator("#clauses > li.clause .clause-body").all_inner_texts()


def test_toolbar_and_live_preview(live_server, user_page):
    pos = live_server.position("Toolbar position")
    page = user_page(PEN)
    page.goto(f"/positions/{pos}/clauses/new")
    area = page.get_by_label("Text (Markdown)")
    area.fill("Belgium supports the assessment")
    area.evaluate("el => el.setSelectionRange(8, 16)")  # "supports"
    page.get_by_role("toolbar").get_by_role("button", name="Bold").click()
    expect(area).to_have_value("Belgium **supports** the assessment")
    expect(page.locator(".clause-preview strong")).to_have_text("supports")
    area.press("End")
    area.press_sequentially(" with ")
    page.get_by_role("button", name="[A] [B]").click()
    expect(area).to_have_value("Belgium **supports** the assessment with […] […]")
    expect(page.locator(".clause-preview")).to_contain_text("[…] […]")
    shot(page, "penholder-toolbar-preview")
    assert not violations(page)
    page.get_by_role("button", name="Add clause").click()
    expect(page.locator("#clauses .clause-body").last).to_contain_text("supports the assessment with")


def test_insert_after_a_clause(live_server, user_page):
    pos = live_server.position("Insert position")
    page = user_page(PEN)
    page.goto(f"/positions/{pos}")
    page.get_by_role("link", name="Actions clause 1.1").click()  # the clause's menu opens in place
    expect(page.get_by_role("link", name="Actions clause 1.1")).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Insert after clause 1.1").click()
    expect(page.get_by_text("It will come after clause 1.1.")).to_be_visible()
    page.get_by_label("Text (Markdown)").fill("Belgium also welcomes the budget.")
    page.get_by_role("button", name="Add clause").click()
    expect(page.locator("#clauses > li.clause .clause-body").nth(1)).to_have_text("Belgium also welcomes the budget.")


def test_keyboard_only_reordering(live_server, user_page):
    pos = live_server.position("Keyboard reorder position")
    page = user_page(PEN)
    page.goto(f"/positions/{pos}")
    before = _bodies(page)
    page.get_by_role("link", name="Actions clause 1.1").focus()
    page.keyboard.press("Enter")  # opens the clause's menu, the focus on its first action
    expect(page.get_by_role("link", name="History of clause 1.1")).to_be_focused()
    page.keyboard.press("Escape")  # closes it, the focus back on its link
    expect(page.get_by_role("link", name="Actions clause 1.1")).to_be_focused()
    expect(page.get_by_role("link", name="Move to… clause 1.1")).to_have_count(0)
    page.keyboard.press("Enter")
    for _ in range(4):  # Insert after, Up, Down, then Move to…
        page.keyboard.press("Tab")
        if page.get_by_role("link", name="Move to… clause 1.1").evaluate("el => el === document.activeElement"):
            break
    expect(page.get_by_role("link", name="Move to… clause 1.1")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/move")
    assert not violations(page)
    select = page.get_by_label("Put it after")
    select.focus()
    # Choose the last clause with the keyboard only, then send the form with Enter on the button.
    page.keyboard.press("End")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/positions/{pos}#clause-*")
    expect(page.locator(".alert-success")).to_contain_text("Clause moved.")
    assert _bodies(page) == [before[1], before[2], before[0]]


def test_drag_and_drop_reorders_without_reloading(live_server, user_page):
    pos = live_server.position("Drag position")
    page = user_page(PEN)
    page.goto(f"/positions/{pos}")
    page.evaluate("window.notReloaded = true")
    clauses = page.locator("#clauses > li.clause")
    before = _bodies(page)
    handle, last = clauses.nth(1).locator(".drag-handle"), clauses.nth(3)
    expect(handle).to_be_visible()
    box = last.bounding_box()
    # Headless Chromium does not deliver a mouse drag's dragover/drop to other elements: the same DOM
    # events, in the order a mouse drag sends them, dropped on the lower half of the last clause.
    transfer = page.evaluate_handle("new DataTransfer()")
    handle.dispatch_event("dragstart", {"dataTransfer": transfer})
    last.dispatch_event("dragover", {"dataTransfer": transfer, "clientY": box["y"] + box["height"] - 5})
    last.dispatch_event("drop", {"dataTransfer": transfer, "clientY": box["y"] + box["height"] - 5})
    handle.dispatch_event("dragend", {"dataTransfer": transfer})
    expect(clauses.nth(3).locator(".clause-body")).to_have_text(before[0])
    assert page.evaluate("window.notReloaded") is True
    expect(clauses.nth(3).locator(".clause-number")).to_have_text("1.3")
    page.reload()
    assert _bodies(page) == [before[1], before[2], before[0]]


def test_details_page_and_new_pages_pass_axe_at_desktop_and_phone_width(live_server, user_page):
    pos = live_server.position("Details position")
    uid = live_server.clause_uids(pos)[1]
    for name, viewport in (("desktop", {"width": 1280, "height": 800}), ("phone", PHONE)):
        page = user_page(PEN, viewport)
        for url in (f"/positions/{pos}/details", f"/positions/{pos}/clauses/{uid}/move", f"/positions/{pos}/clauses/new?after={uid}",
                    f"/positions/{pos}/comments", f"/positions/{pos}/clauses/{uid}/actions"):
            page.goto(url)
            assert not violations(page), (url, name)
            assert no_horizontal_overflow(page) <= 0, (url, name)
        page.goto(f"/positions/{pos}/details")
        shot(page, f"penholder-details-{name}")
    page.get_by_label("Meeting").fill("IPBES-13")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator(".alert-success")).to_contain_text("Details saved.")
    expect(page.locator("header")).to_contain_text("IPBES-13")


def test_the_navbar_folds_at_phone_width_and_history_does_not_scroll_sideways(live_server, user_page):
    pos = live_server.position("Narrow position")
    uid = live_server.clause_uids(pos)[2]
    phone = user_page(PEN, PHONE)
    phone.goto(f"/positions/{pos}")
    assert phone.locator("nav.navbar").bounding_box()["height"] <= 80
    expect(phone.get_by_role("button", name="Log out")).to_be_hidden()
    phone.get_by_text("Menu", exact=True).click()
    expect(phone.get_by_role("button", name="Log out")).to_be_visible()
    shot(phone, "penholder-navbar-phone-open", full_page=False)
    for url in (f"/positions/{pos}/history", f"/positions/{pos}/clauses/{uid}/history", f"/positions/{pos}/comments"):
        phone.goto(url)
        assert no_horizontal_overflow(phone) <= 0, url
    desktop = user_page(PEN)
    desktop.goto(f"/positions/{pos}")
    assert desktop.locator("nav.navbar").bounding_box()["height"] <= 70  # one line, whatever the areas
    desktop.get_by_text("Menu", exact=True).click()
    expect(desktop.get_by_role("button", name="Log out")).to_be_visible()
    assert desktop.locator("nav.navbar").bounding_box()["height"] <= 70  # the Menu opens as a panel over the page


def test_the_export_form_offers_only_possible_combinations(live_server, user_page):
    pos = live_server.position("Export form position")
    page = user_page(PEN)
    page.goto(f"/positions/{pos}/word")
    layout, comments, redline = page.get_by_label("Layout"), page.get_by_label("Include comments as Word comments"), page.locator("#export-redline")
    csv = page.locator("#export-format option[value=csv]")
    layout.select_option("position")
    expect(comments).to_be_enabled()
    expect(csv).to_be_disabled()
    comments.check()
    layout.select_option("brief")
    expect(comments).to_be_disabled()
    expect(comments).not_to_be_checked()
    expect(redline).to_be_disabled()
    layout.select_option("comments_table")
    expect(csv).to_be_enabled()
    assert not violations(page)


def test_the_lead_reads_the_changes_before_approving(live_server, user_page):
    from positions.models import Position
    from positions.services import approvals, drafting, editing, versions
    from tests.browser.support import LEAD

    pos = live_server.position("Approval position")

    def prepare(session):
        position = session.get(Position, pos)
        pen, lead = live_server.user(session, PEN), live_server.user(session, LEAD)
        approvals.decide(session, lead, position, versions.take_version(session, pen, position, "First"), "approve")
        clause = drafting.draft(session, position)[3]
        editing.edit_clause(session, pen, position, clause.uid, base_revision=clause.revision.id, kind=clause.revision.kind,
                            heading="", body="No weakening at all of the language on pesticide risk reduction.")
        versions.take_version(session, pen, position, "Second")

    live_server.run(prepare)
    for viewport in ({"width": 1280, "height": 800}, PHONE):
        page = user_page(LEAD, viewport)
        page.goto(f"/positions/{pos}/consultation")
        panel = page.locator(".approval-text")
        expect(panel).to_contain_text("the last version you approved: 1 clause changed")
        expect(panel.locator("ins").first).to_contain_text("at all")
        expect(page.locator("code.hash").last).to_be_hidden()
        page.locator(".hash-details summary").last.click()
        expect(page.locator("code.hash").last).to_be_visible()
        assert not violations(page)
        assert no_horizontal_overflow(page) <= 0
        shot(page, f"lead-approval-{viewport['width']}")
    page.get_by_role("button", name="Approve v2").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_a_clause_menu_moves_deletes_and_comments_at_desktop_and_phone_width(live_server, user_page):
    pos = live_server.position("Menu position")
    for name, viewport in (("desktop", {"width": 1280, "height": 800}), ("phone", PHONE)):
        page = user_page(PEN, viewport)
        page.goto(f"/positions/{pos}")
        shot(page, f"penholder-position-{name}")
        page.get_by_role("link", name="Actions clause 1.2").click()
        expect(page.get_by_role("button", name="Down clause 1.2")).to_be_enabled()
        assert not violations(page), name
        assert no_horizontal_overflow(page) <= 0, name
        shot(page, f"penholder-clause-menu-{name}", full_page=False)
        page.get_by_role("link", name="Actions clause 1.1").click()  # one menu open at a time
        expect(page.locator(".clause-menu-panel")).to_have_count(1)
        expect(page.get_by_role("button", name="Up clause 1.1")).to_be_enabled()
    page.get_by_role("link", name="Actions clause 1.1").click()  # closes it
    expect(page.locator(".clause-menu-panel")).to_have_count(0)
    before = _bodies(page)
    page.get_by_role("link", name="Actions clause 1.1").click()
    page.get_by_role("button", name="Down clause 1.1").click()
    expect(page.locator("#clauses > li.clause .clause-body").nth(1)).to_have_text(before[0])
    page.get_by_role("link", name="Actions clause 1.3").click()
    page.get_by_role("link", name="Comment clause 1.3").click()  # the comment form opens in the clause
    expect(page.locator("#clauses > li.clause").nth(3).locator("form.comment-form textarea[name=body]")).to_be_focused()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Actions clause 1.1").click()
    page.get_by_role("button", name="Delete clause 1.1").click()
    expect(page.locator(".alert-success")).to_contain_text("Clause deleted.")
    assert len(_bodies(page)) == len(before) - 1
