"""Endorsements: one click for an official's administration in support of another administration's amendment or reservation."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions import audit
from positions.clock import now
from positions.errors import ValidationFailed
from positions.messages import Msg
from positions.models import Administration, Comment, Endorsement, Position, User
from positions.permissions import can_endorse, require
from positions.services.locking import writable

ENDORSABLE = ("amendment", "reservation")


def endorse(session: Session, actor: User, position: Position, comment: Comment) -> Endorsement:
    """The actor's administration supports the comment (idempotent)."""
    writable(session, position)
    _check(actor, position, comment)
    row = _row(session, comment, actor.administration_id)
    if row is not None and not row.withdrawn:
        return row
    if row is None:
        row = Endorsement(comment_id=comment.id, administration_id=actor.administration_id, user_id=actor.id)
        session.add(row)
    else:
        row.withdrawn, row.user_id, row.changed_at = False, actor.id, now()
    session.flush()
    audit.record(session, actor, "comment.endorsed", comment, position_id=position.id,
                 data={"administration": actor.administration.code})
    return row


def withdraw_endorsement(session: Session, actor: User, position: Position, comment: Comment) -> None:
    """The actor's administration no longer supports the comment (nothing to do if it did not)."""
    writable(session, position)
    _check(actor, position, comment, withdrawing=True)
    row = _row(session, comment, actor.administration_id)
    if row is None or row.withdrawn:
        return
    row.withdrawn, row.user_id, row.changed_at = True, actor.id, now()
    session.flush()
    audit.record(session, actor, "comment.endorsement_withdrawn", comment, position_id=position.id,
                 data={"administration": actor.administration.code})


def _check(actor: User, position: Position, comment: Comment, *, withdrawing: bool = False) -> None:
    require(can_endorse(actor, position), Msg("Only an official can endorse, for their own administration."))
    if comment.position_id != position.id or comment.parent_id is not None or comment.kind not in ENDORSABLE:
        raise ValidationFailed(Msg("Only an amendment or a reservation can be endorsed."), {"comment": comment.id})
    if comment.administration_id == actor.administration_id:
        raise ValidationFailed(Msg("Your administration wrote this; endorse other administrations' proposals."),
                               {"comment": comment.id})
    if comment.status != "open" and not withdrawing:
        raise ValidationFailed(Msg("This comment is closed; it can no longer be endorsed."), {"status": comment.status})


def _row(session: Session, comment: Comment, administration_id: int) -> Endorsement | None:
    return session.scalar(select(Endorsement).where(Endorsement.comment_id == comment.id,
                                                    Endorsement.administration_id == administration_id))


def endorsers(session: Session, comment_ids: Iterable[int]) -> dict[int, list[str]]:
    """comment id → codes of the administrations endorsing it (one query, codes sorted)."""
    ids = list(comment_ids)
    if not ids:
        return {}
    found: dict[int, list[str]] = {}
    for comment_id, code in session.execute(
        select(Endorsement.comment_id, Administration.code).join(Administration, Administration.id == Endorsement.administration_id)
        .where(Endorsement.comment_id.in_(ids), Endorsement.withdrawn.is_(False)).order_by(Administration.code)
    ):
        found.setdefault(comment_id, []).append(code)
    return found


def endorsers_of_position(session: Session, position: Position) -> dict[int, list[str]]:
    """comment id → endorsing administrations, for every comment of the position (one query)."""
    found: dict[int, list[str]] = {}
    for comment_id, code in session.execute(
        select(Endorsement.comment_id, Administration.code)
        .join(Administration, Administration.id == Endorsement.administration_id)
        .join(Comment, Comment.id == Endorsement.comment_id)
        .where(Comment.position_id == position.id, Endorsement.withdrawn.is_(False)).order_by(Administration.code)
    ):
        found.setdefault(comment_id, []).append(code)
    return found
