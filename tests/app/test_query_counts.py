"""Pages cost a fixed number of SQL queries, however many clauses the position has."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db
from positions.services import comments, drafting, editing, versions
from tests.factories import position
from tests.helpers import bearer, login


@contextmanager
def count_queries():
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _position_with(session, people, n: int):
    clauses = [("heading", f"Part {i}", "") if i % 10 == 0 else ("line_to_take", "", f"Clause {i} says [this] or [that].") for i in range(n)]
    pos = position(session, people.pen, clauses=clauses, title=f"P{n}")
    versions.take_version(session, people.pen, pos)
    for d in drafting.draft(session, pos)[1::10]:
        editing.edit_clause(session, people.pen, pos, d.uid, base_revision=d.revision.id, body=d.revision.body + " Changed.")
    versions.take_version(session, people.pen, pos)
    for d in drafting.draft(session, pos)[1::5]:
        root = comments.post_comment(session, people.walloon, pos, d.uid, kind="question", body="Why?", quote="this")
        comments.post_comment(session, people.pen, pos, d.uid, kind="comment", body="Because.", parent_id=root.id)
    session.commit()
    return pos



def test_position_page_and_compare_do_not_grow_with_clauses(client, session, people):
    small, large = _position_with(session, people, 10), _position_with(session, people, 80)
    login(client, people.pen)
    counts = {}
    for name, url in {
        "position": "/positions/{id}",
        "compare": "/positions/{id}/compare?from=1&to=2",
        "compare_draft": "/positions/{id}/compare?from=1&to=draft",
        "versions": "/positions/{id}/versions",
        "comments": "/positions/{id}/comments",
        "consultation": "/positions/{id}/consultation",
    }.items():
        for pos in (small, large):
            with count_queries() as statements:
                assert client.get(url.format(id=pos.id)).status_code == 200
            counts[(name, pos.id)] = len(statements)
        assert counts[(name, small.id)] == counts[(name, large.id)], (name, counts)
        # The position page reads: the login, position, clauses, thread counts, open threads (authors joined),
        # endorsements, versions with approvals, library sources, official links, the unread count, follows and the
        # workflow guards' two checks: 14, whatever the size of the document.
        assert counts[(name, large.id)] <= 14, (name, counts)


def test_api_position_does_not_grow_with_clauses(client, session, people):
    small, large = _position_with(session, people, 10), _position_with(session, people, 80)
    headers = bearer(client, people.flemish)
    client.get("/api/v1/me", headers=headers)  # a token's first use records last_used_at (then at most once a minute)
    sizes = []
    for pos in (small, large):
        with count_queries() as statements:
            assert client.get(f"/api/v1/positions/{pos.id}", headers=headers).status_code == 200
        sizes.append(len(statements))
    assert sizes[0] == sizes[1]
