"""The delegation lead's approval of exact versions, bound to their content hash."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions import audit
from positions.errors import ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.messages import Msg
from positions.models import DECISIONS, Approval, Position, User, Version
from positions.permissions import can_approve, require
from positions.services.drafting import draft
from positions.services.locking import writable
from positions.services.versions import draft_hash

DECISION_VERBS = {"approve": "version.approved", "reject": "version.rejected"}


def decide(session: Session, actor: User, position: Position, version: Version, decision: str, note: str | None = None) -> Approval:
    """Approve or reject a version as the delegation lead."""
    writable(session, position)
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
    audit.record(session, actor, DECISION_VERBS[decision], approval, position_id=position.id,
                 data={"version": version.number, "content_hash": version.content_hash, "note": note})
    return approval


def approval_problem(
    session: Session, position: Position, version: Version | None,
    decision_of: Callable[[Version], Approval | None] | None = None, *, approving: bool = False,
) -> Msg | None:
    """Why the draft is not the text the lead approved as this version (None: it is).

    ``approving``: the lead is approving it in this very step, so only the text must still be the version's.
    """
    if version is None:
        return Msg("there is no version to approve yet")
    if draft_hash(draft(session, position)) != version.content_hash:
        return Msg("the text has changed since v%(number)s: go back to drafting and submit it again", number=version.number)
    if approving:
        return None
    decision = (decision_of or (lambda v: latest_decision(session, v)))(version)
    if decision is None:
        return Msg("the delegation lead has not approved v%(number)s", number=version.number)
    if decision.decision != "approve":
        return Msg("the delegation lead rejected v%(number)s: %(note)s", number=version.number, note=decision.note)
    return None


def freeze_problem(session: Session, position: Position, *, approving: bool = False) -> Msg | None:
    """Why the position may not become final now: its draft must be exactly the lead's approved newest version
    (``approving``: the lead approves it in this very step)."""
    newest = session.scalar(select(Version).where(Version.position_id == position.id).order_by(Version.number.desc()).limit(1))
    return approval_problem(session, position, newest, approving=approving)


def approve_as_step(session: Session, actor: User, position: Position, version: Version, note: str | None = None) -> Approval:
    """The lead's approval recorded by the workflow step they fire (the same record as the approval page makes);
    an approval of theirs still bound to the version's text is kept rather than repeated."""
    decision = latest_decision(session, version)
    if decision is not None and decision.decision == "approve" and decision.approver_id == actor.id:
        return decision
    return decide(session, actor, position, version, "approve", note)


def latest_decision(session: Session, version: Version) -> Approval | None:
    """The lead's most recent decision on this version, if still bound to its hash."""
    approval = session.scalar(select(Approval).where(Approval.version_id == version.id).order_by(Approval.id.desc()).limit(1))
    if approval is not None and approval.content_hash != version.content_hash:
        return None
    return approval
