"""The audit log: append-only for the application, and tampering outside it is found at the right event."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from positions.audit import AuditLogIsAppendOnly, check_events, verify_chain
from positions.models import Event
from positions.services import consultations, versions
from tests.factories import position
from workflows.service import fire_transition


@pytest.fixture
def events(session, people):
    """A small day's work: a position, a submission, one answer; its events, oldest first."""
    pos = position(session, people.pen)
    fire_transition(pos, "submit", people.pen, deadline="2099-01-01")
    consultations.answer(session, people.flemish, pos, versions.get_version(session, pos, 1), "agree")
    session.commit()
    return session.query(Event).order_by(Event.id).all()


def test_the_application_cannot_change_an_event(session, events):
    events[3].data = {"rewritten": True}
    with pytest.raises(AuditLogIsAppendOnly, match=f"audit event {events[3].id} cannot be changed"):
        session.flush()
    session.rollback()
    assert verify_chain(session).ok


def test_the_application_cannot_delete_an_event(session, events):
    session.delete(events[-1])
    with pytest.raises(AuditLogIsAppendOnly, match="cannot be deleted"):
        session.flush()
    session.rollback()
    assert session.query(Event).count() == len(events)


def test_touching_an_event_without_changing_it_is_harmless(session, events):
    events[0].verb = events[0].verb
    session.flush()
    session.commit()
    assert verify_chain(session).ok


def test_verify_passes_on_an_honest_log(session, events):
    report = verify_chain(session, batch=4)
    assert report.ok and report.checked == len(events)
    assert {e.verb for e in events} >= {"position.created", "version.taken", "transition.fired", "consent.given"}
    assert check_events(session, events) == {}


def test_changed_data_breaks_the_chain_at_that_event(session, events):
    target = events[len(events) // 2]
    session.execute(update(Event).where(Event.id == target.id).values(data={"state": "object"}))
    session.commit()
    report = verify_chain(session, batch=3)
    assert report.broken_at == target.id and report.reason == "its content does not match its hash"
    assert report.checked == events.index(target)
    session.expire_all()
    assert check_events(session, session.query(Event).all()) == {target.id: "its content does not match its hash"}


def test_a_removed_event_breaks_the_link_of_the_next_one(session, events):
    gone, after = events[4], events[5]
    session.execute(delete(Event).where(Event.id == gone.id))
    session.commit()
    report = verify_chain(session)
    assert report.broken_at == after.id and "previous-hash" in report.reason
    session.expire_all()
    assert check_events(session, [session.get(Event, after.id)]) == {after.id: "its previous-hash does not match the event before it"}


def test_a_rehashed_forgery_is_still_caught_by_the_next_link(session, events):
    from positions.audit import event_hash

    target, following = events[2], events[3]
    forged = session.get(Event, target.id)
    session.expunge(forged)
    forged.data = {"forged": True}
    session.execute(update(Event).where(Event.id == target.id).values(data=forged.data, hash=event_hash(forged)))
    session.commit()
    report = verify_chain(session)
    assert report.broken_at == following.id and "previous-hash" in report.reason
