"""Deadlines happen on time: the worker closes a consultation at its deadline and takes the workflow's step."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.notify.worker import run_once
from positions.clock import now
from positions.models import Consultation, Event, Notification
from positions.services import approvals, consultations, versions
from tests.factories import position
from workflows.engine import Transition
from workflows.service import fire_transition, transitions, workflow_for


def _submitted(session, people, days=3):
    pos = position(session, people.pen)
    fire_transition(pos, "submit", people.pen, deadline=(now() + timedelta(days=days)).isoformat() + "Z")
    session.commit()
    consultation = consultations.open_consultation_of(session, pos)
    run_once()  # the opening mails
    return pos, consultation


def _fresh(session, obj):
    session.expire_all()
    return session.get(type(obj), obj.id)


def _notices(session, user_id):
    return [n.params | {"template": n.template} for n in session.scalars(
        select(Notification).where(Notification.user_id == user_id, Notification.event_id.isnot(None)).order_by(Notification.id))]


def test_conclude_is_marked_automatic_at_the_deadline_in_the_shipped_workflow(session, people):
    workflow = workflow_for(position(session, people.pen))
    assert workflow.deadline_transition("be_consultation").name == "conclude"
    assert workflow.deadline_transition("eu_consultation").name == "conclude"
    assert workflow.deadline_transition("be_draft") is None and workflow.deadline_transition("brief_review") is None


def test_at_the_deadline_the_system_concludes_when_the_guards_allow(session, people, smtp):
    pos, consultation = _submitted(session, people)
    version = versions.get_version(session, pos, 1)
    consultations.answer(session, people.flemish, pos, version, "agree")
    approvals.decide(session, people.lead, pos, version, "approve")
    session.commit()
    run_once()
    smtp.messages.clear()
    report = run_once(consultation.deadline + timedelta(minutes=1))
    assert report.deadlines == 1
    assert _fresh(session, pos).stage == "be_agreed"
    closed = _fresh(session, consultation)
    assert closed.closed_at is not None and closed.outcome == "consensus"
    fired = session.scalar(select(Event).where(Event.verb == "transition.fired").order_by(Event.id.desc()).limit(1))
    assert fired.actor_id is None and fired.data["by"] == "deadline" and fired.data["transition"] == "conclude"
    closing = session.scalar(select(Event).where(Event.verb == "consultation.closed"))
    assert closing.data["by"] == "deadline" and sorted(closing.data["silent"]) == ["BXL-ENV", "SPW-ARNE"]
    # One mail each: silence and conclusion told together, to the consulted and to the pen-holder.
    told = sorted(str(m["To"]) for m in smtp.messages)
    assert len(told) == len(set(told)) and any(people.pen.email in t for t in told)
    assert {people.flemish.email, people.walloon.email, people.brussels.email} <= {m["To"].addresses[0].addr_spec for m in smtp.messages}
    [pen] = smtp.to(people.pen.email)
    body = pen.get_body(preferencelist=("plain",)).get_content()
    assert "silence counts as agreement for" in body and "SPW-ARNE" in body and "concluded with consensus" in body
    assert run_once(consultation.deadline + timedelta(minutes=2)).deadlines == 0  # once


def test_when_a_guard_blocks_the_consultation_still_closes_and_the_pen_holder_is_told_why(session, people, smtp):
    pos, consultation = _submitted(session, people)
    smtp.messages.clear()
    assert run_once(consultation.deadline + timedelta(minutes=1)).deadlines == 1
    assert _fresh(session, pos).stage == "be_consultation"  # the step waits for the lead
    closed = _fresh(session, consultation)
    assert closed.closed_at is not None and closed.outcome == "consensus"
    [told] = [n for n in _notices(session, people.pen.id) if "cannot be taken yet" in n["template"]]
    assert told["step"]["text"] == "Conclude consultation"
    assert [r["text"] for r in told["reasons"]] == ["the delegation lead has not approved v1"]
    assert any("approval is requested" in n["template"] for n in _notices(session, people.lead.id))
    body = smtp.to(people.pen.email)[0].get_body(preferencelist=("plain",)).get_content()
    assert "the delegation lead has not approved v1" in body
    # The step stays the pen-holder's: once the lead approves, they conclude on the closed consultation.
    step = next(s for s in transitions(pos, people.pen) if s.name == "conclude")
    assert step.blocked_by == ["the delegation lead has not approved v1"]
    approvals.decide(session, people.lead, pos, versions.get_version(session, pos, 1), "approve")
    session.commit()
    fire_transition(pos, "conclude", people.pen)
    session.commit()
    assert _fresh(session, pos).stage == "be_agreed"
    assert session.scalar(select(Event).where(Event.verb == "consultation.closed").order_by(Event.id.desc())).actor_id is None


def test_the_pen_holder_reads_what_blocks_the_step_in_their_own_language(session, people, smtp):
    people.pen.locale = "fr"
    pos, consultation = _submitted(session, people)
    smtp.messages.clear()
    run_once(consultation.deadline + timedelta(minutes=1))
    body = smtp.to(people.pen.email)[0].get_body(preferencelist=("plain",)).get_content()
    assert "« Clôturer la consultation »" in body or "Clôturer la consultation" in body
    assert "le chef de délégation n'a pas approuvé la v1" in body
    assert "the delegation lead has not approved" not in body and "Conclude consultation" not in body


def test_an_objection_closes_the_consultation_as_blocked_and_the_step_waits(session, people, smtp):
    pos, consultation = _submitted(session, people)
    consultations.answer(session, people.walloon, pos, versions.get_version(session, pos, 1), "object", "Not acceptable")
    session.commit()
    run_once(consultation.deadline + timedelta(minutes=1))
    assert _fresh(session, pos).stage == "be_consultation"
    assert _fresh(session, consultation).outcome == "blocked"
    [told] = [n for n in _notices(session, people.pen.id) if "cannot be taken" in n["template"]]
    assert any("objects to v1" in r["text"] for r in told["reasons"]) and "without consensus" in told["template"]
    # Going back to drafting still works, and a new round opens.
    fire_transition(pos, "revise", people.pen)
    session.commit()
    assert _fresh(session, pos).stage == "be_draft"


def test_a_consultation_outside_a_consultation_stage_just_closes(session, people, smtp):
    pos = position(session, people.pen)  # consulted straight from the draft: no workflow step follows
    consultation = consultations.consult(session, people.pen, pos, None, now() + timedelta(days=3))
    session.commit()
    assert run_once(consultation.deadline + timedelta(minutes=1)).deadlines == 1
    assert _fresh(session, pos).stage == "be_draft"
    assert _fresh(session, consultation).outcome == "consensus"
    assert session.scalars(select(Consultation).where(Consultation.closed_at.is_(None))).all() == []


def test_before_the_deadline_nothing_closes(session, people, smtp):
    pos, consultation = _submitted(session, people)
    assert run_once(consultation.deadline - timedelta(minutes=1)).deadlines == 0
    assert _fresh(session, consultation).closed_at is None


def test_the_engine_takes_only_a_transition_marked_automatic(session, people):
    from workflows.engine import Context, blocking_reasons
    from workflows.registry import default_registry

    pos = position(session, people.pen)
    workflow = workflow_for(pos)
    manual = workflow.transition("revise", "be_consultation")
    automatic = workflow.transition("conclude", "be_consultation")
    assert isinstance(manual, Transition) and not manual.automatic_at_deadline
    pos.stage = "be_consultation"
    reasons = blocking_reasons(Context(pos, None, manual, workflow, {}, True), default_registry)
    assert "this step is never taken automatically" in reasons
    reasons = blocking_reasons(Context(pos, None, automatic, workflow, {}, True), default_registry)
    assert not any("only the" in r for r in reasons)  # no role needed, the guards still speak
    session.rollback()
