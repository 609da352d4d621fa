"""Officials in the browser: margin threads, words selected across bold, suggestion mode, endorsements; axe at 1280 and 375 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    BRUSSELS,
    DESKTOP,
    FLEMISH,
    PEN,
    WALLOON,
    no_horizontal_overflow,
    shot,
    violations,
)

pytestmark = pytest.mark.browser

ACTIVE = re.compile(r"\bactive\b")
PHONE = {"width": 375, "height": 740}
CLAUSES = [
    ("heading", "Assessments", ""),
    ("line_to_take", "", "Belgium **supports** the timely scoping of the nexus assessment."),
    ("text", "", "Belgium welcomes the work of the Task Force on knowledge and data."),
]


def drag_across(page, clause, first: str, last: str) -> None:
    """Press before `first` and release after `last`, which may sit in other text nodes (bold, italics)."""
    clause.locator(".clause-body").evaluate("body => body.scrollIntoView({block: 'center'})")  # not at an edge: no auto-scroll while dragging
    boxes = clause.locator(".clause-body").evaluate(
        """(body, words) => {
            const found = [];
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const [i, w] of words.entries()) {
                    const at = node.data.indexOf(w);
                    if (at < 0 || found[i]) continue;
                    const range = document.createRange();
                    range.setStart(node, at); range.setEnd(node, at + w.length);
                    found[i] = range.getBoundingClientRect().toJSON();
                }
            }
            return found;
        }""",
        [first, last],
    )
    start, end = boxes
    page.mouse.move(start["left"] + 1, start["top"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["right"] - 1, end["top"] + end["height"] / 2, steps=6)
    page.mouse.up()


@pytest.fixture(scope="module")
def position_url(live_server):
    return f"/positions/{live_server.position('Belgian position on the nexus assessment', clauses=CLAUSES)}"


def test_margin_comment_on_words_selected_across_bold(live_server, user_page, position_url):
    walloon = user_page(WALLOON)
    walloon.goto(position_url)
    walloon.wait_for_load_state("load")  # the selection script has run before the words are selected
    clause = walloon.locator(".clause").nth(1)
    drag_across(walloon, clause, "Belgium", "the timely")
    walloon.locator("#selection-comment").click()
    quote = clause.locator("input[name=quote]")
    expect(quote).to_have_value("Belgium **supports** the timely")
    clause.locator("textarea[name=body]").fill("Say when.")
    clause.get_by_role("button", name="Post").click()
    expect(walloon.locator(".alert-success")).to_contain_text("Comment posted for SPW-ARNE")
    clause = walloon.locator(".clause").nth(1)
    thread = clause.locator(".clause-margin li.comment").first
    expect(thread).to_contain_text("Say when.")
    marks = clause.locator(".clause-body mark.quote-mark")
    expect(marks).to_have_count(3)  # "Belgium ", "supports" (bold), " the timely"
    assert "".join(marks.all_inner_texts()).strip() == "Belgium supports the timely"
    marks.first.click()  # from the words to their thread…
    expect(thread).to_have_class(ACTIVE)
    walloon.locator(".clause").nth(2).locator(".clause-body").click()
    thread.locator(".quote-link").focus()  # …and back
    expect(marks.first).to_have_class(ACTIVE)
    body, side = clause.locator(".clause-body").bounding_box(), clause.locator(".clause-margin").bounding_box()
    assert side["x"] >= body["x"] + body["width"] - 1, (body, side)  # beside the clause on a wide screen
    shot(walloon, "margin-comments-desktop")
    walloon.set_viewport_size(PHONE)
    body, side = clause.locator(".clause-body").bounding_box(), clause.locator(".clause-margin").bounding_box()
    assert side["y"] >= body["y"] + body["height"] - 1, (body, side)  # below it on a phone
    assert no_horizontal_overflow(walloon) <= 0
    shot(walloon, "margin-comments-phone")
    walloon.set_viewport_size(DESKTOP)


def test_suggestion_mode_then_accept_all_of_one_administration(live_server, user_page, position_url):
    flemish = user_page(FLEMISH)
    flemish.goto(position_url)
    clause = flemish.locator(".clause").nth(2)
    clause.locator("a.clause-menu").click()  # the clause's Actions menu: history, follow, suggest changes
    clause.get_by_role("link", name="Suggest changes").click()
    text = clause.locator("textarea[name=body]")
    expect(text).to_have_value(CLAUSES[2][2])
    text.fill("Belgium warmly welcomes the work of the Task Force on indigenous and local knowledge.")
    clause.get_by_role("button", name="Suggest these changes").click()
    expect(flemish.locator(".alert-success")).to_contain_text("3 amendments suggested for VL-OMG")
    clause = flemish.locator(".clause").nth(2)
    expect(clause.locator(".amendment ins").first).to_contain_text("warmly")
    expect(clause.locator(".amendment del")).to_contain_text(["knowledge", "data"])
    shot(flemish, "suggestion-mode")

    brussels = user_page(BRUSSELS)  # another administration supports one of them with one click
    brussels.goto(position_url)
    thread = brussels.locator(".clause").nth(2).locator("li.comment").first
    thread.get_by_role("button", name="Endorse for BXL-ENV").click()
    thread = brussels.locator(".clause").nth(2).locator("li.comment").first
    expect(thread.locator(".endorse-badge")).to_have_text(["BXL-ENV"])

    pen = user_page(PEN)
    pen.goto(position_url)
    pen.locator(".clause").nth(2).get_by_role("button", name="Accept all of VL-OMG").first.click()
    expect(pen.locator(".alert-success")).to_contain_text("3 amendments of VL-OMG accepted")
    expect(pen.locator(".clause").nth(2).locator(".clause-body")).to_have_text(
        "Belgium warmly welcomes the work of the Task Force on indigenous and local knowledge.")


def test_no_serious_axe_violations_on_the_margin_pages_at_1280_and_375(live_server, user_page, position_url):
    uid = live_server.clause_uids(int(position_url.rsplit("/", 1)[1]))[1]
    brussels = user_page(BRUSSELS)
    problems = {}
    for name, path in [("position-margin", position_url), ("clause-threads", f"{position_url}/clauses/{uid}/threads"),
                       ("suggest", f"{position_url}/clauses/{uid}/suggest")]:
        brussels.goto(path)
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            brussels.set_viewport_size(size)
            found = violations(brussels)
            if found:
                problems[f"{name} @ {label}"] = found
            shot(brussels, f"{label}-{name}")
        brussels.set_viewport_size(DESKTOP)
    assert problems == {}


def test_a_reader_follows_a_clause_from_its_actions_menu(live_server, user_page, position_url):
    walloon = user_page(WALLOON)
    walloon.goto(position_url)
    clause = walloon.locator(".clause").nth(1)
    menu = clause.locator("a.clause-menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(clause.get_by_role("button", name="Unfollow")).to_have_count(0)
    clause.get_by_role("button", name="Follow").click()
    expect(walloon.locator(".alert-success")).to_contain_text("You follow this now")
    clause = walloon.locator(".clause").nth(1)
    expect(clause).to_have_attribute("data-followed", "")
    clause.locator("a.clause-menu").click()
    expect(clause.get_by_role("button", name="Follow", exact=True)).to_have_count(0)
    clause.get_by_role("button", name="Unfollow").click()
    expect(walloon.locator(".alert-success")).to_contain_text("You no longer follow this.")
    walloon.keyboard.press("Escape")
