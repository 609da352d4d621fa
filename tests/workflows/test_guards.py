"""The real guards and effects on positions: reasons in plain words, the silence procedure, deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import time_machine

from positions.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from positions.models import Consent, Consultation, Event, Version
from positions.services import approvals, comments, consultations, drafting, editing, versions
from positions.services.deadlines import parse_deadline
from tests.factories import position
from workflows.guards import deadline_text, names
from workflows.service import all_workflows, fire_transition, start_position, transitions

NOV_20 = datetime(2031, 11, 20, 9, 0)
WALLOON = "Walloon Public Service — Agriculture, Natural Resources, Environment"



@pytest.fixture
def pos(session, people):
    return position(session, people.pen)


def blocked(pos, user, name: str) -> list[str]:
    """The reasons transition ``name`` is blocked for ``user`` (empty when allowed)."""
    return next(s for s in transitions(pos, user) if s.name == name).blocked_by


def submit(session, pos, people, deadline: str = "2031-12-03") -> None:
    fire_transition(pos, "submit", people.pen, deadline=deadline, note="First round")
    session.commit()


def test_names_and_deadline_in_words():
    assert names(["A"]) == "A" and names(["A", "B"]) == "A and B" and names(["A", "B", "C"]) == "A, B and C"
    assert deadline_text(datetime(2031, 12, 3, 22, 59)) == "3 December 2031, 23:59 CET"  # TIMEZONE: Europe/Brussels
    assert deadline_text(datetime(2031, 7, 3, 21, 59)) == "3 July 2031, 23:59 CEST"


@pytest.mark.parametrize(("given", "expected"), [
    ("2031-12-03", datetime(2031, 12, 3, 22, 59)),  # the end of that day in Brussels
    ("2031-07-03", datetime(2031, 7, 3, 21, 59)),
    ("2031-12-03T10:00:00Z", datetime(2031, 12, 3, 10, 0)),
    ("2031-12-03T10:00:00+01:00", datetime(2031, 12, 3, 9, 0)),
    ("2031-12-03T10:00:00.5-14:00", datetime(2031, 12, 4, 0, 0, 0, 500000)),
    (datetime(2031, 12, 3, 12, 0, tzinfo=timezone(timedelta(hours=2))), datetime(2031, 12, 3, 10, 0)),
])
def test_parse_deadline_gives_naive_utc(given, expected):
    assert parse_deadline(given) == expected


@pytest.mark.parametrize(("given", "message"), [
    ("", "Give a deadline"), (None, "Give a deadline"),
    ("tomorrow", r"'tomorrow' is not a deadline: give a date \(YYYY-MM-DD\) or a date and time with its offset"),
    ("2031-12-03T10:00", r"has a time but no offset: add one, e\.g\. 2031-12-03T10:00Z for UTC or 2031-12-03T10:00\+01:00"),
    ("2031-12-03 10:00+01:00", "is not a deadline"), ("20311203", "is not a deadline"), ("2031-W49-3", "is not a deadline"),
    ("２０３１-12-03", "is not a deadline"), ("2031-02-30", "is not a deadline"), ("2031-12-03T10:00+24:00", "is not a deadline"),
    ("9999-12-31T23:59:59-14:00", "falls outside the years 1 to 9999 once converted to UTC"),
    ("0001-01-01T00:00:00+14:00", "falls outside the years 1 to 9999 once converted to UTC"),
])
def test_parse_deadline_refuses_clearly(given, message):
    with pytest.raises(ValidationFailed, match=message):
        parse_deadline(given)


def test_role_is_a_reason_and_guards_still_speak(session, people):
    empty = position(session, people.pen, clauses=[])
    assert blocked(empty, people.pen, "submit") == ["the position has no clauses yet"]
    assert blocked(empty, people.flemish, "submit") == ["only the pen-holder can do this", "the position has no clauses yet"]


def test_open_amendments_block_submission(session, people, pos):
    uid = drafting.draft(session, pos)[1].uid
    for proposal in ("the Secretariat", "the Chair"):
        comments.post_comment(session, people.walloon, pos, uid, kind="amendment", body="Shorter.",
                              quote="the Executive Secretary", proposed_text=proposal)
    session.commit()
    assert blocked(pos, people.pen, "submit") == ["2 amendments are still open"]
    first = comments.list_comments(session, pos)[0]
    comments.resolve(session, people.pen, pos, first, "rejected", "We keep it.")
    assert blocked(pos, people.pen, "submit") == ["1 amendment is still open"]


def test_submit_needs_a_future_deadline_and_takes_nothing_else(session, people, pos):
    with pytest.raises(ValidationFailed, match="Give a deadline"):
        fire_transition(pos, "submit", people.pen)
    session.rollback()
    with pytest.raises(ValidationFailed, match="must be in the future"):
        fire_transition(pos, "submit", people.pen, deadline="2001-01-01")
    session.rollback()
    with pytest.raises(ValidationFailed, match="does not take colour; it takes deadline, note"):
        fire_transition(pos, "submit", people.pen, deadline="2099-01-01", colour="red")
    session.rollback()
    with pytest.raises(ValidationFailed, match="longer than 1,000"):
        fire_transition(pos, "submit", people.pen, deadline="2099-01-01", note="x" * 1001)
    session.rollback()
    assert pos.stage == "be_draft" and versions.list_versions(session, pos) == []


def test_unknown_and_misplaced_transitions(session, people, pos):
    with pytest.raises(NotFound, match="no step 'teleport'"):
        fire_transition(pos, "teleport", people.pen)
    with pytest.raises(Conflict, match="cannot conclude consultation from Belgian draft"):
        fire_transition(pos, "conclude", people.lead)
    with pytest.raises(PermissionDenied) as denied:
        fire_transition(pos, "submit", people.flemish, deadline="2099-01-01")
    assert denied.value.details["reasons"] == ["only the pen-holder can do this"]


def test_submit_takes_a_version_and_opens_the_consultation(session, people, pos):
    with time_machine.travel(NOV_20, tick=False):
        submit(session, pos, people)
    [version] = versions.list_versions(session, pos)
    consultation = consultations.open_consultation_of(session, pos)
    assert pos.stage == "be_consultation" and version.note == "First round"
    assert consultation.version_id == version.id and consultation.deadline == datetime(2031, 12, 3, 22, 59)
    assert sorted(c.administration.code for c in consultation.consents) == ["BXL-ENV", "SPW-ARNE", "VL-OMG"]
    verbs = [e.verb for e in session.query(Event).order_by(Event.id)][-3:]
    assert verbs == ["version.taken", "consultation.opened", "transition.fired"]


def test_conclusion_reasons_in_plain_words(session, people, pos):
    with time_machine.travel(NOV_20, tick=False):
        submit(session, pos, people)
        v1 = versions.get_version(session, pos, 1)
        consultations.answer(session, people.walloon, pos, v1, "object", "The budget line is missing.")
        consultations.answer(session, people.flemish, pos, v1, "agree")
        session.commit()
        assert blocked(pos, people.lead, "conclude") == [
            "waiting for Brussels Environment; the deadline is 3 December 2031, 23:59 CET",
            f"{WALLOON} objects to v1: The budget line is missing.",
            "the delegation lead has not approved v1",
        ]
        approvals.decide(session, people.lead, pos, v1, "reject", "Too long.")
        assert "the delegation lead rejected v1: Too long." in blocked(pos, people.lead, "conclude")
        consultations.answer(session, people.walloon, pos, v1, "agree_with_reservation", "We will raise the budget in plenary.")
        consultations.answer(session, people.brussels, pos, v1, "agree")
        approvals.decide(session, people.lead, pos, v1, "approve")
        session.commit()
        assert blocked(pos, people.lead, "conclude") == []
        assert blocked(pos, people.pen, "conclude") == []
        assert blocked(pos, people.walloon, "conclude") == ["only the pen-holder or delegation lead can do this"]


def test_a_changed_draft_is_not_what_was_approved(session, people, pos):
    with time_machine.travel(NOV_20, tick=False):
        submit(session, pos, people)
        v1 = versions.get_version(session, pos, 1)
        for official in (people.flemish, people.walloon, people.brussels):
            consultations.answer(session, official, pos, v1, "agree")
        approvals.decide(session, people.lead, pos, v1, "approve")
        clause = drafting.draft(session, pos)[1]
        editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id, body="Belgium thanks everyone.")
        session.commit()
        assert blocked(pos, people.lead, "conclude") == ["the text has changed since v1: go back to drafting and submit it again"]


def test_four_eyes_refuses_an_author_approving_their_own_version(session, people, pos):
    with time_machine.travel(NOV_20, tick=False):
        submit(session, pos, people)
        v1 = versions.get_version(session, pos, 1)
        for official in (people.flemish, people.walloon, people.brussels):
            consultations.answer(session, official, pos, v1, "agree")
        people.pen.role = "delegation_lead"  # promoted after writing v1
        approvals.decide(session, people.pen, pos, v1, "approve")
        session.commit()
        assert blocked(pos, people.lead, "conclude") == ["v1 was approved by its own author; someone else must approve it"]


def test_silence_counts_after_the_deadline_and_guards_never_write(session, people, pos):
    with time_machine.travel(NOV_20, tick=False):
        submit(session, pos, people)
        v1 = versions.get_version(session, pos, 1)
        consultations.answer(session, people.flemish, pos, v1, "agree")
        approvals.decide(session, people.lead, pos, v1, "approve")
        session.commit()
        assert blocked(pos, people.lead, "conclude")[0].startswith(f"waiting for Brussels Environment and {WALLOON}")
    events_before = session.query(Event).count()
    with time_machine.travel(datetime(2031, 12, 4, 8, 0, tzinfo=UTC), tick=False):
        assert blocked(pos, people.lead, "conclude") == []
        assert session.query(Event).count() == events_before  # asking wrote nothing
        assert {c.state for c in session.query(Consent)} == {"agree", "pending"}
        fire_transition(pos, "conclude", people.lead, note="Silence procedure applied")
        session.commit()
    consultation = session.query(Consultation).one()
    assert pos.stage == "be_agreed" and consultation.outcome == "consensus" and consultation.closed_at is not None
    assert sorted(c.state for c in consultation.consents) == ["agree", "silent", "silent"]
    verbs = [e.verb for e in session.query(Event).order_by(Event.id)][-3:]
    assert verbs == ["consultation.silence", "consultation.closed", "transition.fired"]


def test_revise_withdraws_the_consultation_and_a_new_round_takes_a_new_version(session, people, pos):
    with time_machine.travel(NOV_20, tick=False):
        submit(session, pos, people)
        fire_transition(pos, "revise", people.pen, note="Walloon budget remark")
        session.commit()
        assert pos.stage == "be_draft" and session.query(Consultation).one().outcome == "withdrawn"
        submit(session, pos, people, deadline="2031-12-10")
    assert [v.number for v in versions.list_versions(session, pos)] == [1, 2]
    assert session.get(Version, consultations.open_consultation_of(session, pos).version_id).number == 2


def test_a_brief_approved_over_an_objection_is_recorded_as_blocked(session, people, pos):
    pos.stage = "brief_draft"
    session.commit()
    with time_machine.travel(NOV_20, tick=False):
        submit(session, pos, people)
        v1 = versions.get_version(session, pos, 1)
        consultations.answer(session, people.walloon, pos, v1, "object", "Line 2 goes too far.")
        approvals.decide(session, people.lead, pos, v1, "approve")
        fire_transition(pos, "approve", people.lead)
        session.commit()
    assert pos.stage == "final" and pos.frozen_at == NOV_20
    assert session.query(Consultation).one().outcome == "blocked"


def test_a_position_starts_in_the_initial_state_its_workflow_declares(session, people):
    review = position(session, people.pen, workflow_key="simple-review")

    assert review.stage == all_workflows()["simple-review"].initial == "draft"
    assert position(session, people.pen).stage == "be_draft"


def test_an_unknown_workflow_is_refused_naming_the_known_ones(session, people):
    with pytest.raises(ValidationFailed) as refused:
        start_position(session, people.pen, title="COP 17", meeting="CBD COP 17", agenda_item="Item 9", workflow_key="cbd-cop")

    assert refused.value.message == "There is no workflow 'cbd-cop'; choose one of: ipbes-position, simple-review."
    assert refused.value.details == {"workflow": "cbd-cop", "known": ["ipbes-position", "simple-review"]}
