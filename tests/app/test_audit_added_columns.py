"""Columns added later are hashed only when set: rows written before them keep their recorded state.

comment.proposed_kind (an amendment proposing a new clause after its clause) came after the audit states; a
comment where it is NULL must hash as it did before the column existed, so databases made then still verify.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from positions.audit.states import BY_MODEL
from positions.audit.verify import verify
from positions.models import Clause, Comment, Event
from positions.services import comments, drafting

from .audit_support import sql, working_day

# The comment's state before comment.proposed_kind existed: format 1, the table, these columns in this order.
COLUMNS_BEFORE = ("position_id", "clause_id", "revision_id", "parent_id", "author_id", "administration_id", "kind",
                  "status", "body", "proposed_text", "quote", "resolution_note", "resolved_by_id")


def hash_before_the_column(comment: Comment) -> str:
    state = [1, "comment", *(getattr(comment, name) for name in COLUMNS_BEFORE)]
    return hashlib.sha256(json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def recorded(session, key: str) -> str:
    """The state the newest event recorded for a row."""
    events = session.scalars(select(Event).order_by(Event.id.desc()))
    return next(e.data["states"][key] for e in events if key in e.data.get("states", {}))


def propose_new_clause(session, people, pos) -> Comment:
    uid = drafting.draft(session, pos)[1].uid
    proposal = comments.post_comment(session, people.walloon, pos, uid, kind="amendment", body="A clause is missing.",
                                     proposed_text="Belgium asks for a regional assessment.", proposed_kind="line_to_take")
    session.commit()
    return proposal


def test_a_comment_without_a_proposed_kind_hashes_as_before_the_column_existed(session, people):
    working_day(session, people)
    rows = session.scalars(select(Comment)).all()
    assert rows and all(c.proposed_kind is None for c in rows)
    for comment in rows:
        assert BY_MODEL[Comment].state_hash(comment) == hash_before_the_column(comment)
        assert recorded(session, f"comment:{comment.id}") == hash_before_the_column(comment)
    assert verify(session).ok


def test_a_proposed_kind_is_covered_once_set(session, people, runner):
    pos = working_day(session, people)
    proposal = propose_new_clause(session, people, pos)
    assert recorded(session, f"comment:{proposal.id}") != hash_before_the_column(proposal)
    assert verify(session).ok
    uid = session.get(Clause, proposal.clause_id).uid
    named = f"comment {proposal.id} (SPW-ARNE on clause {uid} of position {pos.id}) differs from what event"
    for forged in ("'red_line'", "NULL"):
        sql(session, f"UPDATE comment SET proposed_kind = {forged} WHERE id = :id", id=proposal.id)
        result = runner.invoke(args=["audit", "verify"])
        assert result.exit_code == 1 and named in result.output, result.output
    sql(session, "UPDATE comment SET proposed_kind = 'line_to_take' WHERE id = :id", id=proposal.id)
    assert verify(session).ok


def test_a_proposed_kind_given_to_an_older_comment_is_named(session, people, runner):
    pos = working_day(session, people)
    older = session.scalar(select(Comment).where(Comment.kind == "amendment"))
    sql(session, "UPDATE comment SET proposed_kind = 'text' WHERE id = :id", id=older.id)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"comment {older.id} (SPW-ARNE on clause" in result.output and f"of position {pos.id}) differs" in result.output


# comment.audience came later still, with a default every older row received ('belgian'): only 'eu' is hashed.
def test_a_belgian_comment_hashes_as_before_the_audience_existed_and_an_eu_one_is_covered(session, people, runner):
    pos = working_day(session, people)
    assert {c.audience for c in session.scalars(select(Comment))} == {"belgian"}
    uid = drafting.draft(session, pos)[1].uid
    remark = comments.post_comment(session, people.walloon, pos, uid, kind="comment", body="On the EU text.", audience="eu")
    session.commit()
    assert recorded(session, f"comment:{remark.id}") != hash_before_the_column(remark)
    assert verify(session).ok
    named = f"comment {remark.id} (SPW-ARNE on clause {uid} of position {pos.id}) differs from what event"
    sql(session, "UPDATE comment SET audience = 'belgian' WHERE id = :id", id=remark.id)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and named in result.output, result.output
    sql(session, "UPDATE comment SET audience = 'eu' WHERE id = :id", id=remark.id)
    assert verify(session).ok
    older = session.scalar(select(Comment).where(Comment.audience == "belgian"))
    sql(session, "UPDATE comment SET audience = 'eu' WHERE id = :id", id=older.id)  # a Belgian comment shown to the delegates
    assert runner.invoke(args=["audit", "verify"]).exit_code == 1
