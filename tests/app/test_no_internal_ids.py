"""People never read internal identifiers: clauses are named by number and words, values by translated words."""

from __future__ import annotations

import re

from exports.documents import export_position, parse_options
from positions.services import drafting, editing
from tests.factories import position
from tests.helpers import login


def test_clause_history_is_titled_by_number_and_words(client, session, people):
    pos = position(session, people.pen)
    clause = drafting.draft(session, pos)[3]
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}/clauses/{clause.uid}/history").get_data(as_text=True)
    assert "History of clause 1.3 Belgium can accept approval of chapters 1–4 only." in html
    assert clause.uid not in html.split("<main")[1].split("</h1>")[0]


def test_the_comment_page_without_javascript_names_the_clause_by_number_and_words(client, session, people):
    pos = position(session, people.pen)
    clause = drafting.draft(session, pos)[3]
    session.commit()
    login(client, people.flemish)
    html = client.get(f"/positions/{pos.id}/clauses/{clause.uid}/comment").get_data(as_text=True)
    heading = html.split("<main")[1].split("</h1>")[0]
    assert "Comment on 1.3 Belgium can accept approval of chapters 1–4 only." in heading and clause.uid not in heading


def test_position_history_names_clauses_and_translates_values(client, session, people):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    editing.move_clause(session, people.pen, pos, draft[3].uid, after=draft[4].uid)
    session.commit()
    export_position(session, people.pen, pos, parse_options({"layout": "comments_table", "format": "docx"}))
    session.commit()
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}/history").get_data(as_text=True)
    table = html.split("<tbody>")[1]
    assert all(d.uid not in table for d in draft)
    assert "after: 1.3 No reopening of the conceptual framework." in table
    assert "layout: comments_table" not in table and "comments: False" not in table
    client.post("/locale", data={"locale": "fr", "next": "/"})
    page = client.get(f"/positions/{pos.id}/history").get_data(as_text=True)
    assert '<html lang="fr">' in page
    fr = page.split("<tbody>")[1]
    assert "False" not in fr and "comments_table" not in fr


def test_the_export_form_keeps_the_choices_after_a_refusal_and_says_what_each_layout_takes(client, session, people):
    pos = position(session, people.pen)
    login(client, people.pen)
    refused = client.get(f"/positions/{pos.id}/word/export?version=draft&layout=brief&comments=1&format=docx")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    options = {m[0]: (m[1], m[2].split(), m[3]) for m in re.findall(
        r'<option value="(\w+)" data-options="([^"]*)"\s+data-formats="([^"]*)"( selected)?>', html)}
    assert options["brief"] == ("", ["docx", "pdf"], " selected")
    assert options["position"][:2] == ("comments redline_from library_sources", ["docx", "pdf"])
    assert options["comments_table"][:2] == ("", ["docx", "csv", "pdf"])
    assert 'name="comments" value="1" checked' in html
    assert "word-export.js" in html
