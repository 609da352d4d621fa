"""Suggestion mode: an official edits a clause's text in place; the difference becomes word-level amendments.

One amendment per contiguous changed span (spans separated only by spaces count as one). An insertion
quotes the word before it (or after it, at the start), so every amendment has words to anchor on. The
pen-holder accepts or rejects each one, or all of one administration's open amendments on a clause at once.
"""

from __future__ import annotations

import hashlib
import re
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions.errors import Conflict, ValidationFailed
from positions.messages import Msg
from positions.models import Administration, Comment, Position, User
from positions.permissions import can_resolve, require
from positions.services.comments import post_comment, resolve
from positions.services.drafting import find_clause
from positions.services.locking import writable

_TOKENS = re.compile(r"\s+|\S+")


def word_changes(old: str, new: str) -> list[tuple[int, int, str]]:
    """The changed spans of old as (start, end, replacement), in order, never empty on the old side."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    offsets = [0]
    for token in a:
        offsets.append(offsets[-1] + len(token))
    spans: list[list[int]] = []  # [a_start, a_end, b_start, b_end] in tokens
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if spans and all(t.isspace() for t in a[spans[-1][1]:i1]) and a[spans[-1][1]:i1] == b[spans[-1][3]:j1]:
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    changes = []
    for i1, i2, j1, j2 in spans:
        if i1 == i2:  # a pure insertion: take in the neighbouring word
            if i1 > 0:
                i1 -= 1 if not a[i1 - 1].isspace() or i1 < 2 else 2
                j1 -= i2 - i1
            else:
                i2, j2 = min(len(a), 2), j2 + min(len(a), 2)
        while i2 - i1 > 0 and j2 - j1 > 0 and a[i2 - 1].isspace() and a[i2 - 1] == b[j2 - 1]:
            i2, j2 = i2 - 1, j2 - 1
        while i2 - i1 > 0 and j2 - j1 > 0 and a[i1].isspace() and a[i1] == b[j1]:
            i1, j1 = i1 + 1, j1 + 1
        changes.append((offsets[i1], offsets[i2], "".join(b[j1:j2])))
    return changes


def suggest(session: Session, actor: User, position: Position, uid: str, *, body: str, base_revision: int | None,
            note: str | None = None, fingerprint: str | None = None, audience: str = "belgian") -> list[Comment]:
    """Turn the official's edited text of a clause into amendments for their administration (on the EU text: audience 'eu')."""
    clause = find_clause(session, position, uid)
    head = clause.head
    if base_revision is None:
        raise ValidationFailed(Msg("Say which revision your edit is based on (base_revision)."), {"base_revision": "required"})
    if base_revision != head.id:
        raise Conflict(Msg("This clause was changed while you were editing it. Make your suggestion again on the current text."),
                       {"clause": uid, "current_revision": head.id})
    changes = word_changes(head.body, (body or "").replace("\r\n", "\n").strip())
    if not changes:
        raise ValidationFailed(Msg("Your text is the same as the clause's: there is nothing to suggest."), {"body": "unchanged"})
    amendments = []
    for number, (start, end, replacement) in enumerate(changes):
        key = hashlib.sha256(f"{fingerprint}\x1f{number}".encode()).hexdigest() if fingerprint else None
        amendments.append(post_comment(
            session, actor, position, uid, kind="amendment", body=note or "", quote=head.body[start:end], start=start,
            proposed_text=replacement, fingerprint=key, audience=audience,
        ))
    return amendments


def open_amendments_of(session: Session, position: Position, uid: str | None, administration: str) -> list[Comment]:
    """The open amendments one administration made on a clause (uid None: on the whole position), oldest first."""
    where = Comment.clause_id == find_clause(session, position, uid).id if uid is not None else Comment.position_id == position.id
    return list(session.scalars(
        select(Comment).join(Administration, Administration.id == Comment.administration_id)
        .where(where, Comment.kind == "amendment", Comment.status == "open",
               Comment.parent_id.is_(None), Administration.code == administration.upper()).order_by(Comment.id)
    ))


def decide_all(session: Session, actor: User, position: Position, uid: str | None, administration: str, status: str) -> int:
    """Accept or reject every open amendment of one administration on a clause (uid None: on the whole position),
    under the position's row lock (pen-holder); how many. Each decision is audited as one by one."""
    writable(session, position)
    require(can_resolve(actor, position), Msg("Only the pen-holder can resolve comments."))
    if status not in ("accepted", "rejected"):
        raise ValidationFailed(Msg("Choose accepted or rejected."), {"status": status})
    code = (administration or "").strip().upper()
    if session.scalar(select(Administration.id).where(Administration.code == code)) is None:
        raise ValidationFailed(Msg("There is no administration '%(code)s'.", code=administration),
                               {"fields": {"administration": "unknown"}})
    found = open_amendments_of(session, position, uid, code)
    for comment in found:
        resolve(session, actor, position, comment, status)
    return len(found)
