"""The outbox: notifications written in the writer's own transaction, just before it commits.

positions/events.py publishes audit events to subscribers *after* commit, which is too late for work that
must not be lost. So this module hooks SQLAlchemy's `before_commit` instead: the session flushes, the audit
events this transaction wrote (collected by positions/events.py at each flush) become Notification rows,
and those rows are flushed by the same commit. A transaction that rolls back takes its notifications
with it; one that commits carries them. The worker (positions/notify/jobs.py) mails them later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import event as orm_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from positions import (  # audit first: its before_commit hook adds the pending events, ours then reads them
    audit,
    events,
)
from positions.clock import now
from positions.models import (
    Administration,
    Notification,
    NotificationPreference,
    Participant,
    Position,
    User,
)
from positions.notify.recipients import Notice, forget_numbers, notices_for
from positions.permissions import can_view

log = logging.getLogger(__name__)
_DONE = "plenipo_events_notified"  # session.info: ids of the events already turned into notifications
MAIL_STATE = {"immediate": "pending", "digest": "digest", "off": "off"}


class _Reader:
    """Just what the permission check reads of a recipient, from one row (no User object per recipient)."""

    is_authenticated = True

    def __init__(self, role: str, administration_id: int, active: bool) -> None:
        self.role, self.administration_id, self.is_active = role, administration_id, active


def queue(session: Session, notices: Iterable[Notice], *, position_id: int | None, actor_id: int | None = None,
          event_id: int | None = None, dedupe: str | None = None) -> int:
    """Insert one notification per user named (once each, never the actor, only what they may read); returns how many.

    A notice of audience 'belgian' reaches who may read the position; one of audience 'eu' only the delegates
    still invited to it. A user named by several notices gets the first of them they may read."""
    position = session.get(Position, position_id) if position_id else None
    named: dict[int, list[Notice]] = {}
    for notice in notices:
        for user_id in notice.users:
            if user_id is not None and user_id != actor_id:
                named.setdefault(user_id, []).append(notice)
    if not named:
        return 0
    # One query for every recipient: what may they read, and how do they want this kind of mail.
    found = session.execute(
        select(User.id, User.role, User.administration_id, User.active & Administration.active, NotificationPreference.email)
        .join(Administration, Administration.id == User.administration_id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(User.id.in_(named))
    ).all()
    invited = _invited(session, position, [user_id for user_id, role, *_ in found if role == "delegate"])
    at = now()
    rows = []
    for user_id, role, administration_id, active, email in found:
        reader = _Reader(role, administration_id, bool(active))
        delegate = reader.is_active and user_id in invited
        notice = next((n for n in named[user_id] if (delegate if n.audience == "eu" else can_view(reader, position))), None)
        if notice is None:
            continue
        mode = (email or {}).get(notice.kind, "immediate")
        rows.append({
            "user_id": user_id, "kind": notice.kind, "position_id": position_id, "clause_uid": notice.clause_uid,
            "event_id": event_id, "template": notice.template, "params": notice.params, "link": notice.link,
            "created_at": at, "next_attempt_at": at, "mail": MAIL_STATE[mode], "attempts": 0,
            "dedupe_key": f"{dedupe}:{user_id}" if dedupe else None, "lease_owner": None, "lease_until": None,
            "mailed_at": None, "read_at": None, "last_error": None,
        })
    if rows:  # one multi-row INSERT on the table itself (no ORM bookkeeping per row), in the caller's transaction
        rows.sort(key=lambda row: row["user_id"])
        session.execute(Notification.__table__.insert(), rows)
    return len(rows)


def _invited(session: Session, position: Position | None, delegates: list[int]) -> set[int]:
    """Which of these delegates are invited to the position and not revoked."""
    if position is None or not delegates:
        return set()
    return set(session.scalars(select(Participant.user_id).where(
        Participant.position_id == position.id, Participant.user_id.in_(delegates), Participant.revoked_at.is_(None))))


assert audit.record  # (the import above registers audit's listener before ours)


@orm_event.listens_for(Session, "before_commit")
def _notify_before_commit(session: Session) -> None:
    if not session.info.get(events.WRITTEN) and not session.new:
        return
    session.flush()  # the audit events still pending are written (and collected) now
    done: set[int] = session.info.setdefault(_DONE, set())
    for event in sorted(session.info.get(events.WRITTEN, []), key=lambda e: e.id):
        if event.id in done:
            continue
        done.add(event.id)
        notices = notices_for(session, event)
        if notices:
            queue(session, notices, position_id=event.position_id, actor_id=event.actor_id, event_id=event.id)


@orm_event.listens_for(Session, "after_commit")
@orm_event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *args) -> None:
    session.info.pop(_DONE, None)
    forget_numbers(session)
