"""Official documents through the API: import .docx and PDF, numbering kinds, links, coverage, Rev.1 and its flags."""

from __future__ import annotations

import pytest

from exports.pdf import converter, docx_to_pdf
from positions.models import Event, OfficialDocument
from tests.factories import position
from tests.helpers import bearer

from .documents import draft_decision, draft_decision_rev1, spm, spm_pdf
from .support import import_file, link, uids


def numbers(body: dict) -> list[str]:
    return [p["number"] for p in body["paragraphs"] if p["number"]]


def test_a_draft_decision_keeps_its_numbers_from_word_lists_and_typed_ones(client, session, people):
    response = import_file(client, people.pen, draft_decision())
    assert response.status_code == 201, response.json
    body = response.json
    assert body["symbol"] == "IPBES/12/2" and body["date"] == "2026-11-02" and body["comparison"] is None
    assert numbers(body) == ["1", "2", "2 (a)", "2 (b)", "2 (b) (i)", "2 (b) (ii)", "2 (c)", "3", "4"]
    texts = {p["number"]: p["text"] for p in body["paragraphs"]}
    assert texts["2 (a)"].endswith("[by May 2027];") and texts["2 (b) (i)"] == "An analysis of indirect drivers {2.3.1};"
    assert texts["4"] == "Decides to consider the budget at its thirteenth session."  # typed "4.<tab>"
    assert any("4 paragraphs have no official number" in w and "The Plenary," in w for w in body["warnings"])
    again = client.get(f"/api/v1/official-documents/{body['id']}", headers=bearer(client, people.flemish)).json
    assert numbers(again) == numbers(body) and again["paragraphs"][0]["kind"] == "unnumbered"


def test_an_spm_keeps_key_messages_headings_references_and_brackets(client, people):
    body = import_file(client, people.pen, spm(), symbol="IPBES/12/4", title="SPM of the nexus assessment").json
    assert numbers(body) == ["A", "A1", "A2", "B", "B1", "B2", "C", "C1"]
    by_number = {p["number"]: p for p in body["paragraphs"]}
    assert by_number["A"]["kind"] == "heading" and by_number["A"]["text"] == "Biodiversity, water, food and health are interlinked"
    assert by_number["A2"]["heading"] == "A. Biodiversity, water, food and health are interlinked"
    assert by_number["A2"]["text"] == "Water scarcity affects [more than two billion] people {3.1}."
    assert by_number["B1"]["text"] == "Integrated approaches deliver [multiple] benefits {5.2; 5.4.1}."


def test_a_text_pdf_is_read_into_numbered_paragraphs(client, people):
    body = import_file(client, people.pen, spm_pdf(), filename="spm.pdf", symbol="IPBES/12/4", title="SPM").json
    assert numbers(body) == ["A", "A1", "A2", "B", "B1", "B2"]
    by_number = {p["number"]: p for p in body["paragraphs"]}
    assert by_number["A1"]["text"] == "Biodiversity is declining at rates unprecedented in human history {2.3.1, 2.3.2}."
    assert by_number["B2"]["heading"] == "B. Options for action"
    assert any("The Plenary notes that these findings are preliminary." in w for w in body["warnings"])


@pytest.mark.skipif(converter() is None, reason="LibreOffice (soffice) is not installed")
def test_a_pdf_made_by_libreoffice_from_the_word_file_reads_like_the_word_file(client, people):
    word = import_file(client, people.pen, draft_decision()).json
    pdf = import_file(client, people.pen, docx_to_pdf(draft_decision()), filename="d.pdf", symbol="IPBES/12/2 (pdf)").json
    assert numbers(pdf) == numbers(word)
    assert {p["number"]: p["text"] for p in pdf["paragraphs"] if p["number"]} == {
        p["number"]: p["text"] for p in word["paragraphs"] if p["number"]}
    spm_word = import_file(client, people.pen, spm(), symbol="IPBES/12/4").json
    spm_from_pdf = import_file(client, people.pen, docx_to_pdf(spm()), filename="s.pdf", symbol="IPBES/12/4 (pdf)").json
    assert numbers(spm_from_pdf) == numbers(spm_word)


