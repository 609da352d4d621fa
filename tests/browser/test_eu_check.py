"""The Belgian position beside the EU text in Chromium: reachable from the position page, the flag seen, no serious
axe violation and no horizontal overflow at 1280 and 768 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from positions.models import Position
from positions.services import drafting, editing, versions
from tests.browser.support import (
    DESKTOP,
    FLEMISH,
    PEN,
    TABLET,
    no_horizontal_overflow,
    shot,
    violations,
)

pytestmark = pytest.mark.browser

CLAUSES = [
    ("heading", "General remarks", ""),
    ("text", "", "Belgium thanks the Executive Secretary for the documentation."),
    ("line_to_take", "", "Belgium **supports** the second global assessment."),
    ("fallback", "", "Belgium can accept approval of chapters 1–4 only."),
    ("red_line", "", 'No reopening of the conceptual framework nor of "shall not".'),
    ("heading", "Budget", ""),
    ("text", "", "The Platform keeps its budget and shall not cut it."),
    ("red_line", "", "No cut of the trust fund."),
]


def in_eu_draft(live_server) -> int:
    """A position whose version 1 was the Belgian text, now in its EU draft with one clause rewritten."""
    position_id = live_server.position("EU check in the browser", clauses=CLAUSES)

    def move_on(session) -> None:
        pen, position = live_server.user(session, PEN), session.get(Position, position_id)
        versions.take_version(session, pen, position, check=False)
        position.stage = "eu_draft"
        clause = drafting.draft(session, position)[1]
        editing.edit_clause(session, pen, position, clause.uid, base_revision=clause.revision.id,
                            body="Belgium thanks the Executive Secretary for the documentation and the revised framework.")

    live_server.run(move_on)
    return position_id


def test_the_check_is_reachable_readable_and_accessible(live_server, user_page):
    position_id = in_eu_draft(live_server)
    page = user_page(FLEMISH)
    page.goto(f"/positions/{position_id}")
    page.get_by_role("link", name="Belgian position and EU text").click()
    page.wait_for_url(f"**/positions/{position_id}/eu-check")
    expect(page.locator("#eu-check-summary")).to_have_text("1 EU clause changes words of a Belgian red line.")
    flagged = page.locator(".eu-touches-red-line")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("changed words framework")
    expect(page.locator("#eu-check-summary ~ section").first.get_by_text("No reopening of the conceptual framework")).to_be_visible()
    problems = {}
    for label, size in (("desktop", DESKTOP), ("tablet", TABLET)):
        page.set_viewport_size(size)
        found = violations(page)
        if found:
            problems[label] = found
        shot(page, f"{label}-eu-check")
    assert no_horizontal_overflow(page) <= 0
    assert not problems, problems
