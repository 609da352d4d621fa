"""Who hears of what: one audit event becomes notifications for the people it concerns.

Each rule answers (kind, user ids, template, params, link) lists; the actor never hears of their own act, a
user hears of one event once (the first rule that names them and that they may read wins) and only of positions
they may read. A layer above adds rules of its own beside these (`also_tell`, `also_remind`): the EU side tells the
member states' delegates of the EU events that concern them (workflows/eu_notices.py), in notices of audience 'eu'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from positions.events import DomainEvent
from positions.messages import N_
from positions.models import (
    Clause,
    ClauseRevision,
    Comment,
    Consent,
    Consultation,
    Follow,
    Position,
    User,
    Version,
)
from positions.notify.mentions import mentioned_users


@dataclass
class Notice:
    """One kind of news for some users about one event."""

    kind: str
    users: Iterable[int]
    template: str
    params: dict[str, Any] = field(default_factory=dict)
    link: str = "/"
    clause_uid: str | None = None
    audience: str = "belgian"  # 'belgian': whoever may read the position; 'eu': its invited delegates only (outbox.queue)


Rule = Callable[[Session, DomainEvent, Position, dict], list[Notice]]
ReminderRule = Callable[[Session, Consultation, Position], list[Notice]]
_MORE_RULES: dict[str, list[Rule]] = {}
_MORE_REMINDERS: list[ReminderRule] = []


def also_tell(*verbs: str) -> Callable[[Rule], Rule]:
    """Register a rule of a layer above for these events, beside RULES (usable as a decorator; twice changes nothing)."""
    def register(rule: Rule) -> Rule:
        for verb in verbs:
            if rule not in _MORE_RULES.setdefault(verb, []):
                _MORE_RULES[verb].append(rule)
        return rule
    return register


def also_remind(rule: ReminderRule) -> ReminderRule:
    """Register who else a consultation's deadline reminder reaches (positions.notify.jobs.send_reminders)."""
    if rule not in _MORE_REMINDERS:
        _MORE_REMINDERS.append(rule)
    return rule


def more_reminders(session: Session, consultation: Consultation, position: Position) -> list[Notice]:
    """The reminders the registered rules add for an open consultation near its deadline."""
    return [notice for rule in _MORE_REMINDERS for notice in rule(session, consultation, position)]


def officials_of(session: Session, administration_ids: Iterable[int] | Select) -> list[int]:
    """The active officials of these administrations (ids, or a query of ids)."""
    ids = administration_ids if isinstance(administration_ids, Select) else list(administration_ids)
    if not isinstance(ids, Select) and not ids:
        return []
    return list(session.scalars(select(User.id).where(User.administration_id.in_(ids), User.role == "official", User.active.is_(True))))


def leads(session: Session) -> list[int]:
    return list(session.scalars(select(User.id).where(User.role == "delegation_lead", User.active.is_(True))))


def followers(session: Session, event: DomainEvent, uid: str | None) -> list[int]:
    """Who followed the position, or this clause of it, when the event happened."""
    clause = Follow.clause_uid.is_(None) if uid is None else or_(Follow.clause_uid.is_(None), Follow.clause_uid == uid)
    return list(session.scalars(select(Follow.user_id).where(Follow.position_id == event.position_id, clause,
                                                             Follow.created_at <= event.at)))


def position_link(position_id: int, uid: str | None = None) -> str:
    return f"/positions/{position_id}" + (f"#clause-{uid}" if uid else "")


_NUMBERS = "plenipo.notify.clause_numbers"


def clause_label(session: Session, position: Position, uid: str | None) -> str:
    """A clause as people recognise it: the number every page and Word file shows (none once deleted), its first words."""
    clause = session.scalar(select(Clause).where(Clause.position_id == position.id, Clause.uid == uid)) if uid else None
    if clause is None or clause.head is None:
        return uid or ""
    numbers = session.info.setdefault(_NUMBERS, {})  # read once per commit: every event of it sees the committed order
    if position.id not in numbers:
        from positions.services.drafting import draft  # noqa: I001 - here: the services import this module

        numbers[position.id] = {d.uid: d.number for d in draft(session, position)}
    return f"{numbers[position.id].get(uid, '')} {revision_label(clause.head)}".strip()


