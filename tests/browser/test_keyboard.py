"""Keyboard-only use: every control reachable with Tab, focus always visible, real actions without a mouse.

Also: colour is never the only signal (consent states carry a symbol and words; diffs carry
decoration and screen-reader words).
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.support import FLEMISH, PEN, deadline

pytestmark = pytest.mark.browser

MARK_STOPS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    const folded = el.closest('details:not([open])') && !el.closest('summary');  // inside a closed <details>: not a stop
    return !folded && (box.width > 0 || box.height > 0) && getComputedStyle(el).visibility !== 'hidden';
  };
  const stops = Array.from(document.querySelectorAll(selector))
    .filter((el) => !el.disabled && !el.closest('fieldset[disabled]') && shown(el));
  const groups = {};
  let count = 0;
  for (const el of stops) {
    if (el.type === 'radio') {  // a radio group is one Tab stop; arrows move inside it
      if (!(el.name in groups)) groups[el.name] = count++;
      el.dataset.kb = groups[el.name];
    } else {
      el.dataset.kb = count++;
    }
  }
  return {count, names: stops.map((el) => el.outerHTML.slice(0, 90))};
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {kb: el.dataset.kb ?? null, visible: Boolean(outline || shadow), focusVisible: el.matches(':focus-visible') || el.matches(':focus-within'),
          html: el.outerHTML.slice(0, 90)};
}"""


