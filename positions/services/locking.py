"""The position's row lock: every write to a position's content or review state takes it first.

Clause edits, comments, answers, approvals, versions and transitions all begin with
``writable(session, position)``: it takes the position's row lock (PostgreSQL ``FOR NO KEY UPDATE``;
SQLite: the database's write lock), reads the stage and frozen state afresh under it, and refuses a
frozen position. Two writers of one position therefore run one after the other, and the second sees
what the first committed — so a text can never change between the lead's approval and the freeze.
"""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from positions.errors import Conflict
from positions.messages import Msg
from positions.models import Position

_LOCKED = "plenipo_locked_positions"  # session.info key: ids locked in the current transaction


def frozen_refusal(position: Position) -> Conflict:
    """The refusal of any change to a final text."""
    return Conflict(Msg("This position is final: its text, comments, answers and approvals can no longer change."),
                    {"stage": position.stage, "frozen": True})


def lock_position(session: Session, position: Position) -> Position:
    """Lock the position's row until the transaction ends and reload its state (once per transaction)."""
    locked: set[int] = session.info.setdefault(_LOCKED, set())
    if position.id in locked:
        return position
    query = select(Position).where(Position.id == position.id).execution_options(populate_existing=True)
    if session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: a write takes the database's write lock (already held by an immediate
        # transaction), and the re-read below then sees everything committed before it.
        session.execute(update(Position).where(Position.id == position.id).values(stage=Position.stage))
    else:
        query = query.with_for_update(key_share=True)  # FOR NO KEY UPDATE: new comments' foreign keys still pass
    session.scalar(query)
    locked.add(position.id)
    return position


def writable(session: Session, position: Position) -> Position:
    """Lock the position and refuse if its text is frozen (final or archived)."""
    lock_position(session, position)
    if position.frozen_at is not None:
        raise frozen_refusal(position)
    return position


@event.listens_for(Session, "after_transaction_end")
def _forget_locks(session: Session, transaction) -> None:
    """Locks end with the transaction (or savepoint) that took them: lock again after any of them ends."""
    session.info.pop(_LOCKED, None)
