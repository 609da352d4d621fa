"""Bad input in a real browser: double submits, a session that expires mid-edit, a stale page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from positions.models import Comment, Event
from tests.browser.support import FLEMISH, PEN, deadline, login, shot

pytestmark = pytest.mark.browser

LONG_EDIT = (
    "Belgium supports using the assessment in national action plans, and asks the secretariat to make the "
    "summary for policymakers available in all six UN languages before the plenary. " * 3
).strip()


def comments_on(live_server, position_id: int) -> int:
    return live_server.run(lambda s: s.scalar(select(func.count()).select_from(Comment).where(Comment.position_id == position_id)))


def transitions_fired(live_server, position_id: int) -> int:
    return live_server.run(lambda s: s.scalar(
        select(func.count()).select_from(Event).where(Event.position_id == position_id, Event.verb == "transition.fired")))


def test_double_clicks_and_double_enters_create_one_comment_and_fire_one_step(live_server, user_page):
    position_id = live_server.position("Double submit check")
    url = f"/positions/{position_id}"
    pen = user_page(PEN)
    pen.goto(url)
    submit = pen.locator("#step-submit")
    submit.get_by_label("Consultation deadline").fill(deadline())
    note = submit.get_by_label("Note (optional)")
    note.fill("Enter twice")
    note.focus()
    pen.keyboard.press("Enter")
    pen.keyboard.press("Enter")
    expect(pen.locator(".workflow-stage")).to_have_text("Belgian consultation")
    assert transitions_fired(live_server, position_id) == 1
    pen.locator("#step-revise button").dblclick()
    expect(pen.locator(".alert-success")).to_contain_text("Done: the position is now at the stage")
    expect(pen.locator(".workflow-stage")).to_have_text("Belgian draft")
    expect(pen.locator(".alert-danger")).to_have_count(0)
    assert transitions_fired(live_server, position_id) == 2
    submit.get_by_label("Consultation deadline").fill(deadline())
    submit.get_by_role("button").click()
    expect(pen.locator(".workflow-stage")).to_have_text("Belgian consultation")

    flemish = user_page(FLEMISH)
    flemish.goto(url)
    target = flemish.locator("li.clause").nth(1)
    target.locator("a.add-comment").first.click()
    form = target.locator("form.comment-form")
    form.locator("textarea[name=body]").fill("Posted with a double click.")
    form.get_by_role("button", name="Post").dblclick()
    expect(flemish.locator(".alert-success")).to_contain_text("Comment posted")
    assert comments_on(live_server, position_id) == 1

    flemish.wait_for_load_state()  # the page's script is ready: the link opens the form in place
    target = flemish.locator("li.clause").nth(2)
    target.locator("a.add-comment").first.click()
    form = target.locator("form.comment-form")
    form.locator("textarea[name=body]").fill("Posted with Enter twice.")
    quote = form.locator("input.comment-quote")
    quote.fill("action plans")
    quote.focus()
    flemish.keyboard.press("Enter")
    flemish.keyboard.press("Enter")
    expect(flemish.locator(".alert-success")).to_contain_text("Comment posted")
    assert comments_on(live_server, position_id) == 2


def test_an_expired_session_mid_edit_loses_nothing(live_server, user_page):
    position_id = live_server.position("Expired session check")
    uid = live_server.clause_uids(position_id)[2]
    pen = user_page(PEN)
    pen.goto(f"/positions/{position_id}")
    clause = pen.locator(f"#clause-{uid}")
    clause.locator("a.edit-clause").click()
    editor = clause.locator(".clause-editor textarea[name=body]")
    editor.fill("")
    editor.press_sequentially(LONG_EDIT[:60])
    editor.fill(LONG_EDIT)  # the rest at once: a long edit, typed
    pen.context.clear_cookies()  # the session is gone (expired, or logged out elsewhere)
    clause.get_by_role("button", name="Save").click()

    expect(pen.get_by_role("heading", name="Your session has expired: log in again")).to_be_visible()
    expect(pen.locator(".kept-text").get_by_role("textbox", name="Text")).to_have_value(LONG_EDIT)
    shot(pen, "bad-input-session-expired")
    pen.locator("#login-again").click()
    pen.get_by_label("Email").fill(PEN)
    pen.get_by_label("Password").fill("plenipo-demo")
    pen.get_by_role("button", name="Log in").click()

    # Back on the clause's edit form, with an offer to restore the typed text.
    pen.wait_for_url(f"**/positions/{position_id}/clauses/{uid}/edit")
    notice = pen.locator(".draft-restore")
    expect(notice).to_be_visible()
    shot(pen, "bad-input-restore-offer")
    notice.get_by_role("button", name="Restore the text").click()
    expect(pen.locator("textarea[name=body]")).to_have_value(LONG_EDIT)
    pen.get_by_role("button", name="Save").click()
    expect(pen.locator(".alert-success")).to_contain_text("Saved.")
    expect(pen.locator(f"#clause-{uid} .clause-body")).to_contain_text(LONG_EDIT[:80])
    # Saved: the kept copy is forgotten, so reopening the form offers nothing.
    pen.goto(f"/positions/{position_id}/clauses/{uid}/edit")
    expect(pen.locator("textarea[name=body]")).to_have_value(LONG_EDIT)
    expect(pen.locator(".draft-restore")).to_have_count(0)


def test_a_comment_typed_before_the_session_expired_is_offered_back(live_server, user_page):
    position_id = live_server.position("Expired session comment check")
    uid = live_server.clause_uids(position_id)[1]
    flemish = user_page(FLEMISH)
    url = f"/positions/{position_id}"
    flemish.goto(url)
    clause = flemish.locator(f"#clause-{uid}")
    clause.locator("a.add-comment").first.click()
    clause.locator("textarea[name=body]").fill("A long remark that must survive the expired session.")
    flemish.context.clear_cookies()
    clause.get_by_role("button", name="Post").click()
    expect(flemish.locator(".kept-text").get_by_role("textbox", name="Text")).to_have_value("A long remark that must survive the expired session.")
    flemish.locator("#login-again").click()
    login_form_page = flemish
    login_form_page.get_by_label("Email").fill(FLEMISH)
    login_form_page.get_by_label("Password").fill("plenipo-demo")
    login_form_page.get_by_role("button", name="Log in").click()
    flemish.wait_for_url(f"**{url}")
    clause.locator("a.add-comment").first.click()
    clause.locator(".draft-restore").get_by_role("button", name="Restore the text").click()
    expect(clause.locator("textarea[name=body]")).to_have_value("A long remark that must survive the expired session.")
    clause.get_by_role("button", name="Post").click()
    expect(flemish.locator(".alert-success")).to_contain_text("Comment posted")
    assert comments_on(live_server, position_id) == 1


def test_a_stale_page_shows_the_conflict_view_which_works_by_keyboard(live_server, browser, browser_context_args):
    position_id = live_server.position("Stale page check")
    uid = live_server.clause_uids(position_id)[2]
    edit = f"/positions/{position_id}/clauses/{uid}/edit"
    pages = []
    for _ in range(2):
        context = browser.new_context(**browser_context_args)
        page = context.new_page()
        page.set_default_timeout(10_000)
        login(page, PEN)
        page.goto(edit)
        pages.append(page)
    first, second = pages
    try:
        first.locator("textarea[name=body]").fill("Belgium supports using the assessment in regional action plans.")
        first.get_by_role("button", name="Save").click()
        expect(first.locator(".alert-success")).to_contain_text("Saved.")

        second.locator("textarea[name=body]").fill("Belgium supports using the assessment in federal action plans.")
        second.get_by_role("button", name="Save").click()
        expect(second.get_by_role("heading", name="Someone else changed the same words")).to_be_visible()
        shot(second, "bad-input-conflict")

        # Keyboard only: Tab to the text to save, combine, Tab to the save button, Enter.
        for _ in range(60):
            second.keyboard.press("Tab")
            if second.evaluate("document.activeElement.id") == "conflict-body":
                break
        else:
            raise AssertionError("the conflict text area cannot be reached with Tab")
        second.keyboard.press("Control+A")
        second.keyboard.type("Belgium supports using the assessment in federal and regional action plans.")
        second.keyboard.press("Tab")
        assert second.evaluate("document.activeElement.textContent.trim()") == "Save this text over theirs"
        second.keyboard.press("Enter")
        expect(second.locator(".alert-success")).to_contain_text("Saved.")
        expect(second.locator(f"#clause-{uid} .clause-body")).to_have_text(
            "Belgium supports using the assessment in federal and regional action plans.")
    finally:
        for page in pages:
            page.context.close()
