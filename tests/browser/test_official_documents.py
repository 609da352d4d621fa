"""Official documents in a browser: import IPBES/12/2, link the Belgian lines, import Rev.1, see the flag, track the
plenary on a phone and a tablet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import PEN, login, no_horizontal_overflow, violations
from tests.official.documents import draft_decision, draft_decision_rev1

pytestmark = pytest.mark.browser


def _import(page, path, symbol: str, revision_of: str | None = None) -> None:
    page.goto("/official-documents")
    form = page.locator("#official-import")
    form.get_by_label("Word file (.docx) or PDF with text").set_input_files(str(path))
    form.get_by_label("Symbol").fill(symbol)
    form.get_by_label("Title").fill("Work programme of the Platform")
    form.get_by_label("Meeting").fill("IPBES-12")
    if revision_of:
        form.get_by_label("Revision of").select_option(label=revision_of)
    form.get_by_role("button", name="Import").click()
    expect(page.locator("#preview-summary")).to_contain_text("Nothing is saved until you import.")
    page.locator("#official-confirm").get_by_role("button").click()


def test_import_link_revise_flag_and_track(live_server, page, tmp_path):
    position_id = live_server.position("Work programme: official text")
    uids = live_server.clause_uids(position_id)
    (tmp_path / "IPBES_12_2.docx").write_bytes(draft_decision())
    (tmp_path / "IPBES_12_2_Rev1.docx").write_bytes(draft_decision_rev1())
    login(page, PEN)

    _import(page, tmp_path / "IPBES_12_2.docx", "IPBES/12/2")
    expect(page.get_by_text("IPBES/12/2 imported: 9 numbered paragraphs.")).to_be_visible()
    expect(page.locator("#import-warnings")).to_contain_text("The Plenary,")
    expect(page.locator(".official-document")).to_contain_text("An analysis of indirect drivers {2.3.1};")
    assert violations(page) == []

    page.goto(f"/positions/{position_id}")
    page.get_by_role("link", name="Official documents and coverage").click()
    expect(page.locator("#coverage-summary")).to_contain_text("0 of 9 paragraphs")
    for uid in (uids[2], uids[3]):  # the line to take and the red line, both on 2 (a)
        page.get_by_label("Belgian clause").select_option(uid)
        page.get_by_label("Official paragraph").select_option("2 (a)")
        page.get_by_role("button", name="Link", exact=True).click()
        expect(page.get_by_text("Linked.")).to_be_visible()
    expect(page.locator("#coverage-summary")).to_contain_text("1 of 9 paragraphs")
    assert violations(page) == []

    _import(page, tmp_path / "IPBES_12_2_Rev1.docx", "IPBES/12/2/Rev.1", revision_of="IPBES/12/2 — Work programme of the Platform")
    expect(page.get_by_text("2 links to changed or removed paragraphs are flagged")).to_be_visible()
    page.get_by_role("link", name="changes since IPBES/12/2").click()
    expect(page.locator("tr.status-changed")).to_contain_text("December")
    expect(page.locator("tr.status-renumbered")).to_contain_text("was 4")

    page.goto(f"/positions/{position_id}")
    flagged = page.locator(f"#clause-{uids[2]} .official-changed")
    expect(flagged).to_have_text("official text changed — review")
    page.locator(f"#clause-{uids[2]} .official-paragraph summary").click()
    expect(page.locator(f"#clause-{uids[2]} .official-paragraph")).to_contain_text("[by December 2027] in all official languages")

    page.get_by_role("link", name="Official documents and coverage").click()
    page.get_by_label("Official document").select_option(label="IPBES/12/2/Rev.1 — Work programme of the Platform")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("button", name="Reviewed").first.click()
    expect(page.get_by_text("Marked as reviewed.")).to_be_visible()
    expect(page.locator(".official-changed")).to_have_count(1)

    for width, height in ((375, 812), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/positions/{position_id}/plenary")
        card = page.locator(".plenary-tracker li", has_text="2 (a)").first
        card.locator("summary").click()
        card.get_by_role("group", name="Outcome").get_by_text("Bracketed").click()
        card.get_by_label("Chair's text").fill("[by December 2027] [by 2028]")
        card.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Recorded for paragraph 2 (a).")).to_be_visible()
        expect(page.locator(".red-line-touched")).to_contain_text("Red line touched")
        assert no_horizontal_overflow(page) == 0, f"the tracker overflows at {width} px"
    assert violations(page) == []
