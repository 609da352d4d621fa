"""Uploads awaiting confirmation live in the database: one uploader, one purpose, an hour, claimed once."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from app.extensions import db
from exports.imports import uploads
from positions.errors import ValidationFailed
from positions.models import PendingUpload

DATA = b"PK\x03\x04 pretend this is a .docx"
NOON = datetime(2031, 3, 1, 12, 0)


def _refusal(call, *args) -> str:
    """The reason an upload is refused; the message is always the same for the person."""
    with pytest.raises(ValidationFailed) as refused:
        call(*args)
    assert refused.value.message == uploads.EXPIRED
    return refused.value.details["token"]


def test_only_the_uploader_reads_it_back_for_its_purpose(session, people):
    token = uploads.keep(session, people.flemish.id, "reviewed:1", "reviewed.docx", DATA)
    session.commit()
    upload = uploads.load(session, token, people.flemish.id, "reviewed:1")
    assert (upload.data, upload.filename, len(upload.sha256)) == (DATA, "reviewed.docx", 64)
    assert _refusal(uploads.load, session, token, people.walloon.id, "reviewed:1") == "not yours"
    assert _refusal(uploads.load, session, token, people.flemish.id, "reviewed:2") == "not yours"
    assert _refusal(uploads.load, session, token, people.flemish.id, "new") == "not yours"
    assert _refusal(uploads.load, session, "../../etc/passwd", people.flemish.id, "reviewed:1") == "invalid"
    assert _refusal(uploads.load, session, "x" * 22, people.flemish.id, "reviewed:1") == "expired"
    row = session.query(PendingUpload).one()
    assert row.token_hash != token and token not in row.token_hash  # the token itself is not stored


def test_an_upload_expires_after_an_hour_and_is_purged(session, people):
    with time_machine.travel(NOON, tick=False):
        token = uploads.keep(session, people.pen.id, "new", "a.docx", DATA)
        session.commit()
    with time_machine.travel(NOON + timedelta(minutes=59), tick=False):
        assert uploads.load(session, token, people.pen.id, "new").data == DATA
    with time_machine.travel(NOON + timedelta(minutes=61), tick=False):
        assert _refusal(uploads.load, session, token, people.pen.id, "new") == "expired"
        uploads.keep(session, people.pen.id, "new", "b.docx", DATA)  # keeping one purges the stale ones
        session.commit()
    assert [row.filename for row in session.query(PendingUpload)] == ["b.docx"]


def test_content_changed_in_storage_is_refused(session, people):
    token = uploads.keep(session, people.pen.id, "new", "a.docx", DATA)
    session.execute(update(PendingUpload).values(data=DATA + b"tampered"))
    session.commit()
    assert _refusal(uploads.load, session, token, people.pen.id, "new") == "changed"


def test_a_claim_holds_only_if_its_transaction_commits(session, people):
    token = uploads.keep(session, people.pen.id, "new", "a.docx", DATA)
    session.commit()
    assert uploads.claim(session, token, people.pen.id, "new").data == DATA
    session.rollback()  # the import failed: the upload is back
    assert uploads.claim(session, token, people.pen.id, "new").data == DATA
    session.commit()
    assert _refusal(uploads.claim, session, token, people.pen.id, "new") == "expired"
    assert session.query(PendingUpload).count() == 0


def test_cancelling_forgets_only_ones_own_upload(session, people):
    token = uploads.keep(session, people.flemish.id, "reviewed:1", "r.docx", DATA)
    uploads.discard(session, token, people.walloon.id)
    session.commit()
    assert uploads.load(session, token, people.flemish.id, "reviewed:1").data == DATA
    uploads.discard(session, token, people.flemish.id)
    session.commit()
    assert session.query(PendingUpload).count() == 0


def _wait_until_blocked(session: Session, deadline: float = 30.0) -> None:
    """Wait until another connection waits for a row lock (synchronisation only; nothing is timed)."""
    import time

    end = time.monotonic() + deadline
    while time.monotonic() < end:
        waiting = session.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"))
        session.rollback()
        if waiting:
            return
        time.sleep(0.05)
    pytest.fail("the second confirmation never waited for the first one's lock")


def test_two_confirmations_at_once_claim_the_upload_once(backend, session, people):
    if backend != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite runs one writer at a time anyway")
    token = uploads.keep(session, people.pen.id, "new", "a.docx", DATA)
    session.commit()
    first, second = Session(db.engine), Session(db.engine)
    outcome: dict[str, str] = {}

    def claim_too() -> None:
        try:
            uploads.claim(second, token, people.pen.id, "new")
            outcome["second"] = "imported it too"
        except ValidationFailed as refused:
            outcome["second"] = refused.details["token"]

    try:
        assert uploads.claim(first, token, people.pen.id, "new").data == DATA  # deleted, not yet committed
        waiting = threading.Thread(target=claim_too)
        waiting.start()
        _wait_until_blocked(session)  # the second read the row and now waits to delete it
        first.commit()
        waiting.join(60)
    finally:
        second.rollback()
        first.close()
        second.close()
    assert outcome == {"second": "claimed"}
