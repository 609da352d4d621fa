"""The all-comments page and GET …/comments: ordered by clause, paginated, with the pen-holder's actions."""

from __future__ import annotations

import re

from positions.services import comments, drafting
from tests.factories import position
from tests.helpers import bearer, login


def _setup(session, people):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    # Comments posted against the clause order: the last clause first.
    last, first = draft[-1], draft[1]
    late = comments.post_comment(session, people.flemish, pos, last.uid, kind="comment", body="On the note.")
    early = comments.post_comment(session, people.walloon, pos, first.uid, kind="amendment", body="Clearer.",
                                  quote="documentation", proposed_text="documents")
    reply = comments.post_comment(session, people.flemish, pos, last.uid, kind="comment", body="Replying.", parent_id=late.id)
    session.commit()
    return pos, draft, early, late, reply


def test_comments_come_in_clause_order_with_replies_after_their_thread(client, session, people):
    pos, draft, early, late, reply = _setup(session, people)
    api = client.get(f"/api/v1/positions/{pos.id}/comments", headers=bearer(client, people.pen)).json
    assert [c["id"] for c in api["comments"]] == [early.id, late.id, reply.id]
    assert (api["total"], api["page"], api["pages"]) == (3, 1, 1)


def test_the_api_paginates(client, session, people):
    pos, draft, early, late, reply = _setup(session, people)
    headers = bearer(client, people.pen)
    second = client.get(f"/api/v1/positions/{pos.id}/comments?per_page=2&page=2", headers=headers).json
    assert [c["id"] for c in second["comments"]] == [reply.id] and second["pages"] == 2 and second["total"] == 3
    assert client.get(f"/api/v1/positions/{pos.id}/comments?per_page=0", headers=headers).status_code == 422
    assert client.get(f"/api/v1/positions/{pos.id}/comments?page=x", headers=headers).status_code == 422
    assert client.get(f"/api/v1/positions/{pos.id}/comments?per_page=501", headers=headers).status_code == 422


def test_the_comments_page_paginates_and_lets_the_pen_holder_accept_in_place(client, session, people):
    pos, draft, early, late, reply = _setup(session, people)
    for n in range(55):
        comments.post_comment(session, people.walloon, pos, draft[2].uid, kind="question", body=f"Question {n}?")
    session.commit()
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}/comments").get_data(as_text=True)
    assert "Comments 1–50 of 58" in html and 'rel="next"' in html and "Question 48?" in html and "Question 49?" not in html
    assert html.index(f'id="comment-{early.id}"') < html.index("Question 0?")
    page2 = client.get(f"/positions/{pos.id}/comments?page=2").get_data(as_text=True)
    assert "Comments 51–58 of 58" in page2 and "Question 49?" in page2 and f'id="comment-{late.id}"' in page2
    back = f"/positions/{pos.id}/comments?page=1"
    response = client.post(f"/comments/{early.id}/resolve", data={"status": "accepted", "back": back})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{back}#comment-{early.id}")
    assert "the Executive Secretary for the documents." in drafting.draft(session, pos)[1].revision.body
    # A "back" elsewhere is ignored: the position page.
    other = client.post(f"/comments/{late.id}/resolve", data={"status": "resolved", "back": "//evil.example/"})
    assert other.headers["Location"].endswith(f"/positions/{pos.id}#clause-{draft[-1].uid}")


def test_the_clause_filter_names_clauses_by_number_and_words_not_uids(client, session, people):
    pos, draft, *_ = _setup(session, people)
    login(client, people.walloon)
    html = client.get(f"/positions/{pos.id}/comments").get_data(as_text=True)
    select = html.split('id="f-clause"')[1].split("</select>")[0]
    labels = re.findall(r">([^<]+)</option>", select)
    assert all(d.uid not in label for d in draft for label in labels)
    assert any(label.startswith("1 General remarks") or label.startswith("1. General remarks") for label in labels)
    assert any("Internal note" in label and "Check with BELSPO" in label for label in labels)
    assert "Accept" not in html.split("<table")[1]  # officials see no pen-holder actions