def forget_numbers(session: Session) -> None:
    """Drop the clause numbers read for one commit's notifications."""
    session.info.pop(_NUMBERS, None)


def revision_label(revision: ClauseRevision) -> str:
    """The first words of one revision of a clause (its heading, else its text)."""
    text = (revision.heading or revision.body or "").strip().replace("\n", " ").replace("**", "").replace("__", "")
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


def _consultation_notices(session: Session, event: DomainEvent, position: Position, base: dict) -> list[Notice]:
    consultation = session.get(Consultation, int(event.object_id))
    if consultation is None:
        return []
    version = session.get(Version, consultation.version_id)
    consulted = select(Consent.administration_id).where(Consent.consultation_id == consultation.id)  # asked within the next query
    params = {**base, "version": version.number, "deadline": consultation.deadline.isoformat()}
    answer_form = f"/positions/{position.id}/consultation"
    if event.verb == "consultation.opened":
        return [Notice("consultation_opened", officials_of(session, consulted),
                       N_("%(actor)s asks your administration about v%(version)s of “%(title)s” until %(deadline)s."),
                       params, answer_form)]
    to_all = officials_of(session, consulted) + [position.created_by_id]
    silent = ", ".join(event.data.get("silent") or [])
    if event.verb == "consultation.silence":
        if consultation.closed_at is not None:
            return []  # closed in the same transaction: the closing tells of the silence too
        return [Notice("silence_applied", to_all,
                       N_("The deadline passed on v%(version)s of “%(title)s”: silence counts as agreement for %(silent)s."),
                       {**params, "silent": silent}, answer_form)]
    outcome = event.data.get("outcome")
    templates = {
        "consensus": N_("The consultation on v%(version)s of “%(title)s” was concluded with consensus."),
        "blocked": N_("The consultation on v%(version)s of “%(title)s” was concluded without consensus: an administration objects."),
        "withdrawn": N_("The consultation on v%(version)s of “%(title)s” was withdrawn."),
    }
    if silent and outcome == "consensus":
        templates["consensus"] = N_("The deadline passed on v%(version)s of “%(title)s”: silence counts as agreement for "
                                    "%(silent)s, and the consultation was concluded with consensus.")
    notices = [Notice("consultation_concluded", to_all, templates.get(outcome, templates["withdrawn"]),
                      {**params, "silent": silent}, answer_form)]
    if event.data.get("blocked_by"):  # closed at the deadline, but the workflow's step after it waits: say why
        reasons = event.data["blocked_by"]  # stored messages: each translated into the reader's language when shown
        template = (N_("The deadline passed on v%(version)s of “%(title)s”: the consultation closed with consensus, "
                       "but “%(step)s” cannot be taken yet: %(reasons)s.") if outcome == "consensus" else
                    N_("The deadline passed on v%(version)s of “%(title)s”: the consultation closed without consensus, "
                       "and “%(step)s” cannot be taken: %(reasons)s."))
        notices.insert(0, Notice("consultation_concluded", [position.created_by_id], template,
                                 {**params, "step": event.data.get("step", ""), "reasons": reasons}, f"/positions/{position.id}"))
    if outcome == "consensus":
        notices.insert(0, Notice("approval_requested", leads(session),
                                 N_("The consultation on v%(version)s of “%(title)s” reached consensus: your approval is requested."),
                                 params, f"/positions/{position.id}/versions"))
    return notices


