"""The delegation lead's approval of exact versions, bound to their content hash."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions import audit
from positions.errors import ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.messages import Msg
from positions.models import DECISIONS, Approval, Position, User, Version
from positions.permissions import can_approve, require


def decide(session: Session, actor: User, position: Position, version: Version, decision: str, note: str | None = None) -> Approval:
    """Approve or reject a version as the delegation lead."""
    require(can_approve(actor, position), Msg("Only the delegation lead can approve or reject versions."))
    if decision not in DECISIONS:
        raise ValidationFailed(Msg("Unknown decision '%(decision)s'. Choose approve or reject.", decision=decision), {"decision": decision})
    note = (note or "").strip() or None
    refuse_hidden_characters(note, "note")
    if decision == "reject" and not note:
        raise ValidationFailed(Msg("Say why the version is rejected."), {"note": "required"})
    approval = Approval(version_id=version.id, content_hash=version.content_hash, decision=decision, note=note, approver_id=actor.id)
    session.add(approval)
    session.flush()
    audit.record(session, actor, f"version.{decision}d", approval, position_id=position.id,
                 data={"version": version.number, "content_hash": version.content_hash, "note": note})
    return approval


def latest_decision(session: Session, version: Version) -> Approval | None:
    """The lead's most recent decision on this version, if still bound to its hash."""
    approval = session.scalar(select(Approval).where(Approval.version_id == version.id).order_by(Approval.id.desc()).limit(1))
    if approval is not None and approval.content_hash != version.content_hash:
        return None
    return approval