@pytest.mark.parametrize(("data", "status", "reason"), [
    (b"", 422, "empty"),
    (b"just some text", 422, "not_docx"),
    (b"%PDF-1.4\n1 0 obj garbage", 422, "corrupt"),
    (b"PK\x03\x04broken zip", 422, "corrupt"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100, 422, "legacy_doc"),
])
def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_saved(client, session, people, data, status, reason):
    response = import_file(client, people.pen, data, filename="bad.docx")
    assert response.status_code == status, response.json
    assert response.json["error"]["details"]["reason"] == reason and response.json["error"]["message"]
    assert session.query(OfficialDocument).count() == 0


def test_a_pdf_without_text_is_named_a_scan(client, people):
    from .documents import text_pdf
    response = import_file(client, people.pen, text_pdf([[]]), filename="scan.pdf")
    assert response.status_code == 422 and response.json["error"]["details"]["reason"] == "no_text"
    assert "scan" in response.json["error"]["message"]


def test_missing_fields_and_bad_dates_are_named(client, people):
    assert import_file(client, people.pen, draft_decision(), symbol="").json["error"]["details"] == {"symbol": "required"}
    assert import_file(client, people.pen, draft_decision(), date="2.11.2026").json["error"]["details"] == {"date": "2.11.2026"}
    assert import_file(client, people.pen, draft_decision(), revision_of="999").status_code == 404


def test_only_the_pen_holder_imports_and_every_content_role_reads(client, people):
    for user in (people.flemish, people.lead, people.viewer):
        assert import_file(client, user, draft_decision()).status_code == 403
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    for user in (people.flemish, people.lead, people.viewer, people.outsider):
        assert client.get(f"/api/v1/official-documents/{doc}", headers=bearer(client, user)).status_code == 200
    assert client.get(f"/api/v1/official-documents/{doc}", headers=bearer(client, people.admin)).status_code == 403


def test_links_coverage_revision_flags_and_review(client, session, people):
    pos = position(session, people.pen)
    kinds = uids(session, pos)
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    assert link(client, people.flemish, pos, kinds["line_to_take"], doc, "2 (a)").status_code == 403
    made = link(client, people.pen, pos, kinds["line_to_take"], doc, "2 (a)")
    assert made.status_code == 201 and made.json["paragraph"] == "2 (a)" and not made.json["official_changed"]
    assert link(client, people.pen, pos, kinds["line_to_take"], doc, "2 (a)").json["id"] == made.json["id"]  # same link
    assert link(client, people.pen, pos, kinds["red_line"], doc, "3").status_code == 201
    assert link(client, people.pen, pos, kinds["fallback"], doc, "1").status_code == 201
    assert link(client, people.pen, pos, kinds["text"], doc, "2 (a)").status_code == 201  # many clauses per paragraph
    assert link(client, people.pen, pos, kinds["line_to_take"], doc, "2 (b) (i)").status_code == 201  # many per clause
    assert link(client, people.pen, pos, kinds["fallback"], doc, "9").status_code == 404

    cover = client.get(f"/api/v1/positions/{pos.id}/coverage?document={doc}", headers=bearer(client, people.viewer)).json
    by_number = {p["number"]: p["clauses"] for p in cover["paragraphs"]}
    assert by_number["2 (a)"] == [kinds["line_to_take"], kinds["text"]] and by_number["2"] == [] and by_number["4"] == []
    assert cover["covered"] == 4 and cover["uncovered"] == 5

    rev = import_file(client, people.pen, draft_decision_rev1(), symbol="IPBES/12/2/Rev.1", revision_of=doc).json
    assert rev["revision"] == "Rev.1" and rev["flagged"] == 3  # two links on 2 (a), the red line on the removed 3
    statuses = {(p["number"], p["status"]) for p in rev["comparison"]["paragraphs"]}
    assert {("1", "unchanged"), ("2 (a)", "changed"), ("3", "removed"), ("3", "renumbered"), ("4", "added")} <= statuses
    changed = next(p for p in rev["comparison"]["paragraphs"] if p["status"] == "changed")
    assert [-1, "May"] in changed["ops"] and [1, "December"] in changed["ops"]
    renumbered = next(p for p in rev["comparison"]["paragraphs"] if p["status"] == "renumbered")
    assert renumbered["old_number"] == "4"

    cover = client.get(f"/api/v1/positions/{pos.id}/coverage?document={rev['id']}", headers=bearer(client, people.pen)).json
    by_number = {p["number"]: p for p in cover["paragraphs"]}
    assert by_number["2 (a)"]["flagged"] == [kinds["line_to_take"], kinds["text"]]  # links carried to Rev.1, flagged
    assert by_number["1"]["clauses"] == [kinds["fallback"]] and by_number["1"]["flagged"] == []
    assert by_number["4"]["clauses"] == []
    old_cover = client.get(f"/api/v1/positions/{pos.id}/coverage?document={doc}", headers=bearer(client, people.pen)).json
    assert {p["number"]: p["flagged"] for p in old_cover["paragraphs"]}["3"] == [kinds["red_line"]]  # removed paragraph
    assert session.query(Event).filter_by(verb="official.flagged", position_id=pos.id).count() == 1

    review = f"/api/v1/positions/{pos.id}/clauses/{kinds['line_to_take']}/official-review"
    assert client.post(review, headers=bearer(client, people.flemish)).status_code == 403
    assert client.post(review, headers=bearer(client, people.pen)).json == {
        "clause": kinds["line_to_take"], "cleared": 1, "official_changed": False}
    cover = client.get(f"/api/v1/positions/{pos.id}/coverage?document={rev['id']}", headers=bearer(client, people.pen)).json
    assert {p["number"]: p["flagged"] for p in cover["paragraphs"]}["2 (a)"] == [kinds["text"]]

    compare = client.get(f"/api/v1/official-documents/{doc}/compare?to={rev['id']}", headers=bearer(client, people.viewer)).json
    assert compare["counts"] == rev["comparison"]["counts"]


