"""Consultations: asking the consulted parties about a version, with the silence procedure.

A consultation asks the participants of its phase (the workflow says which audiences): the position's consulted
Belgian administrations, and/or the member states and EU institutions whose delegates are invited to the position.
Answers, silence, reservations and consensus are the same for all of them: a member state is an administration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from positions import audit
from positions.actors import SYSTEM
from positions.clock import now
from positions.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.messages import Msg
from positions.models import (
    CONSENT_STATES,
    Administration,
    Consent,
    Consultation,
    Position,
    User,
    Version,
)
from positions.permissions import can_answer_for, can_edit, require
from positions.services import participants
from positions.services.deadlines import parse_deadline
from positions.services.locking import lock_position, writable

AGREEING = frozenset({"agree", "agree_with_reservation", "silent"})
ANSWERS = ("agree", "agree_with_reservation", "object")
EU = "eu"  # the audience of the member states (workflow phases name it)
BELGIAN = ("belgian",)


@dataclass
class Verdict:
    """The consensus reading of one consultation."""

    state: str  # consensus, blocked, pending; closed (withdrawn)
    counts: dict[str, int] = field(default_factory=dict)
    objections: list[Consent] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [f"{n} {s.replace('_', ' ')}" for s in (*CONSENT_STATES, "unanswered") if (n := self.counts.get(s))]
        if self.state == "blocked":
            who = "; ".join(f"{c.administration.name} objects — {c.note}" for c in self.objections)
            return f"Blocked: {who}"
        prefix = {"consensus": "Consensus", "closed": "Closed"}.get(self.state, "Pending")
        return f"{prefix}: {', '.join(parts) or 'no administrations consulted'}"


def consulted_parties(session: Session, position: Position, audiences: tuple[str, ...] = BELGIAN) -> list[Administration]:
    """Whom a consultation asks, for the audiences of its phase: the position's consulted administrations for
    ``belgian`` and ``delegation``; the member states and institutions with an invited delegate for ``eu``."""
    found: list[Administration] = []
    for audience in audiences:
        found += participants.invited_administrations(session, position) if audience == EU else list(position.consulted)
    return list(dict.fromkeys(found))


def open_consultation(session: Session, actor: User, position: Position, version: Version, deadline: datetime,
                      audiences: tuple[str, ...] = BELGIAN) -> Consultation:
    """Ask every party of the phase's audiences (see consulted_parties) about this version until the deadline."""
    writable(session, position)
    if deadline is None:
        raise ValidationFailed(Msg("A consultation needs a deadline."), {"deadline": "required"})
    if deadline <= now():
        raise ValidationFailed(Msg("The deadline must be in the future."), {"deadline": deadline.isoformat()})
    parties = consulted_parties(session, position, audiences)
    if not parties and tuple(audiences) == (EU,):
        raise ValidationFailed(Msg("No member state is invited to this position yet: invite their delegates first."))
    if not parties:
        raise ValidationFailed(Msg("No administrations are consulted on this position."))
    if open_consultation_of(session, position) is not None:
        raise Conflict(Msg("A consultation is already open on this position."))
    if session.scalar(select(Consultation.id).where(Consultation.version_id == version.id)):
        raise Conflict(Msg("Version %(number)s has already been consulted on; take a new version.", number=version.number))
    consultation = Consultation(position_id=position.id, version_id=version.id, deadline=deadline, opened_by_id=actor.id)
    session.add(consultation)
    session.flush()
    session.add_all(Consent(consultation_id=consultation.id, administration_id=a.id) for a in parties)
    session.flush()
    audit.record(session, actor, "consultation.opened", consultation, position_id=position.id,
                 data={"version": version.number, "deadline": deadline.isoformat()})
    return consultation


def consult(session: Session, actor: User, position: Position, number: int | None, deadline: Any,
            audiences: tuple[str, ...] = BELGIAN) -> Consultation:
    """The pen-holder asks the phase's parties about version `number`, or about a version of the draft taken now."""
    from positions.services import versions

    writable(session, position)
    require(can_edit(actor, position), Msg("Only the pen-holder opens consultations."))
    deadline = parse_deadline(deadline)
    version = (versions.get_version(session, position, number) if number is not None
               else versions.take_version(session, actor, position, Msg("Version for consultation")))
    return open_consultation(session, actor, position, version, deadline, audiences)


def open_consultation_of(session: Session, position: Position) -> Consultation | None:
    """The consultation now open on the position, if any."""
    return session.scalar(
        select(Consultation)
        .where(Consultation.position_id == position.id, Consultation.closed_at.is_(None))
        .options(selectinload(Consultation.consents).selectinload(Consent.administration))
    )


def closed_at_deadline(session: Session, position: Position) -> Consultation | None:
    """The position's latest consultation if the system closed it at its deadline (the step after it not yet taken)."""
    latest = session.scalar(select(Consultation).where(Consultation.position_id == position.id)
                            .order_by(Consultation.id.desc()).limit(1)
                            .options(selectinload(Consultation.consents).selectinload(Consent.administration)))
    if latest is None or latest.closed_at is None or latest.closed_at < latest.deadline or latest.outcome == "withdrawn":
        return None
    return latest


def takes_answers(consultation: Consultation) -> bool:
    """Whether answers can still be given or changed: the consultation is open and its deadline has not passed."""
    return consultation.closed_at is None and now() < consultation.deadline


