"""Edits, moves and deletions of clauses, with merge of concurrent edits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from positions import audit
from positions.errors import Conflict, NotFound, ValidationFailed
from positions.messages import Msg
from positions.models import ClauseRevision, Position, User
from positions.services.drafting import (
    _revise,
    _sort_key_after,
    check_text,
    draft,
    find_clause,
    require_editable,
)
from positions.services.positions import touch
from positions.text.merge import merge


@dataclass(frozen=True)
class EditResult:
    """What happened to an edit: saved as is, merged with a concurrent edit, or nothing to save."""

    revision: ClauseRevision
    merged: bool = False
    changed: bool = True


def _merge_field(name: str, base: str, theirs: str, yours: str, conflicts: dict) -> str:
    if yours in (base, theirs):
        return theirs
    if theirs == base:
        return yours
    if name == "kind":
        conflicts[name] = {"base": base, "theirs": theirs, "yours": yours}
        return theirs
    result = merge(base, theirs, yours)
    if not result.clean:
        conflicts[name] = {
            "base": base,
            "theirs": theirs,
            "yours": yours,
            "regions": [{"base": c.base_text, "theirs": c.theirs_text, "yours": c.yours_text} for c in result.conflicts],
        }
        return theirs
    return result.text


def edit_clause(
    session: Session,
    actor: User,
    position: Position,
    uid: str,
    *,
    base_revision: int | None,
    body: str | None = None,
    heading: str | None = None,
    kind: str | None = None,
) -> EditResult:
    """Save a new revision made on base_revision; merge with edits saved meanwhile, or raise Conflict."""
    require_editable(session, actor, position)
    clause = find_clause(session, position, uid, lock=True)
    head = clause.head
    if head.deleted:
        raise Conflict(Msg("This clause was deleted meanwhile."), {"clause": uid})
    if base_revision is None:
        raise ValidationFailed(Msg("Say which revision your edit is based on (base_revision)."), {"base_revision": "required"})
    base = session.get(ClauseRevision, base_revision)
    if base is None or base.clause_id != clause.id:
        raise ValidationFailed(Msg("Revision %(revision)s is not a revision of clause '%(uid)s'.", revision=base_revision, uid=uid), {"base_revision": base_revision})
    yours = {
        "kind": kind if kind is not None else base.kind,
        "heading": heading if heading is not None else base.heading,
        "body": body if body is not None else base.body,
    }
    yours["kind"], yours["heading"], yours["body"] = check_text(yours["kind"], yours["heading"], yours["body"])
    merged = base.id != head.id
    if merged:
        conflicts: dict = {}
        result = {f: _merge_field(f, getattr(base, f), getattr(head, f), yours[f], conflicts) for f in yours}
        if conflicts:
            raise Conflict(
                Msg("Someone else changed the same words meanwhile. Choose what to keep."),
                {
                    "clause": uid,
                    "base_revision": base.id,
                    "theirs_revision": head.id,
                    "theirs_author": head.author.name,
                    "theirs_author_id": head.author_id,
                    "fields": conflicts,
                    "base": {f: getattr(base, f) for f in yours},
                    "theirs": {f: getattr(head, f) for f in yours},
                    "yours": yours,
                },
            )
        yours = result
    if all(yours[f] == getattr(head, f) for f in yours):
        return EditResult(head, merged=merged, changed=False)
    revision = _revise(session, actor, clause, head, **yours)
    touch(position)
    audit.record(
        session, actor, "clause.edited", clause, position_id=position.id,
        data={"uid": uid, "revision": revision.id, "base": base.id, "merged_onto": head.id if merged else None},
    )
    return EditResult(revision, merged=merged)


def move_clause(session: Session, actor: User, position: Position, uid: str, *, after: str | None) -> ClauseRevision:
    """Move a clause to just after another one (None or '' for the top)."""
    require_editable(session, actor, position)
    if after == uid:
        raise ValidationFailed(Msg("A clause cannot be moved after itself."), {"after": after})
    clause = find_clause(session, position, uid, lock=True)
    if clause.head.deleted:
        raise Conflict(Msg("This clause was deleted."), {"clause": uid})
    sort_key = _sort_key_after(session, position, after, moving=uid)
    revision = _revise(session, actor, clause, clause.head, sort_key=sort_key)
    touch(position)
    audit.record(session, actor, "clause.moved", clause, position_id=position.id, data={"uid": uid, "after": after, "revision": revision.id})
    return revision


def step_clause(session: Session, actor: User, position: Position, uid: str, direction: str) -> ClauseRevision | None:
    """Move a clause one place up or down; None when it already is the first (up) or the last (down)."""
    if direction not in ("up", "down"):
        raise ValidationFailed(Msg("Move a clause 'up' or 'down', not '%(direction)s'.", direction=str(direction)[:20]),
                               {"direction": direction})
    uids = [d.uid for d in draft(session, position)]
    if uid not in uids:
        raise NotFound(Msg("There is no clause '%(uid)s' in this position.", uid=uid), {"clause": uid})
    index = uids.index(uid)
    if (direction == "up" and index == 0) or (direction == "down" and index == len(uids) - 1):
        return None
    after = (uids[index - 2] if index >= 2 else None) if direction == "up" else uids[index + 1]
    return move_clause(session, actor, position, uid, after=after)


def delete_clause(session: Session, actor: User, position: Position, uid: str) -> ClauseRevision:
    """Delete a clause from the draft; its history and comments are kept."""
    require_editable(session, actor, position)
    clause = find_clause(session, position, uid, lock=True)
    if clause.head.deleted:
        raise Conflict(Msg("This clause is already deleted."), {"clause": uid})
    revision = _revise(session, actor, clause, clause.head, deleted=True)
    touch(position)
    audit.record(session, actor, "clause.deleted", clause, position_id=position.id, data={"uid": uid, "revision": revision.id})
    return revision


def history(session: Session, position: Position, uid: str) -> list[ClauseRevision]:
    """Every revision of a clause, oldest first."""
    clause = find_clause(session, position, uid)
    return list(
        session.scalars(
            select(ClauseRevision)
            .where(ClauseRevision.clause_id == clause.id)
            .options(selectinload(ClauseRevision.author))
            .order_by(ClauseRevision.id)
        )
    )
