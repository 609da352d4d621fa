"""What the member states' delegates are told (design sections 9 and 10): the EU events that concern their member state.

A delegate hears, in the inbox and by mail as they chose, of an EU consultation round that asks their member state
(opened, reminded while unanswered, concluded), of a reply in an EU thread their member state wrote in, and of the
decision on their member state's EU comment or suggestion — and of nothing else: never of a Belgian-phase event,
never of a Belgian official or administration (whoever acted on the Belgian side is "BE / Belgium", as on the EU
pages), never of notes. These rules sit beside positions.notify.recipients' own; their notices have the audience
'eu', which the outbox gives only to the delegates still invited to the position.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions.events import DomainEvent
from positions.kinds import EU_SHARED_KINDS
from positions.member_states import is_belgian
from positions.messages import N_
from positions.models import (
    Administration,
    ClauseRevision,
    Comment,
    Consultation,
    Participant,
    Position,
    User,
)
from positions.notify.recipients import Notice, also_remind, also_tell, revision_label
from workflows.eu_comments import as_delegates_know
from workflows.eu_consultation import EuRound, eu_rounds
from workflows.eu_text import EU

DECIDED = {
    "comment.accepted": N_("The suggestion of %(administration)s on “%(clause)s” in “%(title)s” was accepted."),
    "comment.rejected": N_("The suggestion of %(administration)s on “%(clause)s” in “%(title)s” was rejected."),
    "comment.resolved": N_("The EU comment of %(administration)s on “%(clause)s” in “%(title)s” was resolved."),
}
CONCLUDED = {
    "consensus": N_("The EU consultation on EU version %(version)s of “%(title)s” was concluded with consensus."),
    "blocked": N_("The EU consultation on EU version %(version)s of “%(title)s” was concluded without consensus."),
    "withdrawn": N_("The EU consultation on EU version %(version)s of “%(title)s” was withdrawn."),
    "closed": N_("The EU consultation on EU version %(version)s of “%(title)s” was closed."),
}


def delegates_of(session: Session, position_id: int, administration_id: int) -> list[int]:
    """The active delegates of this member state (or institution) invited to the position and not revoked."""
    return list(session.scalars(
        select(Participant.user_id).join(User, User.id == Participant.user_id)
        .where(Participant.position_id == position_id, Participant.administration_id == administration_id,
               Participant.revoked_at.is_(None), User.role == "delegate", User.active.is_(True))))


def as_known(administration: Administration | None, person: User | None) -> str:
    """Who acted, as the EU pages show them to a delegate: "BE / Belgium", "DE / Anna Schmidt"; nobody: Plenipo."""
    if administration is None or person is None:
        return "Plenipo"
    known = as_delegates_know(administration, person)
    return f"{known.code} / {known.author}"


def _round(session: Session, position: Position, consultation_id: int) -> EuRound | None:
    """The EU round of this consultation (None for a round that asked no member state, e.g. a Belgian one)."""
    return next((r for r in eu_rounds(session, position) if r.consultation.id == consultation_id), None)


def _per_state(session: Session, position: Position, administrations: Iterable[Administration], kind: str, template: str,
               params: dict, link: str, clause_uid: str | None = None) -> list[Notice]:
    """One notice per member state (or institution; never a Belgian administration), to its invited delegates, naming it."""
    return [Notice(kind, delegates_of(session, position.id, a.id), template, {**params, "administration": a.name}, link,
                   clause_uid, audience=EU) for a in administrations if not is_belgian(a.kind)]


@also_tell("consultation.opened", "consultation.closed")
def round_notices(session: Session, event: DomainEvent, position: Position, _base: dict) -> list[Notice]:
    """An EU round opened (to the states it asks), or closed with its outcome as the member states read it."""
    found = _round(session, position, int(event.object_id))
    if found is None:
        return []
    asked = [c.administration for c in found.consents]
    params = {"title": position.title, "version": found.number, "deadline": found.consultation.deadline.isoformat()}
    link = f"/eu/positions/{position.id}/consultation"
    if event.verb == "consultation.opened":
        actor = session.get(User, event.actor_id) if event.actor_id else None
        return _per_state(session, position, asked, "consultation_opened",
                          N_("%(actor)s asks %(administration)s about EU version %(version)s of “%(title)s” until %(deadline)s."),
                          {**params, "actor": as_known(actor.administration if actor else None, actor)}, link)
    outcome = "withdrawn" if found.consultation.outcome == "withdrawn" else found.verdict.state
    return _per_state(session, position, asked, "consultation_concluded", CONCLUDED.get(outcome, CONCLUDED["closed"]), params, link)


@also_remind
def round_reminders(session: Session, consultation: Consultation, position: Position) -> list[Notice]:
    """Before the deadline of an EU round: the member states that have not answered yet."""
    found = _round(session, position, consultation.id)
    if found is None:
        return []
    waiting = [c.administration for c in found.consents if c.state == "pending"]
    params = {"title": position.title, "version": found.number, "deadline": consultation.deadline.isoformat()}
    return _per_state(session, position, waiting, "consultation_reminder",
                      N_("Reminder: %(administration)s has not answered the EU consultation on EU version %(version)s "
                         "of “%(title)s”; the deadline is %(deadline)s."), params, f"/eu/positions/{position.id}/consultation")


def _eu_comment(session: Session, event: DomainEvent) -> tuple[Comment, ClauseRevision] | None:
    """The EU comment of the event and the revision of the shared clause it was written on (None otherwise)."""
    comment = session.get(Comment, int(event.object_id))
    if comment is None or comment.audience != EU:
        return None
    revision = session.get(ClauseRevision, comment.revision_id)
    return (comment, revision) if revision is not None and revision.kind in EU_SHARED_KINDS else None


@also_tell("comment.posted", "comment.accepted", "comment.rejected", "comment.resolved")
def comment_notices(session: Session, event: DomainEvent, position: Position, _base: dict) -> list[Notice]:
    """A reply in an EU thread a member state wrote in; the decision on a member state's EU comment or suggestion."""
    found = _eu_comment(session, event)
    if found is None:
        return []
    comment, revision = found
    params = {"title": position.title, "clause": revision_label(revision)}
    link = f"/eu/positions/{position.id}#comment-{comment.id}"
    uid = event.data.get("clause")
    if event.verb in DECIDED:
        if comment.parent_id is not None:
            return []
        return _per_state(session, position, [comment.administration], "amendment_decided", DECIDED[event.verb], params, link, uid)
    if comment.parent_id is None:
        return []
    root = session.get(Comment, comment.parent_id)
    earlier = session.scalars(select(Comment).where(Comment.parent_id == root.id, Comment.id < comment.id)).all()
    took_part = {c.administration.id: c.administration for c in earlier if c.administration_id != root.administration_id}
    params = {**params, "actor": as_known(comment.administration, comment.author)}
    return (_per_state(session, position, [root.administration], "reply",
                       N_("%(actor)s replied to the EU comment of %(administration)s on “%(clause)s” in “%(title)s”."),
                       params, link, uid)
            + _per_state(session, position, took_part.values(), "reply",
                         N_("%(actor)s replied in an EU thread %(administration)s took part in, on “%(clause)s” in “%(title)s”."),
                         params, link, uid))
