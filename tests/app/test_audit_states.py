"""The audit chain covers what matters: every covered row's live state is checked against the state its event recorded."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, text

from positions.audit.states import COVERED
from positions.audit.verify import verify
from positions.models import (
    Approval,
    Clause,
    ClauseRevision,
    Comment,
    Consent,
    Consultation,
    Event,
    Version,
    VersionClause,
)

from .audit_support import (
    approved_review,
    imported_position,
    library_reuse,
    linked_to_official_text,
    sql,
    working_day,
)


@pytest.fixture
def pos(session, people):
    return working_day(session, people)


def newest(session, verb: str | None, key: str) -> Event:
    """The newest event (of this verb) that recorded the row with this key."""
    query = select(Event).order_by(Event.id.desc())
    return next(e for e in session.scalars(query if verb is None else query.where(Event.verb == verb))
                if key in e.data.get("states", {}))


def audit_verify(runner, *args: str):
    return runner.invoke(args=["audit", "verify", *args])


def test_an_untouched_database_verifies_and_every_covered_table_is_used(session, people, runner, caplog):
    working_day(session, people)
    approved_review(session, people)
    imported_position(session, people)
    library_reuse(session, people)
    linked_to_official_text(session, people)
    assert "written without an audit event" not in caplog.text  # every writer of the day recorded an event
    report = verify(session)
    assert report.ok, report.findings[:3]
    counts = {c.table: session.scalar(select(func.count()).select_from(c.model)) for c in COVERED}
    assert all(counts.values()), counts
    assert report.rows == sum(counts.values())
    result = audit_verify(runner)
    assert result.exit_code == 0, result.output
    assert f"Audit chain intact: {session.query(Event).count()} events verified." in result.output
    assert f"Live data matches the chain: {report.rows:,} rows checked." in result.output


def test_each_event_records_the_states_its_writer_wrote(session, people, pos):
    opened = session.scalar(select(Event).where(Event.verb == "consultation.opened"))
    consents = session.scalars(select(Consent).order_by(Consent.id)).all()
    assert {f"consent:{c.id}" for c in consents} <= set(opened.data["states"])  # the pending consents
    silence = session.scalar(select(Event).where(Event.verb == "consultation.silence"))
    assert set(silence.data["states"]) == {f"consent:{c.id}" for c in consents if c.state == "silent"}
    taken = session.scalar(select(Event).where(Event.verb == "version.taken"))
    entries = session.scalars(select(VersionClause).where(VersionClause.version_id == int(taken.object_id))).all()
    assert {f"version_clause:{e.version_id}.{e.revision_id}" for e in entries} | {f"version:{taken.object_id}"} <= set(taken.data["states"])
    fired = session.scalars(select(Event).where(Event.verb == "transition.fired").order_by(Event.id)).all()
    assert all(f"position:{pos.id}" in e.data["states"] for e in fired)
    imported = imported_position(session, people)
    event = session.scalar(select(Event).where(Event.verb == "import.position"))
    written = {k.partition(":")[0] for k in event.data["states"]}
    assert event.position_id == imported.id and written == {"clause", "clause_revision"}
    assert len(event.data["states"]) == 2 * event.data["clauses"]


def test_an_edited_clause_revision_of_a_version_is_named(session, runner, pos):
    v1 = session.scalar(select(Version).where(Version.position_id == pos.id, Version.number == 1))
    revision = session.scalar(select(ClauseRevision).join(VersionClause, VersionClause.revision_id == ClauseRevision.id)
                              .where(VersionClause.version_id == v1.id, ClauseRevision.kind == "red_line"))
    uid, recorded_by = revision.clause.uid, newest(session, "clause.added", f"clause_revision:{revision.id}")
    sql(session, "UPDATE clause_revision SET body = 'Reopen the conceptual framework.' WHERE id = :id", id=revision.id)
    result = audit_verify(runner)
    assert result.exit_code == 1
    assert "Audit chain intact" in result.output  # the chain alone would have said nothing
    assert (f"clause revision {revision.id} (clause {uid} of position {pos.id}) differs from what event "
            f"{recorded_by.id} recorded.") in result.output
    assert "Error: Audit verification failed: 1 row changed." in result.output


def test_a_consent_flipped_to_object_is_named(session, runner, pos):
    consent = session.scalar(select(Consent).where(Consent.state == "agree"))
    answered = newest(session, "consent.given", f"consent:{consent.id}")
    sql(session, "UPDATE consent SET state = 'object', note = 'We never agreed.' WHERE id = :id", id=consent.id)
    result = audit_verify(runner)
    assert result.exit_code == 1
    assert f"consent {consent.id} (VL-OMG on v1 of position {pos.id}) differs from what event {answered.id} recorded." in result.output


@pytest.mark.parametrize("statement, named", [
    ("UPDATE position SET stage = 'review', frozen_at = NULL WHERE id = {review}",
     "position {review} (stage review) differs from what event {frozen_by} recorded"),
    ("UPDATE approval SET decision = 'reject', note = 'No.' WHERE id = {approval}",
     "approval {approval} (reject of v1 of position {review}) differs"),
    ("UPDATE comment SET status = 'open', resolution_note = NULL WHERE id = {amendment}",
     "comment {amendment} (SPW-ARNE on clause {amended} of position {pos}) differs"),
    ("UPDATE version SET content_hash = '{zeros}' WHERE id = {v1}", "version {v1} (v1 of position {pos}) differs"),
    ("UPDATE consultation SET closed_at = NULL, outcome = NULL", "consultation {consultation} (on v1 of position {pos}) differs"),
])
def test_each_kind_of_state_is_checked(session, people, runner, pos, statement, named):
    review = approved_review(session, people)
    amendment = session.scalar(select(Comment).where(Comment.kind == "amendment"))
    ids = {
        "pos": pos.id, "review": review.id, "zeros": "0" * 64,
        "frozen_by": session.scalar(select(func.max(Event.id)).where(Event.position_id == review.id, Event.verb == "transition.fired")),
        "approval": session.scalar(select(Approval.id).join(Version).where(Version.position_id == review.id)),
        "amendment": amendment.id, "amended": session.get(Clause, amendment.clause_id).uid,
        "v1": session.scalar(select(Version.id).where(Version.position_id == pos.id)),
        "consultation": session.scalar(select(Consultation.id)),
    }
    sql(session, statement.format(**ids))
    result = audit_verify(runner)
    assert result.exit_code == 1
    assert named.format(**ids) in result.output, result.output


def test_a_moved_head_pointer_a_removed_row_and_an_added_row_are_named(session, runner, pos):
    edited = session.scalar(select(ClauseRevision).where(ClauseRevision.base_revision_id.is_not(None)).order_by(ClauseRevision.id))
    sql(session, "UPDATE clause SET head_revision_id = :old WHERE id = :id", old=edited.base_revision_id, id=edited.clause_id)
    approval = session.execute(text("SELECT id FROM approval")).scalar()
    sql(session, "DELETE FROM approval")
    consent = session.scalar(select(Consent).order_by(Consent.id.desc()))
    sql(session, "INSERT INTO consent (consultation_id, administration_id, state, note) VALUES (:c, :a, 'object', 'Late')",
        c=consent.consultation_id, a=session.execute(text("SELECT id FROM administration WHERE code = 'FPS-FA'")).scalar())
    result = audit_verify(runner)
    assert result.exit_code == 1
    assert re.search(rf"clause {edited.clause_id} \(\w+ of position {pos.id}\) differs from what event \d+ recorded", result.output)
    assert re.search(rf"approval {approval} of position {pos.id}, recorded by event \d+, is missing", result.output)
    assert re.search(r"1 row has no recorded state \(consent: 1\), e\.g\. consent \d+ of position \d+ has no recorded state", result.output)
    assert "Audit verification failed: 1 row changed; 1 row missing; 1 row without recorded state." in result.output


def test_a_write_committed_while_verify_runs_is_not_reported(session, people, pos, monkeypatch):
    from positions.audit import verify as audit_verify
    from positions.services import drafting, editing

    compare, edits = audit_verify._compare, []

    def meanwhile(*args):
        """Another user edits a heading after verify read the chain and before it reads the rows."""
        clause = drafting.draft(session, pos)[0]
        edits.append(editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id,
                                         heading=f"General remarks {len(edits)}"))
        session.commit()
        return compare(*args)

    monkeypatch.setattr(audit_verify, "_compare", meanwhile)
    assert verify(session).ok
    monkeypatch.setattr(audit_verify, "RECHECKS", 0)  # without reading them again, the rows would be reported
    assert {f.table for f in verify(session).findings} == {"clause", "clause_revision"}
    monkeypatch.setattr(audit_verify, "RECHECKS", 3)
    resolved, uid = newest(session, None, "comment:1"), session.get(Clause, session.get(Comment, 1).clause_id).uid
    session.execute(text("UPDATE comment SET body = 'Forged.' WHERE id = 1"))  # committed by meanwhile, without an event
    assert [f.text for f in verify(session).findings] == [
        f"comment 1 (VL-OMG on clause {uid} of position {pos.id}) differs from what event {resolved.id} recorded"]
    assert resolved.verb == "comment.resolved"
    assert len(edits) == 3 and all(e.changed for e in edits)


def test_the_demo_data_verifies(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    result = audit_verify(runner)
    assert result.exit_code == 0, result.output
    assert "Live data matches the chain" in result.output


def test_verify_during_concurrent_writes_reports_nothing(app, backend, session, people):
    """PostgreSQL, several writers committing while verify runs again and again: no false alarm, and all covered."""
    if backend != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    import threading
    from datetime import date, timedelta

    from sqlalchemy.orm import Session

    from positions.models import Position, User
    from positions.services import comments, consultations, drafting, editing, versions
    from tests.factories import position
    from workflows.service import fire_transition

    pos = position(session, people.pen)
    fire_transition(pos, "submit", people.pen, deadline=(date.today() + timedelta(days=7)).isoformat())
    session.commit()
    uids, engine, errors = [d.uid for d in drafting.draft(session, pos)][1:5], session.get_bind(), []

    def write(user_id: int, index: int) -> None:
        with Session(engine) as own:
            user, mine = own.get(User, user_id), own.get(Position, pos.id)
            for n in range(8):
                try:
                    if user.role == "pen_holder":
                        clause = drafting.find_clause(own, mine, uids[index])
                        editing.edit_clause(own, user, mine, uids[index], base_revision=clause.head.id, body=f"Text {n}.")
                    elif n % 2:
                        consultations.answer(own, user, mine, versions.get_version(own, mine, 1), "agree")
                    else:
                        comments.post_comment(own, user, mine, uids[n % 4], kind="comment", body=f"Remark {n}.")
                    own.commit()
                except Exception as error:  # noqa: BLE001 - reported below
                    own.rollback()
                    errors.append(error)

    writers = [threading.Thread(target=write, args=(u.id, i)) for i, u in
               enumerate([people.pen, people.flemish, people.walloon, people.brussels])]
    for thread in writers:
        thread.start()
    reports = []
    while any(t.is_alive() for t in writers) or len(reports) < 2:  # on a loaded machine the writers may be quick
        reports.append(verify(session))
        session.rollback()
    for thread in writers:
        thread.join()
    assert errors == []
    assert reports and all(r.ok for r in reports), [r.findings for r in reports if not r.ok][:1]
    final = verify(session)
    assert final.ok and session.scalar(select(func.count()).select_from(Comment)) == 12
