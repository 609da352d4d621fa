"""The whole day in a real browser: drafting, consultation, amendments, approval, EU coordination, final, Word.

Screenshots of the key steps go to artefacts/screenshots/journey-*.png (1280×800; the lead's at 768×1024).
"""

from __future__ import annotations

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    BRUSSELS,
    FLEMISH,
    LEAD,
    PEN,
    TABLET,
    WALLOON,
    add_clauses,
    answer,
    clause,
    fire,
    no_horizontal_overflow,
    select_words,
    shot,
    violations,
)

pytestmark = pytest.mark.browser

DRAFT = [
    ("heading", "Nexus assessment", ""),
    ("text", "", "Belgium welcomes the nexus assessment and its summary for policymakers."),
    ("line_to_take", "", "Belgium supports using the assessment in national [biodiversity strategies] [action plans]."),
    ("fallback", "", "Belgium can accept a reference to the assessment in the preamble only."),
    ("red_line", "", "No reopening of the approved summary for policymakers."),
]
EDITED = "Belgium warmly welcomes the nexus assessment and its summary for policymakers, approved at IPBES-11."
AMENDED = "in the preamble and in an operative paragraph"


def comment_on_words(page, number: str, words: str, body: str, kind: str = "comment", proposed: str = "", screenshot: str = ""):
    """Select words in a clause with the mouse, use the floating button and post a comment."""
    target = clause(page, number)
    select_words(page, target, words)
    button = page.locator("#selection-comment")
    expect(button).to_be_visible()
    expect(button).to_have_text("Comment on the selected words")
    if screenshot:
        shot(page, screenshot, full_page=False)
    button.click()
    expect(button).to_be_hidden()
    form = target.locator("form.comment-form")
    expect(form.locator(".comment-quote")).to_have_value(words)
    if kind != "comment":
        form.get_by_label("Kind").select_option(kind)
    if proposed:
        form.get_by_label("Proposed text").fill(proposed)
    form.locator("textarea[name=body]").fill(body)
    return form


