"""Uploaded Word files kept between preview and confirmation, in the database, readable by their uploader only.

Several app hosts share one database, so a file previewed on one host can be confirmed on another. A
confirmation claims its upload by deleting the row in the importing transaction: a second, concurrent
confirmation deletes nothing and is refused, and an import that fails rolls the claim back with it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from positions.clock import now
from positions.errors import ValidationFailed
from positions.models import PendingUpload

MAX_AGE = timedelta(hours=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
EXPIRED = "This upload has expired or was already imported. Upload the file again."


@dataclass(frozen=True)
class Upload:
    """A previewed file waiting for confirmation."""

    token: str
    data: bytes
    filename: str
    sha256: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def purge_stale(session: Session) -> int:
    """Delete every upload older than MAX_AGE; return how many went."""
    result = session.execute(delete(PendingUpload).where(PendingUpload.created_at < now() - MAX_AGE))
    return result.rowcount or 0


def keep(session: Session, user_id: int, purpose: str, filename: str, data: bytes) -> str:
    """Store an upload for one user and one purpose; return its random token (the caller commits)."""
    purge_stale(session)
    token = secrets.token_urlsafe(16)
    session.add(PendingUpload(
        token_hash=_token_hash(token), user_id=user_id, purpose=purpose, filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(), data=data,
    ))
    session.flush()
    return token


def load(session: Session, token: str, user_id: int, purpose: str) -> Upload:
    """Read back an upload, checking the token, its owner, its purpose, its age and its content."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise ValidationFailed(EXPIRED, {"token": "invalid"})
    row = session.scalar(select(PendingUpload).where(PendingUpload.token_hash == _token_hash(token)))
    if row is None or row.created_at < now() - MAX_AGE:
        raise ValidationFailed(EXPIRED, {"token": "expired"})
    if row.user_id != user_id or row.purpose != purpose:
        raise ValidationFailed(EXPIRED, {"token": "not yours"})
    if hashlib.sha256(row.data).hexdigest() != row.sha256:
        raise ValidationFailed(EXPIRED, {"token": "changed"})
    return Upload(token, row.data, row.filename, row.sha256)


def claim(session: Session, token: str, user_id: int, purpose: str) -> Upload:
    """Take an upload for one confirmation: it is gone when the transaction commits, back if it rolls back.

    The conditional delete is atomic: of two confirmations of one upload, the second deletes nothing
    (on PostgreSQL it waits for the first to commit) and is refused.
    """
    upload = load(session, token, user_id, purpose)
    result = session.execute(
        delete(PendingUpload).where(
            PendingUpload.token_hash == _token_hash(token), PendingUpload.user_id == user_id,
            PendingUpload.purpose == purpose,
        ).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ValidationFailed(EXPIRED, {"token": "claimed"})
    return upload


def discard(session: Session, token: str, user_id: int) -> None:
    """Forget one's own upload (cancel); someone else's is left alone."""
    if isinstance(token, str) and _TOKEN.match(token):
        session.execute(
            delete(PendingUpload).where(PendingUpload.token_hash == _token_hash(token), PendingUpload.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
