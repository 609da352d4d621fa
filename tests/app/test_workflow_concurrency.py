"""Two people at once on PostgreSQL: one conclusion wins, and no answer is ever lost."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.extensions import db
from positions.errors import Conflict
from positions.models import Consent, Event, Position, User
from positions.services import approvals, consultations, versions
from tests.factories import position
from workflows.service import fire_transition

HOLD = 0.5  # how long the first transaction keeps its locks while the second one waits


@pytest.fixture
def engine(app, backend):
    if backend != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite runs one writer at a time anyway")
    return db.engine



@pytest.fixture
def pos(session, people):
    """A position whose Belgian consultation every administration agreed to and the lead approved."""
    pos = position(session, people.pen)
    fire_transition(pos, "submit", people.pen, deadline=(date.today() + timedelta(days=7)).isoformat())
    v1 = versions.get_version(session, pos, 1)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, v1, "agree")
    approvals.decide(session, people.lead, pos, v1, "approve")
    session.commit()
    return pos


class Actor:
    """One person's own database session, run in a thread, that can hold its transaction open."""

    def __init__(self, engine, user: User, pos: Position) -> None:
        self.engine, self.user_id, self.pos_id = engine, user.id, pos.id
        self.acted, self.release = threading.Event(), threading.Event()

    def run(self, action, *, hold: bool = False, after: threading.Event | None = None):
        """Do ``action(session, position, user)``; commit, or roll back and return the refusal."""
        with Session(self.engine, expire_on_commit=False) as session:
            session.execute(text("SET lock_timeout = '10s'"))
            pos, user = session.get(Position, self.pos_id), session.get(User, self.user_id)
            assert pos.stage == "be_consultation"
            if after is not None:
                assert after.wait(10)
            try:
                result = action(session, pos, user)
            except Conflict as refusal:
                session.rollback()
                return refusal
            finally:
                self.acted.set()
            if hold:
                assert self.release.wait(10)
            session.commit()
            return result


def conclude(session, pos, user):
    return fire_transition(pos, "conclude", user, note=user.name)


def walloon_objects(session, pos, user):
    version = versions.get_version(session, pos, 1)
    return consultations.answer(session, user, pos, version, "object", "Red line 3 is too weak.")


def race(first: Actor, first_action, second: Actor, second_action):
    """``first`` acts and keeps its locks; ``second`` acts meanwhile and must wait; then ``first`` commits."""
    with ThreadPoolExecutor(2) as pool:
        one = pool.submit(first.run, first_action, hold=True)
        assert first.acted.wait(10)
        two = pool.submit(second.run, second_action, after=first.acted)
        time.sleep(HOLD)
        assert not two.done(), "the second transaction should be waiting for the first one's locks"
        first.release.set()
        return one.result(timeout=20), two.result(timeout=20)


def conclusions(session) -> list[Event]:
    session.expire_all()
    return [e for e in session.query(Event).filter_by(verb="transition.fired") if e.data["transition"] == "conclude"]


def test_two_simultaneous_conclusions_make_one_transition(engine, session, people, pos):
    won, refused = race(Actor(engine, people.lead, pos), conclude, Actor(engine, people.pen, pos), conclude)

    assert won.target == "be_agreed"
    assert isinstance(refused, Conflict)
    assert refused.details["reasons"] == ["the stage changed to Belgian position agreed meanwhile"]
    assert len(conclusions(session)) == 1 and conclusions(session)[0].actor_id == people.lead.id
    assert session.query(Event).filter_by(verb="consultation.closed").count() == 1
    assert session.get(Position, pos.id).stage == "be_agreed"


def test_two_conclusions_released_together_still_make_one(engine, session, people, pos):
    barrier = threading.Barrier(2)

    def pressed_at_once(s, p, u):
        barrier.wait(10)
        return conclude(s, p, u)

    actors = [Actor(engine, people.lead, pos), Actor(engine, people.pen, pos)]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda actor: actor.run(pressed_at_once), actors))

    assert sorted(type(r).__name__ for r in results) == ["Conflict", "FiredTransition"]
    assert len(conclusions(session)) == 1


def test_an_answer_during_the_conclusion_is_refused_not_lost(engine, session, people, pos):
    fired, refusal = race(Actor(engine, people.lead, pos), conclude, Actor(engine, people.walloon, pos), walloon_objects)

    assert fired.target == "be_agreed"
    assert isinstance(refusal, Conflict) and "consultation is closed" in refusal.message
    session.expire_all()
    assert {c.state for c in session.query(Consent)} == {"agree"}
    assert session.query(Event).filter_by(verb="consent.given").count() == 3


def test_an_answer_before_the_conclusion_is_counted(engine, session, people, pos):
    consent, refusal = race(Actor(engine, people.walloon, pos), walloon_objects, Actor(engine, people.lead, pos), conclude)

    assert consent.state == "object"
    assert isinstance(refusal, Conflict)
    assert any("objects to v1: Red line 3 is too weak." in r for r in refusal.details["reasons"])
    assert conclusions(session) == []
    assert session.get(Position, pos.id).stage == "be_consultation"
