"""Domain events: what a committed transaction recorded reaches the subscribers, after the commit and only then."""

from __future__ import annotations

import logging

import pytest

from positions import events
from positions.services import comments, drafting
from tests.factories import position
from tests.helpers import login


@pytest.fixture
def heard():
    received: list[events.DomainEvent] = []
    events.subscribe(received.append)
    yield received
    events.unsubscribe(received.append)


def test_a_comment_posted_through_the_web_is_published_after_the_commit(client, session, people, heard):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    heard.clear()
    login(client, people.walloon)

    response = client.post(f"/positions/{pos.id}/clauses/{uid}/comments", data={"kind": "question", "body": "Which one?"})

    assert response.status_code == 302
    posted = [e for e in heard if e.verb == "comment.posted"]
    assert len(posted) == 1
    assert posted[0].position_id == pos.id and posted[0].actor_id == people.walloon.id
    assert posted[0].data["clause"] == uid and posted[0].kind == "comment"


def test_nothing_is_published_before_the_commit_or_for_a_rollback(session, people, heard):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    heard.clear()

    comments.post_comment(session, people.walloon, pos, uid, kind="comment", body="Draft thought.")
    session.flush()
    assert heard == []
    session.rollback()
    assert heard == []

    comments.post_comment(session, people.walloon, pos, uid, kind="comment", body="Kept thought.")
    session.commit()
    assert [e.verb for e in heard] == ["comment.posted"]


def test_a_failing_subscriber_does_not_stop_the_others_nor_the_writer(session, people, heard, caplog):
    def broken(event):
        raise RuntimeError("subscriber bug")

    logging.getLogger("positions.events").disabled = False  # alembic's logging set-up disables loggers made before it
    events.subscribe(broken)
    try:
        position(session, people.pen, clauses=[("text", "", "Belgium welcomes the report.")])
    finally:
        events.unsubscribe(broken)
    assert {"position.created", "clause.added"} <= {e.verb for e in heard}
    assert "subscriber bug" in caplog.text
