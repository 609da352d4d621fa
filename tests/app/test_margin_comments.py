"""Officials reviewing as in Word: margin threads, quotes across formatting, suggestion mode, endorsements."""

from __future__ import annotations

import re

import pytest

from app.review import margin
from positions.models import Comment
from positions.services import comments, drafting, editing, endorsements, suggestions
from tests.app.test_query_counts import count_queries
from tests.factories import position
from tests.helpers import bearer, login

TEXT = "Belgium **supports** the timely scoping of the [second] global assessment, see the [IPBES website](https://www.ipbes.net/)."


@pytest.fixture
def pos(session, people):
    return position(session, people.pen, clauses=[("heading", "Assessments", ""), ("line_to_take", "", TEXT)])


@pytest.fixture
def uid(session, pos):
    return drafting.draft(session, pos)[1].uid


def _comment(session, **where) -> Comment:
    return session.query(Comment).filter_by(**where).order_by(Comment.id.desc()).first()


def test_words_selected_across_bold_are_found_in_the_markdown_and_highlighted(client, session, people, pos, uid):
    login(client, people.walloon)
    response = client.post(f"/positions/{pos.id}/clauses/{uid}/comments",
                           data={"kind": "amendment", "body": "Sharper.", "quote": "Belgium supports the timely",
                                 "proposed_text": "Belgium **strongly supports** the timely"})
    assert response.status_code == 302
    amendment = _comment(session, kind="amendment")
    assert amendment.quote == "Belgium **supports** the timely"
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    # the thread tells the page which rendered words to highlight, and links back to its clause
    assert f'href="#clause-{uid}" data-quote="Belgium supports the timely" data-occurrence="0"' in html
    client.post("/logout")
    login(client, people.pen)
    accepted = client.post(f"/comments/{amendment.id}/resolve", data={"status": "accepted"}, follow_redirects=True)
    assert b"Amendment accepted" in accepted.data
    assert drafting.find_clause(session, pos, uid).head.body.startswith("Belgium **strongly supports** the timely scoping")


def test_the_comment_form_offers_the_markdown_words_of_a_rendered_selection(client, session, people, pos, uid):
    login(client, people.walloon)
    form = client.get(f"/positions/{pos.id}/clauses/{uid}/comment?fragment=1&kind=amendment&quote=Belgium+supports+the").get_data(as_text=True)
    assert 'value="Belgium **supports** the"' in form


