"""What the worker does, one step at a time (the caller commits): claim mail, remind, apply deadlines, digests.

Safe with several workers on several hosts. Mail is claimed by one UPDATE that leases the rows to one
worker: on PostgreSQL its subquery takes the candidate rows `FOR UPDATE SKIP LOCKED` (two workers never
claim the same row, and neither waits for the other); on SQLite the UPDATE runs under the database's single
write lock. A worker that dies mid-send leaves its lease to expire; the mail is then sent again
(at-least-once, never silently lost). Reminders carry a unique key per consultation, threshold and user;
deadlines are closed by workflows/deadlines.py under the position's lock; a digest is claimed by moving the user's last-digest mark.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from positions.messages import N_
from positions.models import (
    Consent,
    Consultation,
    Notification,
    NotificationPreference,
    Position,
    Version,
)
from positions.notify.outbox import queue
from positions.notify.recipients import Notice, more_reminders, officials_of
from positions.services.locking import lock_position

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
REMINDERS = (("4h", timedelta(hours=4)), ("48h", timedelta(hours=48)))  # nearest first


def claim_mail(session: Session, owner: str, at: datetime, limit: int = 100) -> int:
    """Lease up to `limit` mails due now to `owner`; returns how many (commit before sending)."""
    free = or_(Notification.lease_until.is_(None), Notification.lease_until < at)
    candidates = (select(Notification.id).where(Notification.mail == "pending", Notification.next_attempt_at <= at, free)
                  .order_by(Notification.id).limit(limit).with_for_update(skip_locked=True))
    result = session.execute(
        update(Notification).where(Notification.id.in_(candidates), Notification.mail == "pending", free)
        .values(lease_owner=owner, lease_until=at + LEASE).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def claimed(session: Session, owner: str) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.lease_owner == owner, Notification.mail == "pending")
                                .options(selectinload(Notification.user)).order_by(Notification.id)))


def mark_sent(notification: Notification, at: datetime) -> None:
    notification.mail, notification.mailed_at = "sent", at
    notification.lease_owner = notification.lease_until = None
    notification.last_error = None


def mark_failed(notification: Notification, at: datetime, error: str) -> None:
    """Try again later, waiting longer each time (1, 2, 4 … minutes, at most an hour); give up after MAX_ATTEMPTS."""
    notification.attempts += 1
    notification.last_error = error[:1000]
    notification.lease_owner = notification.lease_until = None
    if notification.attempts >= MAX_ATTEMPTS:
        notification.mail = "failed"
    else:
        notification.next_attempt_at = at + min(timedelta(minutes=2 ** (notification.attempts - 1)), timedelta(hours=1))


def _open_consultations(session: Session, *conditions) -> list[Consultation]:
    pending = exists().where(Consent.consultation_id == Consultation.id, Consent.state == "pending")
    return list(session.scalars(select(Consultation).where(Consultation.closed_at.is_(None), pending, *conditions)
                                .order_by(Consultation.id)))


def send_reminders(session: Session, at: datetime) -> int:
    """Remind the administrations that have not answered, 48 h and 4 h before the deadline; returns how many notices."""
    count = 0
    for consultation in _open_consultations(session, Consultation.deadline > at, Consultation.deadline <= at + REMINDERS[-1][1]):
        label, before = next((name, before) for name, before in REMINDERS if consultation.deadline - at <= before)
        if consultation.opened_at > consultation.deadline - before:
            continue  # opened inside this window: the opening mail said it all
        key = f"reminder:{consultation.id}:{label}"
        position = lock_position(session, session.get(Position, consultation.position_id))
        waiting = session.scalars(select(Consent.administration_id).where(Consent.consultation_id == consultation.id,
                                                                          Consent.state == "pending")).all()
        already = {int(k.rsplit(":", 1)[1]) for k in session.scalars(
            select(Notification.dedupe_key).where(Notification.dedupe_key.like(f"{key}:%")))}
        version = session.get(Version, consultation.version_id)
        params = {"title": position.title, "version": version.number, "deadline": consultation.deadline.isoformat(), "actor": "Plenipo"}
        notices = [Notice("consultation_reminder", officials_of(session, waiting),
                          N_("Reminder: your administration has not answered on v%(version)s of “%(title)s”; the deadline is %(deadline)s."),
                          params, f"/positions/{position.id}/consultation"), *more_reminders(session, consultation, position)]
        count += queue(session, [replace(n, users=[u for u in n.users if u not in already]) for n in notices],
                       position_id=position.id, dedupe=key)
    return count


def digest_slot(at: datetime, hour: int, zone: ZoneInfo) -> datetime:
    """The latest digest time (naive UTC) at or before `at` for a user who wants it at `hour` local time."""
    local = at.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if slot > local:
        slot -= timedelta(days=1)
    return slot.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def digests_due(session: Session, at: datetime, zone: ZoneInfo) -> list[tuple[int, datetime, datetime | None]]:
    """(user id, slot, last digest) for every user whose digest hour has come since their last digest, with news older than it."""
    oldest = (select(Notification.user_id, func.min(Notification.created_at).label("since"))
              .where(Notification.mail == "digest").group_by(Notification.user_id).subquery())
    due = []
    for preference, since in session.execute(select(NotificationPreference, oldest.c.since)
                                             .join(oldest, oldest.c.user_id == NotificationPreference.user_id)):
        slot = digest_slot(at, preference.digest_hour, zone)
        if since <= slot and (preference.last_digest_at is None or preference.last_digest_at < slot):
            due.append((preference.user_id, slot, preference.last_digest_at))
    return due


def release_digest(session: Session, user_id: int, previous: datetime | None) -> None:
    """Put the mark back after a digest could not be sent: the next pass tries again."""
    session.execute(update(NotificationPreference).where(NotificationPreference.user_id == user_id)
                    .values(last_digest_at=previous).execution_options(synchronize_session=False))


def claim_digests(session: Session, due: list[tuple[int, datetime, datetime | None]], at: datetime) -> dict[int, list]:
    """Take the digests of these users (one worker only: each mark moves once), one UPDATE per digest slot.

    Returns {user id: their notifications, by position, oldest first} for the users whose mark this call
    moved; a user another worker took meanwhile is left out. Rows carry id, position_id, template, params, link."""
    slots: dict[datetime, list[int]] = {}
    for user_id, slot, _previous in due:
        slots.setdefault(slot, []).append(user_id)
    taken: list[int] = []
    for slot, users in slots.items():
        taken += session.scalars(
            update(NotificationPreference).where(NotificationPreference.user_id.in_(users), or_(
                NotificationPreference.last_digest_at.is_(None), NotificationPreference.last_digest_at < slot))
            .values(last_digest_at=at).returning(NotificationPreference.user_id).execution_options(synchronize_session=False)
        ).all()
    found: dict[int, list] = {user_id: [] for user_id in sorted(taken)}
    if not taken:
        return found
    for row in session.execute(
        select(Notification.id, Notification.user_id, Notification.position_id, Notification.template, Notification.params,
               Notification.link).where(Notification.user_id.in_(taken), Notification.mail == "digest", Notification.created_at <= at)
        .order_by(Notification.user_id, Notification.position_id, Notification.id)
    ):
        found[row.user_id].append(row)
    return {user_id: rows for user_id, rows in found.items() if rows}


def mark_digested(session: Session, ids: list[int], at: datetime) -> None:
    """Mark the notifications of the digests sent, in one UPDATE."""
    if ids:
        session.execute(update(Notification).where(Notification.id.in_(ids))
                        .values(mail="sent", mailed_at=at, lease_owner=None, lease_until=None, last_error=None)
                        .execution_options(synchronize_session=False))