def test_unlinking_and_frozen_positions(client, session, people):
    pos = position(session, people.pen)
    kinds = uids(session, pos)
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    made = link(client, people.pen, pos, kinds["line_to_take"], doc, "1").json
    url = f"/api/v1/positions/{pos.id}/clauses/{kinds['line_to_take']}/links/{made['id']}"
    assert client.delete(url, headers=bearer(client, people.flemish)).status_code == 403
    assert client.delete(f"/api/v1/positions/{pos.id}/clauses/{kinds['red_line']}/links/{made['id']}",
                         headers=bearer(client, people.pen)).status_code == 404
    assert client.delete(url, headers=bearer(client, people.pen)).json == {"id": made["id"], "deleted": True}
    cover = client.get(f"/api/v1/positions/{pos.id}/coverage?document={doc}", headers=bearer(client, people.pen)).json
    assert cover["covered"] == 0


def test_a_flagged_clause_says_so_in_the_position_json(client, session, people):
    pos = position(session, people.pen)
    kinds = uids(session, pos)
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    link(client, people.pen, pos, kinds["line_to_take"], doc, "2 (a)")
    link(client, people.pen, pos, kinds["fallback"], doc, "1")
    import_file(client, people.pen, draft_decision_rev1(), symbol="IPBES/12/2/Rev.1", revision_of=doc)
    clauses = client.get(f"/api/v1/positions/{pos.id}", headers=bearer(client, people.flemish)).json["clauses"]
    assert {c["uid"]: c["official_changed"] for c in clauses if c["official_changed"]} == {kinds["line_to_take"]: True}


def test_followers_are_told_when_a_revision_changes_the_text_their_clauses_answer(client, session, people):
    from positions.models import Notification
    from positions.services import notifications

    pos = position(session, people.pen)
    kinds = uids(session, pos)
    notifications.follow(session, people.flemish, pos)  # the whole position
    notifications.follow(session, people.walloon, pos, kinds["red_line"])  # the red line only
    notifications.follow(session, people.brussels, pos, kinds["fallback"])  # a clause whose paragraph stays the same
    session.commit()
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    link(client, people.pen, pos, kinds["line_to_take"], doc, "2 (a)")
    link(client, people.pen, pos, kinds["red_line"], doc, "3")
    link(client, people.pen, pos, kinds["fallback"], doc, "1")
    import_file(client, people.pen, draft_decision_rev1(), symbol="IPBES/12/2/Rev.1", revision_of=doc)
    told = session.query(Notification).filter_by(kind="followed_change", position_id=pos.id).all()
    assert sorted(n.user_id for n in told) == sorted([people.flemish.id, people.walloon.id])
    event = session.query(Event).filter_by(verb="official.flagged", position_id=pos.id).one()
    assert sorted(event.data["clauses"]) == sorted([kinds["line_to_take"], kinds["red_line"]])
    assert event.data["document"] == "IPBES/12/2/Rev.1"
