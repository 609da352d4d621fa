"""The guards and effects that workflow definitions name, reading and changing positions."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from positions.clock import now
from positions.errors import ValidationFailed
from positions.models import Comment, Position, Version
from positions.services import approvals, consultations, drafting, versions
from workflows.engine import Context
from workflows.registry import default_registry as registry


def _session(ctx: Context) -> Session:
    return object_session(ctx.subject)


def _latest_version(ctx: Context) -> Version | None:
    session = _session(ctx)
    return session.scalar(select(Version).where(Version.position_id == ctx.subject.id).order_by(Version.number.desc()).limit(1))


def _version_in_question(ctx: Context) -> Version | None:
    consultation = consultations.open_consultation_of(_session(ctx), ctx.subject)
    if consultation is not None:
        return _session(ctx).get(Version, consultation.version_id)
    return _latest_version(ctx)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@registry.guard("has_clauses")
def has_clauses(ctx: Context) -> str | None:
    return None if drafting.draft(_session(ctx), ctx.subject) else "the position has no clauses yet"


@registry.guard("no_open_amendments")
def no_open_amendments(ctx: Context) -> str | None:
    count = _session(ctx).scalar(
        select(func.count()).where(Comment.position_id == ctx.subject.id, Comment.kind == "amendment", Comment.status == "open")
    )
    if not count:
        return None
    return f"{_plural(count, 'amendment is', 'amendments are')} still open"


@registry.guard("not_frozen")
def not_frozen(ctx: Context) -> str | None:
    return "the text is frozen" if ctx.subject.frozen_at is not None else None


@registry.guard("consultation_settled")
def consultation_settled(ctx: Context) -> str | None:
    consultation = consultations.open_consultation_of(_session(ctx), ctx.subject)
    if consultation is None:
        return "no consultation is open"
    consultations.settle(_session(ctx), consultation)
    waiting = [c.administration.name for c in consultation.consents if c.state == "pending"]
    if not waiting:
        return None
    return f"waiting for {', '.join(waiting)}; the deadline is {consultation.deadline:%-d %B %Y %H:%M} UTC"


@registry.guard("consensus")
def consensus(ctx: Context) -> str | None:
    consultation = consultations.open_consultation_of(_session(ctx), ctx.subject)
    if consultation is None:
        return None  # consultation_settled already says so
    consultations.settle(_session(ctx), consultation)
    verdict = consultations.verdict(consultation)
    if verdict.state != "blocked":
        return None
    number = _session(ctx).get(Version, consultation.version_id).number
    return "; ".join(f"{c.administration.name} objects to v{number}: {c.note}" for c in verdict.objections)


@registry.guard("lead_approved")
def lead_approved(ctx: Context) -> str | None:
    version = _version_in_question(ctx)
    if version is None:
        return "there is no version to approve yet"
    decision = approvals.latest_decision(_session(ctx), version)
    if decision is None:
        return f"the delegation lead has not approved v{version.number}"
    if decision.decision != "approve":
        return f"the delegation lead rejected v{version.number}: {decision.note}"
    return None


@registry.guard("four_eyes")
def four_eyes(ctx: Context) -> str | None:
    version = _version_in_question(ctx)
    decision = approvals.latest_decision(_session(ctx), version) if version else None
    if decision is not None and decision.approver_id == version.author_id:
        return f"v{version.number} was approved by its own author; someone else must approve it"
    return None


def parse_deadline(value) -> datetime:
    """Read a deadline given as a datetime, an ISO date (end of that day, UTC) or ISO date-time."""
    if isinstance(value, datetime):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValidationFailed("Give a deadline for the consultation.", {"deadline": "required"})
    try:
        if len(text) == 10:
            return datetime.combine(datetime.fromisoformat(text).date(), time(23, 59))
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.replace(tzinfo=None) if parsed.tzinfo is None else parsed.astimezone(tz=None).replace(tzinfo=None)
    except ValueError as exc:
        raise ValidationFailed(f"'{text}' is not a date (use YYYY-MM-DD).", {"deadline": text}) from exc


@registry.effect("take_version")
def take_version(ctx: Context) -> None:
    note = ctx.args.get("note") or f"{ctx.transition.label} ({ctx.workflow.state(ctx.subject.stage).label})"
    versions.take_version(_session(ctx), ctx.user, ctx.subject, note, check=False)


@registry.effect("open_consultation")
def open_consultation(ctx: Context) -> None:
    deadline = parse_deadline(ctx.args.get("deadline"))
    consultations.open_consultation(_session(ctx), ctx.user, ctx.subject, _latest_version(ctx), deadline)


OUTCOMES = {"conclude": "consensus", "approve": "consensus", "revise": "withdrawn"}


@registry.effect("close_consultation")
def close_consultation(ctx: Context) -> None:
    consultation = consultations.open_consultation_of(_session(ctx), ctx.subject)
    if consultation is not None:
        consultations.close_consultation(_session(ctx), ctx.user, consultation, OUTCOMES.get(ctx.transition.name, "withdrawn"))


@registry.effect("freeze")
def freeze(ctx: Context) -> None:
    position: Position = ctx.subject
    if position.frozen_at is None:
        position.frozen_at = now()