def settle(session: Session, consultation: Consultation) -> list[str]:
    """Apply the silence procedure: after the deadline, no answer counts as agreement; the codes now silent."""
    if consultation.closed_at is not None or now() < consultation.deadline:
        return []
    if not any(c.state == "pending" for c in consultation.consents):
        return []
    position = lock_position(session, session.get(Position, consultation.position_id))
    # Under the lock: the consultation may have closed, or answers come in just before the deadline.
    session.refresh(consultation, ["closed_at"])
    session.scalars(select(Consent).where(Consent.consultation_id == consultation.id)
                    .execution_options(populate_existing=True)).all()
    if consultation.closed_at is not None or position.frozen_at is not None:
        return []
    silent = [c for c in consultation.consents if c.state == "pending"]
    for consent in silent:
        consent.state = "silent"
        consent.answered_at = consultation.deadline
    if silent:
        session.flush()
        audit.record(session, SYSTEM, "consultation.silence", consultation, position_id=consultation.position_id,
                     data={"silent": [c.administration.code for c in silent]})
    return [c.administration.code for c in silent]


def verdict(consultation: Consultation, consents: list[Consent] | None = None) -> Verdict:
    """Consensus when everyone agrees (silence counts), blocked by any objection, else pending.

    A closed consultation reads as its outcome; an administration that had not answered when it closed
    (before the deadline) counts as "unanswered", never as pending. Given `consents` (some of its parties,
    e.g. the member states only), the verdict is theirs: a closed round reads as blocked only if one of them objected."""
    closed = consultation.closed_at is not None
    part = consents is not None
    consents = consultation.consents if consents is None else consents
    counts: dict[str, int] = {}
    for consent in consents:
        state = "unanswered" if closed and consent.state == "pending" else consent.state
        counts[state] = counts.get(state, 0) + 1
    objections = [c for c in consents if c.state == "object"]
    if closed:
        outcome = consultation.outcome if consultation.outcome in ("consensus", "blocked") else "closed"
        if part and outcome == "blocked" and not objections:
            outcome = "closed"
        return Verdict(outcome, counts, objections if outcome == "blocked" else [])
    if objections:
        return Verdict("blocked", counts, objections)
    if all(c.state in AGREEING for c in consents):
        return Verdict("consensus", counts)
    return Verdict("pending", counts)


def answer(session: Session, actor: User, position: Position, version: Version, state: str, note: str | None = None) -> Consent:
    """Record the acting official's administration's answer on a version."""
    if state not in ANSWERS:
        raise ValidationFailed(Msg("Unknown answer '%(state)s'. Choose one of: %(choices)s.", state=state, choices=", ".join(ANSWERS)), {"state": state})
    note = (note or "").strip() or None
    refuse_hidden_characters(note, "note")
    if state in ("agree_with_reservation", "object") and not note:
        raise ValidationFailed(Msg("Say why: a note is required with a reservation or an objection."), {"note": "required"})
    writable(session, position)
    administration: Administration = actor.administration
    if actor.role == "delegate":
        if not can_answer_for(actor, position, administration, invited=participants.participating(session, actor, position)):
            raise PermissionDenied(Msg("Only a delegate invited to this position can answer, and only for their own member state."))
    elif not can_answer_for(actor, position, administration):
        raise PermissionDenied(Msg("Only an official of a consulted administration can answer, and only for their own administration."))
    consultation = session.scalar(
        select(Consultation).where(Consultation.version_id == version.id).with_for_update()
        .execution_options(populate_existing=True)
    )
    if consultation is None:
        raise NotFound(Msg("Version %(number)s is not under consultation.", number=version.number))
    consent = session.scalar(
        select(Consent).where(Consent.consultation_id == consultation.id, Consent.administration_id == administration.id).with_for_update()
    )
    if consent is None:
        raise PermissionDenied(Msg("%(administration)s is not consulted on this version.", administration=administration.name))
    if consultation.closed_at is not None:
        raise Conflict(Msg("This consultation is closed; answers can no longer be given or changed."))
    if not takes_answers(consultation):  # open, but past its deadline
        settle(session, consultation)
        raise Conflict(Msg("The deadline (%(deadline)s) has passed: the silence procedure applies.", deadline=consultation.deadline))
    previous = consent.state
    consent.state, consent.note, consent.answered_by_id, consent.answered_at = state, note, actor.id, now()
    session.flush()
    audit.record(session, actor, "consent.given", consent, position_id=position.id,
                 data={"version": version.number, "administration": administration.code, "state": state, "previous": previous, "note": note})
    return consent


def close_consultation(session: Session, actor: User | None, consultation: Consultation, outcome: str,
                       details: dict[str, Any] | None = None) -> None:
    """Close a consultation with its outcome; answers are frozen from then on.

    ``details`` join the event (the deadline closing it, what blocks the step after it); the event names the
    administrations whose silence this closing recorded, so one message tells both."""
    lock_position(session, session.get(Position, consultation.position_id))
    if consultation.closed_at is not None:
        return
    silent = settle(session, consultation)
    consultation.closed_at = now()
    consultation.outcome = outcome
    session.flush()
    data = {"outcome": outcome, **({"silent": silent} if silent else {}), **(details or {})}
    audit.record(session, actor, "consultation.closed", consultation, position_id=consultation.position_id, data=data)