def test_a_day_from_first_draft_to_the_final_brief(live_server, user_page, tmp_path):
    # --- The pen-holder opens a position and drafts it ---------------------------------------
    pen = user_page(PEN)
    shot(pen, "journey-01-dashboard")
    pen.get_by_role("link", name="New position", exact=True).click()
    pen.get_by_label("Title").fill("Belgian position on the nexus assessment")
    pen.get_by_label("Meeting").fill("IPBES-12")
    pen.get_by_label("Agenda item").fill("Item 7: Nexus assessment")
    pen.get_by_label("Consulted administrations").select_option(["VL-OMG", "SPW-ARNE", "BXL-ENV"])
    shot(pen, "journey-02-new-position")
    pen.get_by_role("button", name="Create").click()
    expect(pen.locator(".alert-success")).to_contain_text("Position created.")
    url = pen.url.split("#")[0]

    add_clauses(pen, DRAFT)
    expect(pen.locator("li.clause")).to_have_count(len(DRAFT))

    # Edit clause 2 in place: the form opens inside the clause, no page change.
    pen.wait_for_load_state()  # the page's script is ready: the link opens the editor in place
    second = clause(pen, "1.1")
    second.locator("a.edit-clause").click()
    editor = second.locator(".clause-editor textarea[name=body]")
    expect(editor).to_be_focused()
    assert pen.url.split("#")[0] == url
    editor.fill(EDITED)
    shot(pen, "journey-03-edit-in-place")
    second.get_by_role("button", name="Save").click()
    expect(pen.locator(".alert-success")).to_contain_text("Saved.")
    expect(clause(pen, "1.1").locator(".clause-body")).to_have_text(EDITED)
    shot(pen, "journey-04-drafted")

    # Submit for consultation from the workflow panel.
    fire(pen, "submit", with_deadline=True, note="First round")
    expect(pen.locator(".workflow-stage")).to_have_text("Belgian consultation")

    # --- Officials of three administrations select words and comment ---------------------------
    walloon = user_page(WALLOON)
    walloon.goto(url)
    form = comment_on_words(walloon, "1.1", "summary for policymakers", "Please cite the document symbol.",
                            screenshot="journey-05a-selected-words")
    shot(walloon, "journey-05b-selection-comment-form", full_page=False)
    form.get_by_role("button", name="Post").click()
    expect(walloon.locator(".alert-success")).to_contain_text("Comment posted for SPW-ARNE")

    flemish = user_page(FLEMISH)
    flemish.goto(url)
    form = comment_on_words(flemish, "1.3", "in the preamble only", "A preambular reference alone is too weak.",
                            kind="amendment", proposed=AMENDED)
    form.get_by_role("button", name="Post").click()
    expect(flemish.locator(".alert-success")).to_contain_text("Comment posted for VL-OMG")

    brussels = user_page(BRUSSELS)
    brussels.goto(url)
    form = comment_on_words(brussels, "1.4", "No reopening", "Brussels would prefer a positive wording.")
    form.get_by_role("button", name="Post").click()
    expect(brussels.locator(".alert-success")).to_contain_text("Comment posted for BXL-ENV")
    shot(brussels, "journey-06-threads")

    # --- The pen-holder accepts the amendment and resolves the comments ----------------------
    pen.goto(url)
    amendment = pen.locator("li.comment.comment-amendment")
    expect(amendment).to_contain_text("and in an operative paragraph")
    shot(pen, "journey-07-amendment-to-accept")
    amendment.get_by_label("Note").fill("Agreed with VL-OMG.")
    amendment.get_by_role("button", name="Accept").click()
    expect(pen.locator(".alert-success")).to_contain_text("Amendment accepted and applied.")
    expect(clause(pen, "1.3").locator(".clause-body")).to_contain_text(AMENDED)
    for _ in range(2):
        open_comment = pen.locator("li.comment.status-open").first
        open_comment.get_by_label("Note").fill("Done in the next version.")
        open_comment.get_by_role("button", name="Resolve").click()
        expect(pen.locator(".alert-success")).to_contain_text("Comment marked resolved.")
    expect(pen.locator("li.comment.status-open")).to_have_count(0)

    # The text changed after v1 was sent: back to drafting, then a second round on v2.
    fire(pen, "revise", note="Amendment of VL-OMG applied")
    fire(pen, "submit", with_deadline=True, note="Second round")

    answer(walloon, url, "agree")
    answer(flemish, url, "agree")
    answer(brussels, url, "object", "The fallback goes too far.")
    expect(brussels.locator("#verdict")).to_contain_text("object")
    shot(brussels, "journey-08-matrix-objection")
    answer(brussels, url, "agree_with_reservation", "We can live with the fallback if it stays internal.")
    expect(brussels.locator("td.consent-agree_with_reservation")).to_have_count(1)
    shot(brussels, "journey-09-matrix-reservation")

    # --- The lead (on a tablet) approves v2; the Belgian position is agreed -------------------
    lead = user_page(LEAD, viewport=TABLET)
    lead.goto(url + "/consultation")
    lead.get_by_role("button", name="Approve v2").click()
    expect(lead.locator(".alert-success")).to_contain_text("approved; bound to hash")
    shot(lead, "journey-10-lead-approved-tablet")
    lead.goto(url)
    assert no_horizontal_overflow(lead) <= 0
    fire(lead, "conclude")
    expect(lead.locator(".workflow-stage")).to_have_text("Belgian position agreed")

    # --- EU coordination: the EU text is consulted; the deadline passes in silence ------------
    pen.goto(url)
    fire(pen, "start_eu")
    fire(pen, "submit", with_deadline=True, note="EU text")
    expect(pen.locator(".workflow-stage")).to_have_text("EU text consultation")
    live_server.pass_deadline(int(url.rsplit("/", 1)[1]))
    lead.goto(url + "/consultation")
    expect(lead.locator("td.consent-silent")).to_have_count(3)
    lead.get_by_role("button", name="Approve v3").click()
    expect(lead.locator(".alert-success")).to_contain_text("approved")
    pen.goto(url)
    fire(pen, "conclude")
    expect(pen.locator(".workflow-stage")).to_have_text("EU text agreed")

    # --- The plenary brief: submitted for review, approved by the lead, frozen ----------------
    fire(pen, "start_brief")
    fire(pen, "submit", with_deadline=True, note="Brief for the plenary")
    lead.goto(url + "/consultation")  # one step: approving v4 as the final brief
    lead.locator("#approve-note").fill("Final brief for IPBES-12")
    lead.get_by_role("button", name="Approve final brief (v4)").click()
    expect(lead.locator(".workflow-stage")).to_have_text("Final")
    expect(lead.locator(".workflow-panel")).to_contain_text("Final: the text is frozen and read-only")
    pen.goto(url)
    expect(pen.locator("a.edit-clause")).to_have_count(0)
    shot(pen, "journey-11-final")
    assert violations(pen) == []  # resolved and accepted threads, frozen page
    pen.goto(url + "/history")
    shot(pen, "journey-12-history")

    # --- The Word export downloads and reads back ---------------------------------------------
    pen.goto(url + "/word")
    pen.get_by_label("Text").select_option("4")
    shot(pen, "journey-13-word-export")
    with pen.expect_download() as download_info:
        pen.get_by_role("button", name="Download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Belgian position on the nexus assessment" in text
    assert EDITED in text
    assert AMENDED in text
    assert "No reopening of the approved summary for policymakers." in text
