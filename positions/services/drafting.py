"""Clause editing: every change is a new revision; concurrent edits merge or conflict."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import lru_cache

from fractional_indexing import generate_key_between
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from positions import audit
from positions.errors import NotFound, ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.kinds import CLAUSE_KINDS, KIND, clause_numbers
from positions.messages import Amount, Msg
from positions.models import Clause, ClauseRevision, Position, User
from positions.permissions import can_edit, require
from positions.services.locking import writable
from positions.services.positions import touch
from positions.text.brackets import count_brackets

MAX_BODY_CHARS = 100_000
MAX_HEADING_CHARS = 500
_UID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_bracket_count = lru_cache(maxsize=8192)(count_brackets)


@dataclass(frozen=True)
class DraftClause:
    """A clause of the working draft with its newest revision and its number."""

    clause: Clause
    revision: ClauseRevision
    number: str
    level: int

    @property
    def uid(self) -> str:
        return self.clause.uid

    @property
    def brackets(self) -> int:
        return _bracket_count(self.revision.body)


def new_uid() -> str:
    """A short random clause id, safe in URLs and Word bookmark names."""
    return "".join(secrets.choice(_UID_ALPHABET) for _ in range(8))


def require_editable(session: Session, actor: User, position: Position) -> None:
    """Take the position's lock, then refuse a frozen text and anyone but the pen-holder."""
    writable(session, position)
    require(can_edit(actor, position), Msg("Only the pen-holder can edit the text."))


def check_text(kind: str, heading: str | None, body: str | None) -> tuple[str, str, str]:
    """Validate a clause's kind, heading and body; return them cleaned."""
    if kind not in CLAUSE_KINDS:
        raise ValidationFailed(Msg("Unknown clause kind '%(kind)s'. Choose one of: %(choices)s.", kind=kind, choices=", ".join(CLAUSE_KINDS)), {"kind": kind})
    heading = (heading or "").strip()
    body = (body or "").replace("\r\n", "\n").rstrip()
    if len(heading) > MAX_HEADING_CHARS:
        raise ValidationFailed(Msg("The heading is longer than %(limit)s characters.", limit=MAX_HEADING_CHARS), {"heading": "too long"})
    if len(body) > MAX_BODY_CHARS:
        raise ValidationFailed(
            Msg("The text is %(length)s characters long; a clause may hold at most %(limit)s. Split it into several clauses.",
                length=Amount(len(body)), limit=Amount(MAX_BODY_CHARS)),
            {"body": "too long", "limit": MAX_BODY_CHARS},
        )
    refuse_hidden_characters(heading, "heading")
    refuse_hidden_characters(body, "body")
    section = KIND[kind].is_section
    if section and not heading and not body:
        raise ValidationFailed(Msg("A heading clause needs a heading."), {"heading": "required"})
    if not section and not body.strip():
        raise ValidationFailed(Msg("The clause text is required."), {"body": "required"})
    return kind, heading, body


def draft(session: Session, position: Position) -> list[DraftClause]:
    """The working draft: the newest revision of every clause not deleted, in order, in one query."""
    rows = session.execute(
        select(Clause, ClauseRevision)
        .join(ClauseRevision, ClauseRevision.id == Clause.head_revision_id)
        .where(Clause.position_id == position.id, ClauseRevision.deleted.is_(False))
    ).all()
    rows.sort(key=lambda row: (row[1].sort_key, row[0].id))
    labels = clause_numbers([revision.kind for _, revision in rows])
    return [DraftClause(c, r, number, level) for (c, r), (number, level) in zip(rows, labels, strict=True)]


def after_added(session: Session, position: Position, uid: str, added: set[tuple[str, str]]) -> str:
    """Where a clause proposed after `uid` goes: past the clauses right after it that were added there before.

    `added` holds (kind, text) of those clauses (text: the heading of a section, else the body), so paragraphs
    proposed one after another keep their order whichever is accepted first. If `uid` was deleted since, the
    clause goes where it stood ("": at the start).
    """
    order = draft(session, position)
    index = next((i for i, d in enumerate(order) if d.uid == uid), None)
    if index is None:
        place = session.scalar(select(ClauseRevision.sort_key).join(Clause, Clause.head_revision_id == ClauseRevision.id)
                               .where(Clause.position_id == position.id, Clause.uid == uid))
        index = sum(1 for d in order if place is not None and d.revision.sort_key < place) - 1
        uid = order[index].uid if index >= 0 else ""
    for clause in order[index + 1:]:
        text = clause.revision.heading if KIND[clause.revision.kind].is_section else clause.revision.body
        if (clause.revision.kind, text.strip()) not in added:
            break
        uid = clause.uid
    return uid


def find_clause(session: Session, position: Position, uid: str, *, lock: bool = False) -> Clause:
    """The clause with this uid in this position."""
    query = select(Clause).where(Clause.position_id == position.id, Clause.uid == uid)
    if lock:
        query = query.with_for_update(key_share=True).execution_options(populate_existing=True)
    else:
        query = query.options(joinedload(Clause.head))  # one round trip for the clause and its text
    clause = session.scalar(query)
    if clause is None or clause.head is None:
        raise NotFound(Msg("There is no clause '%(uid)s' in this position.", uid=uid), {"clause": uid})
    return clause


def _sort_key_after(
    session: Session, position: Position, after_uid: str | None, *, moving: str | None = None, at_end: bool = False
) -> str:
    keys = [(d.uid, d.revision.sort_key) for d in draft(session, position) if d.uid != moving]
    if at_end:
        return generate_key_between(keys[-1][1] if keys else None, None)
    if after_uid is None or after_uid == "":
        return generate_key_between(None, keys[0][1] if keys else None)
    index = next((i for i, (uid, _) in enumerate(keys) if uid == after_uid), None)
    if index is None:
        raise NotFound(Msg("There is no clause '%(uid)s' to place this after.", uid=after_uid), {"after": after_uid})
    upper = keys[index + 1][1] if index + 1 < len(keys) else None
    return generate_key_between(keys[index][1], upper)


def _revise(session: Session, actor: User, clause: Clause, base: ClauseRevision, **fields) -> ClauseRevision:
    values = {f: getattr(base, f) for f in ("kind", "heading", "body", "sort_key", "deleted")}
    values.update(fields)
    revision = ClauseRevision(clause_id=clause.id, author_id=actor.id, base_revision_id=base.id, **values)
    session.add(revision)
    session.flush()
    clause.head = revision
    session.flush()
    return revision


def add_clause(
    session: Session, actor: User, position: Position, *, kind: str, heading: str = "", body: str = "", after: str | None = None
) -> Clause:
    """Add a clause after another one (or at the end when after is not given)."""
    require_editable(session, actor, position)
    kind, heading, body = check_text(kind, heading, body)
    sort_key = _sort_key_after(session, position, after, at_end=after is None)
    clause = Clause(position_id=position.id, uid=new_uid())
    session.add(clause)
    session.flush()
    revision = ClauseRevision(clause_id=clause.id, kind=kind, heading=heading, body=body, sort_key=sort_key, author_id=actor.id)
    session.add(revision)
    session.flush()
    clause.head = revision
    touch(position)
    audit.record(session, actor, "clause.added", clause, position_id=position.id, data={"uid": clause.uid, "revision": revision.id, "kind": kind})
    return clause