def tab_through(page) -> None:
    """Tab from the top of the page to the end: every control is reached, each with a visible focus."""
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    page.locator("body").focus()
    stops = page.evaluate(MARK_STOPS)
    reached: set[int] = set()
    invisible: list[str] = []
    for _ in range(stops["count"] + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        if focused["kb"] is not None:
            reached.add(int(focused["kb"]))
        if not (focused["visible"] and focused["focusVisible"]):
            invisible.append(focused["html"])
    missing = [stops["names"][i] for i in range(stops["count"]) if i not in reached]
    assert not missing, f"{page.url}: not reachable with Tab: {missing}"
    assert not invisible, f"{page.url}: focus not visible on {invisible}"


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching selector has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab on {page.url}")


def focused_matches(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def test_every_control_is_reachable_and_shows_its_focus(live_server, user_page):
    position_id = live_server.position("Keyboard reach check")
    url = f"/positions/{position_id}"
    pen = user_page(PEN)
    pen.goto(url)
    tab_through(pen)
    pen.goto(f"{url}/consultation")
    tab_through(pen)
    flemish = user_page(FLEMISH)
    flemish.goto(url)
    tab_through(flemish)


def test_the_day_by_keyboard_alone(live_server, user_page):
    position_id = live_server.position("Keyboard only check")
    uids = live_server.clause_uids(position_id)
    url = f"/positions/{position_id}"
    pen = user_page(PEN)
    pen.goto(url)

    # Edit a clause in place and save.
    tab_to(pen, f"#clause-{uids[1]} a.edit-clause")
    pen.keyboard.press("Enter")
    expect(pen.locator(f"#clause-{uids[1]} textarea[name=body]")).to_be_focused()
    pen.keyboard.press("Control+A")
    pen.keyboard.type("Belgium welcomes the assessment, typed without a mouse.")
    tab_to(pen, f"#clause-{uids[1]} button[type=submit]", limit=3)
    pen.keyboard.press("Enter")
    expect(pen.locator(".alert-success")).to_contain_text("Saved.")
    expect(pen.locator(f"#clause-{uids[1]} .clause-body")).to_have_text("Belgium welcomes the assessment, typed without a mouse.")

    # Fire a workflow transition: the deadline is typed in the date field, Enter sends.
    tab_to(pen, "#deadline-submit")
    day = date.fromisoformat(deadline())
    pen.keyboard.type(f"{day:%m%d%Y}")
    tab_to(pen, "#note-submit", limit=4)  # Tab also walks the date's month, day and year parts
    pen.keyboard.type("Sent by keyboard")
    pen.keyboard.press("Enter")
    expect(pen.locator(".workflow-stage")).to_have_text("Belgian consultation")

    # An official comments on words typed in the quote field, then replies in the thread.
    flemish = user_page(FLEMISH)
    flemish.goto(url)
    tab_to(flemish, f"#clause-{uids[2]} a.add-comment")
    flemish.keyboard.press("Enter")
    expect(flemish.locator(f"#clause-{uids[2]} textarea[name=body]")).to_be_focused()
    flemish.keyboard.type("Plans are more concrete than strategies.")
    flemish.keyboard.press("Shift+Tab")
    assert focused_matches(flemish, "input.comment-quote")
    flemish.keyboard.type("action plans")
    flemish.keyboard.press("Tab")
    flemish.keyboard.press("Tab")
    assert focused_matches(flemish, "form.comment-form button[type=submit]")
    flemish.keyboard.press("Enter")
    expect(flemish.locator(".alert-success")).to_contain_text("Comment posted for VL-OMG")
    comment = flemish.locator(f"#clause-{uids[2]} li.comment").first
    expect(comment.locator("blockquote")).to_contain_text("action plans")
    comment_id = comment.get_attribute("id").split("-")[1]

    tab_to(flemish, f"#comment-{comment_id} a.add-comment")
    flemish.keyboard.press("Enter")
    expect(flemish.locator(f"#comment-{comment_id} textarea[name=body]")).to_be_focused()  # written in the thread it answers
    flemish.keyboard.type("Reply typed with the keyboard.")
    flemish.keyboard.press("Tab")
    flemish.keyboard.press("Enter")
    expect(flemish.locator(".alert-success")).to_contain_text("Comment posted")
    expect(flemish.locator(f"#comment-{comment_id} .reply")).to_contain_text("Reply typed with the keyboard.")

    # The official answers the consultation: a radio group, arrows, Tab to the button.
    flemish.goto(f"{url}/consultation")
    tab_to(flemish, "input[name=state]")
    flemish.keyboard.press("ArrowDown")
    assert focused_matches(flemish, "#state-agree_with_reservation")
    flemish.keyboard.press("Tab")
    flemish.keyboard.type("Only if the plans stay voluntary.")
    flemish.keyboard.press("Tab")
    flemish.keyboard.press("Enter")
    expect(flemish.locator(".alert-success")).to_contain_text("answer on")
    expect(flemish.locator("td.consent-agree_with_reservation")).to_have_count(1)

    # The pen-holder resolves the comment: Tab to its note, type, Tab to Resolve, Enter.
    pen.goto(url)
    tab_to(pen, f"#note-{comment_id}")
    pen.keyboard.type("Taken on board.")
    pen.keyboard.press("Tab")
    assert focused_matches(pen, "button[value=resolved]")
    pen.keyboard.press("Enter")
    expect(pen.locator(".alert-success")).to_contain_text("Comment marked resolved.")


def test_colour_is_never_the_only_signal(live_server, user_page):
    position_id = live_server.position("Colour check")
    uids = live_server.clause_uids(position_id)
    url = f"/positions/{position_id}"
    pen = user_page(PEN)
    pen.goto(url)
    pen.locator("#step-submit").get_by_label("Consultation deadline").fill(deadline())
    pen.locator("#step-submit button").click()
    flemish = user_page(FLEMISH)
    flemish.goto(f"{url}/consultation")
    flemish.locator("#state-object").check()
    flemish.locator("#consent-note").fill("Not like this.")
    flemish.get_by_role("button", name="Send answer").click()

    # Consent states: each cell has a symbol and a word, not just a background colour.
    cells = flemish.locator("td.consent")
    expect(cells.first).to_be_visible()
    words = {"agree": "agrees", "object": "objects", "pending": "pending", "agree_with_reservation": "reservation"}
    for i in range(cells.count()):
        cell = cells.nth(i)
        state = next(c.removeprefix("consent-") for c in cell.get_attribute("class").split() if c.startswith("consent-"))
        if state == "none":
            continue
        assert cell.locator(".consent-symbol").inner_text().strip(), f"no symbol for {state}"
        assert words.get(state, state) in cell.inner_text(), f"no words for {state}: {cell.inner_text()!r}"

    # Diffs: insertions and deletions are underlined / struck through and named for screen readers.
    pen.goto(f"{url}/clauses/{uids[2]}/edit")
    pen.locator("textarea[name=body]").fill("Belgium supports the use of the assessment in regional [action plans] on pollinators.")
    pen.get_by_role("button", name="Save").click()
    for view in ("inline", "side"):
        pen.goto(f"{url}/compare?from=1&to=draft&view={view}")
        ins, dele = pen.locator("ins").first, pen.locator("del").first
        expect(ins).to_be_visible()
        assert "underline" in ins.evaluate("el => getComputedStyle(el).textDecorationLine")
        assert "line-through" in dele.evaluate("el => getComputedStyle(el).textDecorationLine")
        spoken = pen.locator("main").evaluate("el => el.textContent")
        assert "inserted" in spoken.lower() and "deleted" in spoken.lower(), "diffs lack screen-reader words"