def _comment_notices(session: Session, event: DomainEvent, position: Position, base: dict) -> list[Notice]:
    comment = session.get(Comment, int(event.object_id))
    if comment is None:
        return []
    uid = session.scalar(select(Clause.uid).where(Clause.id == comment.clause_id))
    link = position_link(position.id, uid)
    told: list[tuple[str, object, str]] = []  # (kind, recipients, template): the clause is named only if someone is told
    if event.verb in ("comment.accepted", "comment.rejected"):
        if comment.kind != "amendment":
            return []
        template = (N_("Your administration's amendment on “%(clause)s” in “%(title)s” was accepted.") if event.verb == "comment.accepted"
                    else N_("Your administration's amendment on “%(clause)s” in “%(title)s” was rejected."))
        told.append(("amendment_decided", officials_of(session, [comment.administration_id]) + [comment.author_id], template))
    elif event.verb == "comment.posted":
        if comment.parent_id is not None:
            parent = session.get(Comment, comment.parent_id)
            thread = {parent.author_id, *session.scalars(select(Comment.author_id).where(Comment.parent_id == parent.id))}
            told.append(("reply", thread, N_("%(actor)s replied in a thread you took part in, on “%(clause)s” in “%(title)s”.")))
        told.append(("mention", mentioned_users(session, comment.body), N_("%(actor)s mentioned you on “%(clause)s” in “%(title)s”.")))
        told.append(("followed_change", followers(session, event, uid),
                     N_("%(actor)s commented on “%(clause)s” in “%(title)s”, which you follow.")))
    told = [t for t in told if t[1]]
    if not told:
        return []
    params = {**base, "clause": clause_label(session, position, uid)}
    return [Notice(kind, recipients, template, params, link, uid) for kind, recipients, template in told]


def _approval_notices(session: Session, event: DomainEvent, position: Position, base: dict) -> list[Notice]:
    params = {**base, "version": event.data.get("version"), "note": event.data.get("note") or ""}
    template = (N_("%(actor)s approved v%(version)s of “%(title)s”.") if event.verb == "version.approved"
                else N_("%(actor)s rejected v%(version)s of “%(title)s”: %(note)s"))
    return [Notice("approval_decided", [position.created_by_id], template, params, f"/positions/{position.id}/versions")]


def _clause_notices(session: Session, event: DomainEvent, position: Position, base: dict) -> list[Notice]:
    uid = event.data.get("uid")
    told = followers(session, event, uid)
    if not told:  # most edits: nobody follows; the clause's number is not worth reading
        return []
    params = {**base, "clause": clause_label(session, position, uid)}
    return [Notice("followed_change", told,
                   N_("%(actor)s changed “%(clause)s” in “%(title)s”, which you follow."), params, position_link(position.id, uid), uid)]


def _official_notices(session: Session, event: DomainEvent, position: Position, base: dict) -> list[Notice]:
    """A new revision of an official document changed paragraphs that clauses are linked to: review them."""
    uids = list(event.data.get("clauses") or [])
    told = [position.created_by_id]
    for uid in uids or [None]:
        told += [user for user in followers(session, event, uid) if user not in told]
    params = {**base, "document": event.data.get("document") or "", "count": len(uids) or event.data.get("links", 0)}
    return [Notice("followed_change", told,
                   N_("%(document)s changed the official text of %(count)s clause(s) of “%(title)s” — review them."),
                   params, f"/positions/{position.id}/official", uids[0] if len(uids) == 1 else None)]


RULES = {
    "consultation.opened": _consultation_notices, "consultation.silence": _consultation_notices,
    "consultation.closed": _consultation_notices,
    "comment.posted": _comment_notices, "comment.accepted": _comment_notices, "comment.rejected": _comment_notices,
    "version.approved": _approval_notices, "version.rejected": _approval_notices,
    "clause.added": _clause_notices, "clause.edited": _clause_notices, "clause.moved": _clause_notices,
    "clause.deleted": _clause_notices,
    "official.flagged": _official_notices,
}


def notices_for(session: Session, event: DomainEvent) -> list[Notice]:
    """What this event tells whom (empty for events nobody is told of)."""
    rules = ([RULES[event.verb]] if event.verb in RULES else []) + _MORE_RULES.get(event.verb, [])
    if not rules or event.position_id is None:
        return []
    position = session.get(Position, event.position_id)
    if position is None:
        return []
    actor = session.get(User, event.actor_id) if event.actor_id else None
    base = {"actor": actor.name if actor else "Plenipo", "title": position.title}
    return [notice for rule in rules for notice in rule(session, event, position, base)]
