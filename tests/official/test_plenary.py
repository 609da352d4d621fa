"""The plenary tracker: outcomes per paragraph through the API, red lines touched, the debrief (Word), on a tablet page."""

from __future__ import annotations

import io

import docx

from tests.factories import position
from tests.helpers import bearer, login

from .documents import draft_decision
from .support import import_file, link, uids


def record(client, user, pos, doc, number, **body):
    return client.put(f"/api/v1/positions/{pos.id}/plenary/{doc}/{number}", headers=bearer(client, user), json=body)


def test_the_delegation_records_outcomes_and_the_debrief_tells_what_happened(client, session, people):
    pos = position(session, people.pen)
    kinds = uids(session, pos)
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    link(client, people.pen, pos, kinds["red_line"], doc, "2 (a)")
    link(client, people.pen, pos, kinds["line_to_take"], doc, "1")
    assert record(client, people.flemish, pos, doc, "1", outcome="agreed").status_code == 403
    assert record(client, people.pen, pos, doc, "1", outcome="won").status_code == 422
    assert record(client, people.pen, pos, doc, "9", outcome="agreed").status_code == 404
    agreed = record(client, people.lead, pos, doc, "1", outcome="agreed", note="Adopted without discussion.")
    assert agreed.status_code == 200 and agreed.json["outcome"] == "agreed" and not agreed.json["red_line_touched"]
    bracketed = record(client, people.pen, pos, doc, "2 (a)", outcome="bracketed", text="[by May 2027] [by 2028]", note="Brazil, China.")
    assert bracketed.json["red_line_touched"] and bracketed.json["paragraph"] == "2 (a)"
    again = record(client, people.pen, pos, doc, "2 (a)", outcome="agreed")  # corrected: agreed as it stood
    assert again.json["outcome"] == "agreed" and not again.json["red_line_touched"] and again.json["text"] == ""
    record(client, people.pen, pos, doc, "2 (a)", outcome="deleted", note="Deleted at 2 a.m.")

    response = client.get(f"/api/v1/positions/{pos.id}/plenary/{doc}.docx", headers=bearer(client, people.viewer))
    assert response.status_code == 200
    word = docx.Document(io.BytesIO(response.get_data()))
    texts = [p.text for p in word.paragraphs]
    assert "Agreed: 1" in texts and "Deleted: 1" in texts and "Pending: 7" in texts
    assert "2 (a) — Deleted: No reopening of the conceptual framework." in texts
    rows = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert rows[0] == ["Paragraph", "Outcome", "Belgian line", "Chair's text", "Note"]
    assert ["2 (a)", "Deleted", "Red line: No reopening of the conceptual framework.", "", "Deleted at 2 a.m."] in rows
    assert rows[1][:2] == ["1", "Agreed"]


def test_the_tracker_page_highlights_red_lines_and_offers_the_debrief(client, session, people):
    pos = position(session, people.pen)
    kinds = uids(session, pos)
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    link(client, people.pen, pos, kinds["red_line"], doc, "3")
    record(client, people.pen, pos, doc, "3", outcome="bracketed", text="[Invites] Governments")
    login(client, people.lead)
    page = client.get(f"/positions/{pos.id}/plenary?document={doc}").get_data(as_text=True)
    assert page.count("red-line-touched") == 1 and "Red line touched" in page and "[Invites] Governments" in page
    assert 'name="viewport"' in page  # the layout is responsive (Bootstrap): the browser test checks a tablet
    debrief = client.get(f"/positions/{pos.id}/plenary/debrief.docx?document={doc}")
    assert debrief.status_code == 200 and debrief.mimetype.endswith("document")
