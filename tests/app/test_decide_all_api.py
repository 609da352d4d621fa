"""The API accepts or rejects all open amendments of one administration at once, as the web does per clause."""

from __future__ import annotations

from positions.models import Comment, Event
from positions.services import comments, drafting
from tests.factories import position
from tests.helpers import bearer


def _amended(session, people):
    pos = position(session, people.pen)
    clauses = drafting.draft(session, pos)
    first, second = clauses[1].uid, clauses[3].uid
    made = [
        comments.post_comment(session, people.flemish, pos, first, kind="amendment", body="", quote="Belgium", proposed_text="We"),
        comments.post_comment(session, people.flemish, pos, second, kind="amendment", body="", quote="chapters", proposed_text="parts"),
        comments.post_comment(session, people.walloon, pos, first, kind="amendment", body="", quote="thanks", proposed_text="thanks warmly"),
    ]
    session.commit()
    return pos, first, made


def _statuses(session, made):
    session.expire_all()
    return [session.get(Comment, c.id).status for c in made]


def test_all_of_one_administration_on_the_whole_position_or_one_clause(client, session, people):
    pos, first, made = _amended(session, people)
    pen = bearer(client, people.pen)
    url = f"/api/v1/positions/{pos.id}/amendments/decide-all"

    one_clause = client.post(url, headers=pen, json={"administration": "vl-omg", "status": "rejected", "clause": first})
    assert one_clause.status_code == 200
    assert one_clause.get_json() == {"administration": "VL-OMG", "status": "rejected", "decided": 1, "open_left": 2}
    assert _statuses(session, made) == ["rejected", "open", "open"]

    rest = client.post(url, headers=pen, json={"administration": "VL-OMG", "status": "rejected"}).get_json()
    assert (rest["decided"], rest["open_left"]) == (1, 1)
    assert _statuses(session, made) == ["rejected", "rejected", "open"]  # Wallonia's amendment stays open
    assert session.query(Event).filter_by(verb="comment.rejected").count() == 2  # audited one by one
    assert client.post(url, headers=pen, json={"administration": "VL-OMG", "status": "rejected"}).get_json()["decided"] == 0


def test_bad_input_decides_nothing(client, session, people):
    pos, first, made = _amended(session, people)
    pen = bearer(client, people.pen)
    url = f"/api/v1/positions/{pos.id}/amendments/decide-all"

    unknown = client.post(url, headers=pen, json={"administration": "XX-NOPE", "status": "accepted"})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["details"]["fields"] == {"administration": "unknown"}
    assert client.post(url, headers=pen, json={"administration": "VL-OMG", "status": "maybe"}).status_code == 422
    assert client.post(url, headers=pen, json={"status": "accepted"}).status_code == 422
    assert client.post(url, headers=pen, json={"administration": "VL-OMG", "status": "accepted", "clause": "nope"}).status_code == 404
    assert client.post(url, headers=bearer(client, people.flemish), json={"administration": "VL-OMG", "status": "accepted"}).status_code == 403
    assert _statuses(session, made) == ["open", "open", "open"]
