"""The EU phase in a real browser, with three member-state delegates (issue 17).

The pen-holder drafts a Belgian position (heading, text, line to take, fallback, red line), the Belgian
administrations agree, the lead approves; the pen-holder starts EU coordination and invites the delegates of
Germany and France (existing accounts) and a new delegate of the Netherlands (who sets a password with the
invitation link). The EU text goes to consultation: Germany objects, then agrees with a reservation; France
agrees; the Netherlands stays silent until the deadline. Germany comments on an EU clause, the pen-holder reads
it marked EU and replies, and Germany reads the reply as Belgium's. The lead approves, the EU text is agreed,
and the brief is approved as final.

At every delegate step: no Belgian administration code, Belgian person, Belgian line, or note of the Belgian
consultation on the delegate's page, and the Belgian pages of the position answer 404.
Screenshots: artefacts/screenshots/eu-walk-*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from positions.models import Notification, User
from tests.browser.support import (
    BRUSSELS,
    FLEMISH,
    LEAD,
    PEN,
    WALLOON,
    add_clauses,
    answer,
    approve_and_conclude,
    clause,
    fire,
    login,
    shot,
)

pytestmark = pytest.mark.browser

GERMANY = "delegate-de@plenipo.demo"
FRANCE = "delegate-fr@plenipo.demo"
NETHERLANDS = "nl-delegate@plenipo.demo"  # a new address: the invitation makes the account
NL_PASSWORD = "tulips-and-dykes-2026"

TEXT = "Belgium welcomes the assessment of invasive alien species and its summary for policymakers."
LINE = "Belgium supports a call on members to use the assessment in their national strategies."
FALLBACK = "Belgium can accept a reference to the assessment in the preamble only."
RED_LINE = "No deletion of the reference to indigenous and local knowledge."
DRAFT = [
    ("heading", "Invasive alien species", ""),
    ("text", "", TEXT),
    ("line_to_take", "", LINE),
    ("fallback", "", FALLBACK),
    ("red_line", "", RED_LINE),
]
BELGIAN_NOTE = "Flanders agrees if the fallback stays within the delegation."
BELGIAN_EU_NOTE = "Flanders checked the EU text against the red line: fine."
DE_OBJECTION = "Germany needs the summary for policymakers named in full."
DE_RESERVATION = "Germany can agree, with a scrutiny reservation of its parliament."
DE_COMMENT = "Which summary for policymakers is meant: the approved one?"
BE_REPLY = "Yes: the one approved at the eleventh session."

BELGIAN_CODES = ("VL-OMG", "SPW-ARNE", "BXL-ENV", "BBPF", "FPS-ENV", "FPS-FA", "BELSPO", "RBINS")
BELGIAN_PEOPLE = ("Anne Peeters", "Luc Dubois", "Jan Janssens", "Marie Lambert", "Sofie Claes")
BELGIAN_TEXT = (LINE, FALLBACK, RED_LINE, BELGIAN_NOTE, BELGIAN_EU_NOTE, "Belgian consultation", "Belgian draft")


def nothing_belgian(page, live_server, position_id: int) -> None:
    """The delegate's page holds nothing of the Belgian side, and the Belgian pages of the position are not there."""
    html = page.content().replace("Anne Peeters invites you", "invites you")  # the invitation names who invites: alone
    found = [s for s in (*BELGIAN_CODES, *BELGIAN_PEOPLE, *BELGIAN_TEXT) if s in html]
    assert not found, f"{page.url} shows {found}"
    for path in ("", "/consultation", "/history", "/eu-check", "/participants"):
        status = page.request.get(f"{live_server.url}/positions/{position_id}{path}").status
        assert status == 404, f"/positions/{position_id}{path} answers {status} to a delegate"


def invite(pen, email: str, code: str, name: str = "") -> None:
    """Invite a delegate on the participants page."""
    pen.get_by_label("E-mail address").fill(email)
    pen.get_by_label("Name").fill(name)
    pen.get_by_label("Member state or EU institution").select_option(code)
    pen.get_by_role("button", name="Invite").click()
    expect(pen.locator(".alert-success")).to_contain_text(f"{email} is invited to the EU phase.")


def eu_answer(page, position_id: int, state: str, note: str = "") -> None:
    """Answer the EU consultation for one's member state."""
    page.goto(f"/eu/positions/{position_id}/consultation")
    page.locator(f"#state-{state}").check()
    page.get_by_label("Note (required with a reservation or an objection)").fill(note)
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".alert-success")).to_contain_text("on EU version 1 is recorded.")


def invitation_link(live_server, email: str) -> str:
    """The set-password link the invitation mail carries (read from the outbox)."""
    return live_server.run(lambda s: s.scalar(
        select(Notification.link).join(User, User.id == Notification.user_id)
        .where(User.email == email, Notification.kind == "invitation")))


def member_state_row(page, code: str):
    return page.locator("tr").filter(has=page.locator(".admin-badge", has_text=re.compile(f"^{code}$")))


