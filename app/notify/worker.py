"""`plenipo worker`'s passes: close consultations at their deadline (workflows/deadlines.py), queue reminders, deliver mail, send digests — each step committed.

A pass never holds a transaction while it waits: mail is leased (committed), sent, then marked sent or
failed one by one. A failed send is retried later with a growing delay (positions.notify.jobs.mark_failed);
the writer who caused the mail never waits for it and never sees it fail.
"""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from app.database import writing
from app.extensions import db
from app.notify.mail import Mailer, digest_mail, notification_mail, position_titles
from positions.clock import now, pinned
from positions.models import User
from positions.notify import jobs
from workflows.deadlines import close_at_deadline, deadlines_due

log = logging.getLogger(__name__)


@dataclass
class Pass:
    """What one pass did."""

    deadlines: int = 0
    reminders: int = 0
    sent: int = 0
    failed: int = 0
    digests: int = 0

    def __str__(self) -> str:
        return (f"deadlines {self.deadlines}, reminders {self.reminders}, mails sent {self.sent}, "
                f"failed {self.failed}, digests {self.digests}")


def _step(work, default=0):
    """Run one step and commit it; a step that collides with another worker is rolled back (the other did it)."""
    try:
        result = work()
        db.session.commit()
        return result
    except (IntegrityError, OperationalError) as error:
        db.session.rollback()
        log.warning("Worker step skipped (another worker took it, or the database is busy): %s", error)
        return default


def deliver(report: Pass, mailer: Mailer) -> None:
    """Send every mail due now, a leased batch at a time; the batch's outcomes are committed together."""
    batch = current_app.config["WORKER_BATCH"]
    while True:
        owner = uuid.uuid4().hex
        if not _step(lambda owner=owner: jobs.claim_mail(db.session, owner, now(), batch)):
            return
        for notification in jobs.claimed(db.session, owner):
            try:
                mailer.send(notification_mail(notification))
                jobs.mark_sent(notification, now())
                report.sent += 1
            except (smtplib.SMTPException, OSError) as error:
                jobs.mark_failed(notification, now(), f"{type(error).__name__}: {error}")
                report.failed += 1
        db.session.commit()  # a worker that dies before this line leaves its lease to expire: the batch is sent again


def send_digests(report: Pass, mailer: Mailer, chunk: int = 50) -> None:
    """One digest per user whose hour has come. Users are taken `chunk` at a time in one transaction (their
    marks claimed, their digests sent, their notifications marked); a digest that fails puts its mark back.
    A chunk costs a few queries whatever its size; each sentence is translated once per language (texts)."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    due = jobs.digests_due(db.session, now(), zone)
    db.session.commit()
    texts: dict = {}
    for start in range(0, len(due), chunk):
        part = due[start:start + chunk]
        at = now()
        claimed = jobs.claim_digests(db.session, part, at)
        if not claimed:
            db.session.commit()
            continue
        users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(claimed)))}
        titles = position_titles(db.session, [n for rows in claimed.values() for n in rows])
        previous = {user_id: last for user_id, _slot, last in part}
        sent: list[int] = []
        for user_id, notifications in claimed.items():
            try:
                mailer.send(digest_mail(users[user_id], notifications, titles, texts))
            except (smtplib.SMTPException, OSError) as error:
                jobs.release_digest(db.session, user_id, previous[user_id])
                log.warning("Digest for user %s not sent: %s", user_id, error)
                report.failed += 1
                continue
            sent += [n.id for n in notifications]
            report.digests += 1
        jobs.mark_digested(db.session, sent, at)
        db.session.commit()


def run_once(at: datetime | None = None) -> Pass:
    """One pass of every job (`at`: judge deadlines, reminders and digests as at this instant)."""
    report = Pass()
    with writing(), pinned(at):
        for ident in _step(lambda: deadlines_due(db.session, now()), []):
            report.deadlines += bool(_step(lambda ident=ident: close_at_deadline(db.session, ident), False))
        report.reminders = _step(lambda: jobs.send_reminders(db.session, now()))
        with Mailer() as mailer:
            deliver(report, mailer)
            send_digests(report, mailer)
    return report


def run_forever(interval: float, passes: int | None = None) -> None:
    """Pass after pass until stopped (Ctrl-C or SIGTERM); a failing pass is logged and the next one runs."""
    done = 0
    while passes is None or done < passes:
        try:
            report = run_once()
            if report.sent or report.failed or report.deadlines or report.reminders or report.digests:
                log.info("Worker pass: %s", report)
        except Exception:
            db.session.rollback()
            log.exception("Worker pass failed; trying again in %s s", interval)
        db.session.remove()  # a fresh session each pass: nothing cached between passes
        done += 1
        time.sleep(interval)
