"""@mentions in comments: `@Marie Lambert` names a person, `@SPW-ARNE` an administration (its officials).

A mention that names nobody stays plain text: it is never an error.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from positions.models import Administration, User

# '@' at the start or after a space/punctuation, then up to four capitalised words or one code.
_MENTION = re.compile(r"(?<![\w@])@([A-Z][\w-]*(?: [A-Z][\w'-]*){0,3})")


def mentioned_users(session: Session, text: str) -> set[int]:
    """Ids of the active users a text mentions, by full name or by their administration's code."""
    found: set[int] = set()
    for match in _MENTION.finditer(text or ""):
        words = match.group(1).split(" ")
        # The longest run of words that is somebody's name wins ("@Marie Lambert agrees" -> Marie Lambert).
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n]).rstrip(".,;:!?")
            ids = _people(session, candidate) or (_administration_officials(session, candidate) if n == 1 else [])
            if ids:
                found.update(ids)
                break
    return found


def _people(session: Session, name: str) -> list[int]:
    return list(session.scalars(select(User.id).where(func.lower(User.name) == name.lower(), User.active.is_(True))))


def _administration_officials(session: Session, code: str) -> list[int]:
    return list(session.scalars(
        select(User.id).join(Administration, User.administration_id == Administration.id)
        .where(Administration.code == code, User.active.is_(True), User.role == "official")
    ))