def test_three_member_states_through_the_eu_phase(live_server, user_page):
    # --- The Belgian position: drafted, consulted, approved, agreed ---------------------------
    pen = user_page(PEN)
    pen.get_by_role("link", name="New position", exact=True).click()
    pen.get_by_label("Title").fill("Position on the invasive alien species assessment")
    pen.get_by_label("Meeting").fill("IPBES-12")
    pen.get_by_label("Agenda item").fill("Item 8: Invasive alien species")
    pen.get_by_label("Consulted administrations").select_option(["VL-OMG", "SPW-ARNE", "BXL-ENV"])
    pen.get_by_role("button", name="Create").click()
    expect(pen.locator(".alert-success")).to_contain_text("Position created.")
    url = pen.url.split("#")[0]
    position_id = int(url.rsplit("/", 1)[1])
    add_clauses(pen, DRAFT)
    shot(pen, "eu-walk-01-belgian-draft")
    fire(pen, "submit", with_deadline=True, note="Belgian round")
    expect(pen.locator(".workflow-stage")).to_have_text("Belgian consultation")

    answer(user_page(FLEMISH), url, "agree_with_reservation", BELGIAN_NOTE)
    answer(user_page(WALLOON), url, "agree")
    answer(user_page(BRUSSELS), url, "agree")
    lead = user_page(LEAD)
    approve_and_conclude(lead, url, "v1", "Belgian position agreed")

    # --- EU coordination starts; three member states are invited --------------------------------
    pen.goto(url)
    fire(pen, "start_eu", note="To the working party")
    expect(pen.locator(".workflow-stage")).to_have_text("EU-coordinated draft")
    pen.get_by_role("link", name="EU participants").click()
    invite(pen, GERMANY, "DE")
    invite(pen, FRANCE, "FR")
    invite(pen, NETHERLANDS, "NL", name="Maarten Bakker")
    rows = pen.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(member_state_row(pen, "NL")).to_contain_text("invited, password not set yet")
    expect(member_state_row(pen, "DE")).to_contain_text("active")
    shot(pen, "eu-walk-02-participants")

    netherlands = user_page(None)
    netherlands.goto(invitation_link(live_server, NETHERLANDS))
    expect(netherlands.locator("main")).to_contain_text("Welcome, Maarten Bakker.")
    netherlands.get_by_label("New password", exact=True).fill(NL_PASSWORD)
    netherlands.get_by_label("Repeat the new password").fill(NL_PASSWORD)
    netherlands.get_by_role("button", name="Set my password").click()
    expect(netherlands.locator(".alert-success")).to_contain_text("Your password is set")
    login(netherlands, NETHERLANDS, NL_PASSWORD)
    netherlands.get_by_role("link", name="Position on the invasive alien species assessment").click()
    expect(netherlands.locator("h1")).to_have_text("Position on the invasive alien species assessment")
    nothing_belgian(netherlands, live_server, position_id)

    # The delegate reads the EU draft: the heading and the text, never Belgium's lines.
    germany = user_page(GERMANY)
    germany.get_by_role("link", name="Position on the invasive alien species assessment").click()
    expect(germany.locator("main")).to_contain_text(TEXT)
    expect(germany.locator("main")).to_contain_text("1. Invasive alien species")
    nothing_belgian(germany, live_server, position_id)
    shot(germany, "eu-walk-03-delegate-eu-draft")

    # --- The EU text goes to consultation -----------------------------------------------------
    pen.goto(url)
    fire(pen, "submit", with_deadline=True, note="EU text to the member states")
    expect(pen.locator(".workflow-stage")).to_have_text("EU text consultation")
    answer(user_page(FLEMISH), url, "agree", BELGIAN_EU_NOTE)  # the Belgian side checks the EU text in the same round

    eu_answer(germany, position_id, "object", DE_OBJECTION)
    expect(germany.locator("#verdict")).to_contain_text("Blocked")
    expect(member_state_row(germany, "DE").locator("td.consent-object")).to_have_count(1)
    nothing_belgian(germany, live_server, position_id)
    shot(germany, "eu-walk-04-delegate-objects")
    eu_answer(germany, position_id, "agree_with_reservation", DE_RESERVATION)
    expect(member_state_row(germany, "DE").locator("td.consent-agree_with_reservation")).to_have_count(1)
    nothing_belgian(germany, live_server, position_id)

    france = user_page(FRANCE)
    eu_answer(france, position_id, "agree")
    expect(france.locator("td.consent-agree")).to_have_count(1)
    expect(member_state_row(france, "NL").locator("td.consent-pending")).to_have_count(1)
    nothing_belgian(france, live_server, position_id)
    shot(france, "eu-walk-05-delegate-matrix")

    # The Netherlands say nothing; the deadline passes and silence counts as agreement.
    live_server.pass_deadline(position_id)
    netherlands.goto(f"/eu/positions/{position_id}/consultation")
    expect(member_state_row(netherlands, "NL").locator("td.consent-silent")).to_have_count(1)
    expect(netherlands.locator("#verdict")).to_contain_text("Consensus")
    expect(netherlands.locator("#deadline-passed")).to_contain_text("the silence procedure applies")
    expect(netherlands.locator("#answer-h")).to_have_count(0)  # no form that the deadline would refuse
    shot(netherlands, "eu-walk-05b-silent-after-the-deadline")
    nothing_belgian(netherlands, live_server, position_id)

    # --- Germany comments on an EU clause; Belgium reads it marked EU and answers as Belgium ----
    germany.goto(f"/eu/positions/{position_id}")
    text_clause = germany.locator("li[id^=clause-]").filter(has_text=TEXT)
    text_clause.locator("details.eu-comment-form > summary").click()
    form = text_clause.locator("details.eu-comment-form form")
    form.get_by_label("Kind").select_option("question")
    form.get_by_label("Words you comment on").fill("summary for policymakers")
    form.get_by_label("Comment (for DE)").fill(DE_COMMENT)
    form.get_by_role("button", name="Post").click()
    expect(germany.locator(".alert-success")).to_contain_text("Comment posted for DE.")
    expect(germany.locator("li.comment")).to_contain_text(DE_COMMENT)
    nothing_belgian(germany, live_server, position_id)

    pen.goto(url)
    belgian_clause = clause(pen, "1.1")
    eu_comment = belgian_clause.locator(".eu-badge").first
    expect(eu_comment).to_be_visible()
    expect(belgian_clause).to_contain_text("DE")
    expect(belgian_clause).to_contain_text("summary for policymakers")
    shot(pen, "eu-walk-06-penholder-sees-eu-comment")
    resolve = belgian_clause.get_by_role("button", name="Resolve")
    assert resolve.bounding_box()["height"] < 40  # "Resolve" on one line in the narrow margin, not broken in two
    belgian_clause.get_by_role("link", name=re.compile("^Reply on the EU text")).click()
    pen.wait_for_url(f"**/eu/positions/{position_id}#comment-*")
    thread = pen.locator("li.comment").filter(has_text=DE_COMMENT)
    expect(thread).to_contain_text("Anna Schmidt")  # the Belgian side knows who asked
    thread.locator("details > summary", has_text="Reply").click()
    thread.locator("textarea[name=body]").fill(BE_REPLY)
    thread.get_by_role("button", name="Post").click()
    expect(pen.locator(".alert-success")).to_contain_text("Comment posted for BBPF.")

    germany.reload()
    reply = germany.locator("li.comment").filter(has_text=DE_COMMENT).locator(".reply")
    expect(reply).to_contain_text(BE_REPLY)
    expect(reply.locator(".admin-badge")).to_have_text("BE")
    expect(reply).to_contain_text("Belgium")
    nothing_belgian(germany, live_server, position_id)
    shot(germany, "eu-walk-07-delegate-reads-belgium")

    # --- The lead approves the EU version; the EU text is agreed -------------------------------
    approve_and_conclude(lead, url, "v2", "EU text agreed")

    germany.goto(f"/eu/positions/{position_id}/consultation")
    expect(germany.locator("#verdict")).to_contain_text("Consensus")
    expect(germany.locator("#answer-h")).to_have_count(0)  # the round is closed: no more answers
    nothing_belgian(germany, live_server, position_id)

    # --- The plenary brief, approved as final; the delegates still read only the EU text --------
    pen.goto(url)
    fire(pen, "start_brief")
    germany.goto(f"/eu/positions/{position_id}")
    expect(germany.get_by_role("link", name="EU version 1", exact=True)).to_have_attribute("aria-current", "page")
    expect(germany.get_by_role("link", name="EU draft", exact=True)).to_have_count(0)
    expect(germany.locator("details.eu-comment-form")).to_have_count(0)  # read-only after the EU phase
    nothing_belgian(germany, live_server, position_id)
    fire(pen, "submit", with_deadline=True, note="Brief for the plenary")
    lead.goto(url + "/consultation")
    lead.get_by_role("button", name="Approve final brief (v3)").click()
    expect(lead.locator(".workflow-stage")).to_have_text("Final")
    for delegate in (germany, france, netherlands):
        delegate.goto("/")
        nothing_belgian(delegate, live_server, position_id)
        delegate.goto(f"/eu/positions/{position_id}")
        expect(delegate.locator("main")).to_contain_text("EU version 1")
        nothing_belgian(delegate, live_server, position_id)
        delegate.goto(f"/eu/positions/{position_id}/consultation")
        expect(delegate.locator("#verdict")).to_contain_text("Consensus")
        nothing_belgian(delegate, live_server, position_id)
        delegate.goto("/notifications")
        nothing_belgian(delegate, live_server, position_id)
    shot(germany, "eu-walk-08-delegate-after-final")