def test_a_refused_comment_is_explained_beside_its_form_with_what_was_typed(client, session, people, pos, uid):
    login(client, people.walloon)
    response = client.post(f"/positions/{pos.id}/clauses/{uid}/comments",
                           data={"kind": "comment", "body": "My careful remark.", "quote": "words that are not there"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    form = html[html.index('<form method="post" action="/positions'):]
    assert 'role="alert"' in form and "not in the clause" in form and "My careful remark." in form
    assert "not in the clause" not in html[:html.index('<form method="post" action="/positions')]  # not at the top of the page
    assert session.query(Comment).count() == 0


def test_threads_sit_beside_their_clause_closed_ones_collapsed_with_open_counts(client, session, people, pos, uid):
    open_one = comments.post_comment(session, people.flemish, pos, uid, kind="question", body="Which assessment?")
    done = comments.post_comment(session, people.walloon, pos, uid, kind="comment", body="Already settled remark.")
    comments.resolve(session, people.pen, pos, done, "resolved", "Done.")
    comments.post_comment(session, people.walloon, pos, uid, kind="comment", body="We agree.", parent_id=open_one.id)
    session.commit()
    login(client, people.flemish)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    section = html[html.index(f'id="margin-{uid}"'):]
    assert '<span class="badge open-count">1 open</span> 2 threads' in section
    assert re.search(rf'id="comment-{done.id}"[^>]*>\s*<details >\s*<summary>', section)  # collapsed to one line
    assert re.search(rf'id="comment-{open_one.id}"[^>]*>\s*<div>', section)  # open: shown whole
    assert "We agree." in section  # the reply sits in its thread
    reply_form = client.get(f"/positions/{pos.id}/clauses/{uid}/comment?parent={open_one.id}").get_data(as_text=True)
    assert "Reply to Jan Janssens (VL-OMG), Question" in reply_form


def test_a_large_position_page_carries_no_thread_bodies_and_does_not_grow_with_comments(client, session, people, pos, uid, monkeypatch):
    monkeypatch.setattr(margin, "INLINE_COMMENTS", 0)
    login(client, people.pen)
    sizes = []
    for n in (3, 30):
        while session.query(Comment).count() < n:
            comments.post_comment(session, people.flemish, pos, uid, kind="comment", body=f"Remark number {session.query(Comment).count()}.")
        session.commit()
        with count_queries() as statements:
            html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
        sizes.append(len(statements))
        assert "Remark number" not in html and f'href="/positions/{pos.id}/clauses/{uid}/threads"' in html
    assert sizes[0] == sizes[1]
    fragment = client.get(f"/positions/{pos.id}/clauses/{uid}/threads?fragment=1").get_data(as_text=True)
    assert "Remark number 29." in fragment and "<html" not in fragment
    page = client.get(f"/positions/{pos.id}/clauses/{uid}/threads").get_data(as_text=True)  # without JavaScript
    assert "Remark number 0." in page and "<html" in page


def test_suggestion_mode_turns_an_edited_text_into_word_level_amendments(client, session, people, pos, uid):
    head = drafting.find_clause(session, pos, uid).head
    login(client, people.walloon)
    edited = TEXT.replace("timely ", "").replace("global assessment", "global and regional assessments")
    response = client.post(f"/positions/{pos.id}/clauses/{uid}/suggest", data={"body": edited, "base_revision": head.id, "note": "Scope."})
    assert response.status_code == 302
    made = session.query(Comment).filter_by(kind="amendment").order_by(Comment.id).all()
    assert [(c.quote, c.proposed_text) for c in made] == [(" timely", ""), ("assessment,", "and regional assessments,")]
    assert all(c.administration.code == "SPW-ARNE" and c.body == "Scope." for c in made)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    diffs = re.findall(r'<div class="amendment">(.*?)</div>', html)
    assert "deleted: </span> timely</del>" in diffs[0] and "inserted: </span>and regional assessments</ins>" in diffs[1], diffs
    client.post("/logout")
    login(client, people.pen)
    done = client.post(f"/positions/{pos.id}/clauses/{uid}/amendments/decide", data={"administration": "SPW-ARNE", "status": "accepted"},
                       follow_redirects=True)
    assert b"2 amendments of SPW-ARNE accepted." in done.data
    session.expire_all()
    assert drafting.find_clause(session, pos, uid).head.body == edited


def test_suggestion_form_keeps_the_text_and_says_why_beside_it(client, session, people, pos, uid):
    head = drafting.find_clause(session, pos, uid).head
    login(client, people.walloon)
    page = client.get(f"/positions/{pos.id}/clauses/{uid}/suggest").get_data(as_text=True)
    assert f'name="base_revision" value="{head.id}"' in page
    response = client.post(f"/positions/{pos.id}/clauses/{uid}/suggest", data={"body": TEXT, "base_revision": head.id})
    assert response.status_code == 422 and b"nothing to suggest" in response.data and b'role="alert"' in response.data


def test_suggestions_through_the_api_and_a_stale_text(client, session, people, pos, uid):
    head = drafting.find_clause(session, pos, uid).head
    headers = bearer(client, people.brussels)
    edited = TEXT.replace("Belgium **supports**", "Belgium **firmly supports**")
    answer = client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/suggestions", json={"body": edited, "base_revision": head.id}, headers=headers)
    assert answer.status_code == 201, answer.json
    (amendment,) = answer.json["amendments"]
    assert amendment["administration"] == "BXL-ENV" and amendment["kind"] == "amendment"
    assert amendment["quote"] == "**supports**" and amendment["proposed_text"] == "**firmly supports**"
    editing.edit_clause(session, people.pen, pos, uid, base_revision=head.id, body=TEXT + " More.")
    session.commit()
    stale = client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/suggestions", json={"body": edited, "base_revision": head.id}, headers=headers)
    assert stale.status_code == 409


def test_word_changes_are_one_amendment_per_changed_span():
    assert suggestions.word_changes("a b c d e", "a X c Y e") == [(2, 3, "X"), (6, 7, "Y")]
    assert suggestions.word_changes("a b c d e", "a X Y d e") == [(2, 5, "X Y")]
    assert suggestions.word_changes("the assessment", "the timely assessment") == [(0, 3, "the timely")]
    assert suggestions.word_changes("same", "same") == []


def test_endorsements_for_ones_own_administration_shown_counted_and_exported(client, session, people, pos, uid):
    reservation = comments.post_comment(session, people.walloon, pos, uid, kind="reservation", body="Budget first.")
    question = comments.post_comment(session, people.walloon, pos, uid, kind="question", body="Why?")
    session.commit()
    headers = bearer(client, people.flemish)
    answer = client.post(f"/api/v1/comments/{reservation.id}/endorsements", headers=headers)
    assert answer.status_code == 201 and answer.json == {"comment": reservation.id, "endorsements": ["VL-OMG"]}
    assert client.post(f"/api/v1/comments/{reservation.id}/endorsements", headers=headers).json["endorsements"] == ["VL-OMG"]
    assert client.post(f"/api/v1/comments/{question.id}/endorsements", headers=headers).status_code == 422
    own = client.post(f"/api/v1/comments/{reservation.id}/endorsements", headers=bearer(client, people.walloon))
    assert own.status_code == 422
    listed = client.get(f"/api/v1/positions/{pos.id}/comments", headers=headers).json["comments"]
    assert next(c for c in listed if c["id"] == reservation.id)["endorsements"] == ["VL-OMG"]
    login(client, people.brussels)
    assert client.post(f"/comments/{reservation.id}/endorsement").status_code == 302
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert '<span class="badge endorse-badge">BXL-ENV</span><span class="badge endorse-badge">VL-OMG</span>' in html
    assert "Withdraw BXL-ENV" in html and "endorse-button" not in html  # BXL-ENV's own already counted
    csv = client.get(f"/api/v1/positions/{pos.id}/export.csv", headers=headers).data.decode("utf-8-sig")
    assert "Endorsed by" in csv.splitlines()[0] and "2: BXL-ENV, VL-OMG" in csv
    assert client.delete(f"/api/v1/comments/{reservation.id}/endorsements", headers=headers).json["endorsements"] == ["BXL-ENV"]
    assert endorsements.endorsers(session, [reservation.id]) == {reservation.id: ["BXL-ENV"]}


def test_accepting_an_amendment_after_ones_own_edit_does_not_blame_oneself(client, session, people, pos, uid):
    amendment = comments.post_comment(session, people.walloon, pos, uid, kind="amendment", body="", quote="timely scoping",
                                      proposed_text="urgent scoping")
    head = drafting.find_clause(session, pos, uid).head
    editing.edit_clause(session, people.pen, pos, uid, base_revision=head.id, body=TEXT.replace("timely scoping", "prompt scoping"))
    session.commit()
    login(client, people.pen)
    conflict = client.post(f"/comments/{amendment.id}/resolve", data={"status": "accepted"})
    assert conflict.status_code == 409
    html = conflict.get_data(as_text=True)
    assert "saved this clause while you were editing it" not in html
    assert "were edited after it was proposed (last saved by you)" in html


def test_an_accepted_amendment_is_not_marked_outdated(client, session, people, pos, uid):
    amendment = comments.post_comment(session, people.walloon, pos, uid, kind="amendment", body="", quote="timely",
                                      proposed_text="urgent")
    comments.resolve(session, people.pen, pos, amendment, "accepted")
    session.commit()
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert f'id="comment-{amendment.id}"' in html and "outdated: these words" not in html


def test_a_markdown_link_is_not_counted_as_an_open_bracket(client, session, people, pos):
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert re.search(r'id="bracket-total">\s*1\s*<', html)  # [second] only, not [IPBES website](…)
