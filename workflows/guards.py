"""The roles, guards and effects that workflow definitions name, reading and changing positions."""

# Guards only read: the position page asks them on every view. They answer None or a
# reason in plain words, and read the silence procedure without writing it; effects
# write, inside the transaction of the transition.

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from positions.clock import in_local_zone, now
from positions.messages import N_, Joined, Msg, join_names, plural_msg
from positions.models import (
    ROLES,
    Approval,
    Clause,
    ClauseRevision,
    Comment,
    Consultation,
    Position,
    Version,
)
from positions.models.consultation import CONSULTATION_OUTCOMES
from positions.permissions import can_approve
from positions.services import approvals, consultations, versions
from positions.services.deadlines import parse_deadline
from workflows.engine import Context
from workflows.registry import default_registry as registry

MEMO = "workflow_guard_memo"
ROLE_WORDS = {  # each role's label, and its own sentence where grammar wants one ("seul un fonctionnaire…")
    "viewer": (Msg("viewer"), N_("only the viewer can do this")),
    "official": (Msg("official"), N_("only the official can do this")),
    "pen_holder": (Msg("pen-holder"), N_("only the pen-holder can do this")),
    "delegation_lead": (Msg("delegation lead"), N_("only the delegation lead can do this")),
    "admin": (Msg("admin"), N_("only the admin can do this")),
    "delegate": (Msg("delegate"), N_("only a delegate can do this")),
}
for _role in ROLES:
    registry.role(_role, ROLE_WORDS[_role][0], only=ROLE_WORDS[_role][1])


def _session(ctx: Context) -> Session:
    return object_session(ctx.subject)


def _memo(ctx: Context, key: str, compute: Callable[[], Any]) -> Any:
    """Compute once per evaluation when the service opened a memo (see workflows.service)."""
    memo = _session(ctx).info.get(MEMO)
    if memo is None:
        return compute()
    key = f"{ctx.subject.id}:{key}"
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _consultation(ctx: Context) -> Consultation | None:
    """The open consultation; in a stage left at the deadline, else the one the deadline closed (its step waits)."""

    def find() -> Consultation | None:
        found = consultations.open_consultation_of(_session(ctx), ctx.subject)
        if found is None and ctx.workflow.deadline_transition(ctx.subject.stage) is not None:
            found = consultations.closed_at_deadline(_session(ctx), ctx.subject)
        return found

    return _memo(ctx, "consultation", find)


def _latest_version(ctx: Context) -> Version | None:
    return _session(ctx).scalar(
        select(Version).where(Version.position_id == ctx.subject.id).order_by(Version.number.desc()).limit(1)
    )


def _version_in_question(ctx: Context) -> Version | None:
    """The version under consultation, or else the newest version."""

    def find() -> Version | None:
        consultation = _consultation(ctx)
        if consultation is not None:
            return _session(ctx).get(Version, consultation.version_id)
        return _latest_version(ctx)

    return _memo(ctx, "version", find)


def _decision(ctx: Context, version: Version | None) -> Approval | None:
    """The lead's latest decision still bound to the version's text."""
    if version is None:
        return None
    return _memo(ctx, f"decision:{version.id}", lambda: approvals.latest_decision(_session(ctx), version))


def effective_state(consultation: Consultation, state: str) -> str:
    """A consent's state as the silence procedure reads it: no answer by the deadline is agreement."""
    return "silent" if state == "pending" and now() >= consultation.deadline else state


def deadline_text(moment: datetime) -> str:
    """A deadline in words, in the local zone and naming it: '3 December 2025, 23:59 CET'."""
    local = in_local_zone(moment)
    return f"{local.day} {local:%B %Y}, {local:%H:%M} {local.tzname()}"


def names(items: list[str]) -> str:
    """Join names as 'A', 'A and B' or 'A, B and C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@registry.guard("has_clauses")
def has_clauses(ctx: Context) -> str | None:
    """The draft has at least one clause."""
    found = _session(ctx).scalar(
        select(Clause.id)
        .join(ClauseRevision, ClauseRevision.id == Clause.head_revision_id)
        .where(Clause.position_id == ctx.subject.id, ClauseRevision.deleted.is_(False))
        .limit(1)
    )
    return None if found else Msg("the position has no clauses yet")


@registry.guard("no_open_amendments")
def no_open_amendments(ctx: Context) -> str | None:
    """Every proposed amendment has been accepted, rejected or withdrawn."""
    count = _session(ctx).scalar(
        select(func.count())
        .select_from(Comment)
        .where(Comment.position_id == ctx.subject.id, Comment.kind == "amendment", Comment.status == "open")
    )
    if not count:
        return None
    return plural_msg("%(num)s amendment is still open", "%(num)s amendments are still open", count)


@registry.guard("no_open_brackets")
def no_open_brackets(ctx: Context) -> str | None:
    """No clause of the draft still holds square brackets (contested words); a workflow lists it where a text must be clean."""
    from positions.services.drafting import draft
    from positions.text.brackets import count_brackets

    counts = [(d.number or d.uid, count_brackets(d.revision.body)) for d in draft(_session(ctx), ctx.subject)]
    open_ = [(number, n) for number, n in counts if n]
    if not open_:
        return None
    clauses = ", ".join(number for number, _n in open_[:10]) + ("…" if len(open_) > 10 else "")
    return Joined([
        plural_msg("%(num)s square-bracketed passage is still open", "%(num)s square-bracketed passages are still open",
                   sum(n for _number, n in open_)),
        plural_msg("in clause %(clauses)s", "in clauses %(clauses)s", len(open_), clauses=clauses),
    ], ", ")


@registry.guard("not_frozen")
def not_frozen(ctx: Context) -> str | None:
    """The text is not final."""
    return Msg("the text is final and frozen") if ctx.subject.frozen_at is not None else None


@registry.guard("consultation_settled")
def consultation_settled(ctx: Context) -> str | None:
    """Every consulted administration answered, or the deadline passed (silence counts)."""
    consultation = _consultation(ctx)
    if consultation is None:
        return Msg("no consultation is open")
    waiting = [c.administration.name for c in consultation.consents if effective_state(consultation, c.state) == "pending"]
    if not waiting:
        return None
    return Msg("waiting for %(names)s; the deadline is %(deadline)s", names=join_names(waiting), deadline=consultation.deadline)


@registry.guard("consensus")
def consensus(ctx: Context) -> str | None:
    """No consulted administration objects to the version under consultation."""
    consultation = _consultation(ctx)
    if consultation is None:
        return None  # consultation_settled already says so
    objections = [c for c in consultation.consents if c.state == "object"]
    if not objections:
        return None
    number = _version_in_question(ctx).number
    return Joined([
        Msg("%(administration)s objects to v%(number)s: %(note)s", administration=c.administration.name, number=number, note=c.note)
        for c in objections
    ], "; ")


def approver(ctx: Context) -> Any:
    """Who approves the version by firing this step: the delegation lead, on a step with the approve_version effect
    (None: an approval given before is needed)."""
    if "approve_version" in ctx.transition.effects and can_approve(ctx.user, ctx.subject):
        return ctx.user
    return None


@registry.guard("lead_approved")
def lead_approved(ctx: Context) -> str | None:
    """The delegation lead approved the version in question (or approves it by this step), and the draft is still that text."""
    return approvals.approval_problem(_session(ctx), ctx.subject, _version_in_question(ctx), lambda v: _decision(ctx, v),
                                      approving=approver(ctx) is not None)


@registry.guard("four_eyes")
def four_eyes(ctx: Context) -> str | None:
    """Whoever approved the version (or approves it by this step) is not its author."""
    version = _version_in_question(ctx)
    lead = approver(ctx)
    if lead is not None:
        if version is not None and lead.id == version.author_id:
            return Msg("you took v%(number)s yourself; someone else must approve it", number=version.number)
        return None
    decision = _decision(ctx, version)
    if decision is not None and decision.decision == "approve" and decision.approver_id == version.author_id:
        return Msg("v%(number)s was approved by its own author; someone else must approve it", number=version.number)
    return None


@registry.effect("take_version")
def take_version(ctx: Context) -> None:
    """Take a version of the draft, noting the transition."""
    note = ctx.args.get("note") or f"{ctx.transition.label} ({ctx.workflow.state(ctx.subject.stage).label})"
    versions.take_version(_session(ctx), ctx.user, ctx.subject, note, check=False)


@registry.effect("approve_version")
def approve_version(ctx: Context) -> None:
    """The delegation lead firing the step approves the version in question, bound to its hash, as on the approval page."""
    lead = approver(ctx)
    if lead is not None:
        approvals.approve_as_step(_session(ctx), lead, ctx.subject, _version_in_question(ctx), ctx.args.get("note"))


@registry.effect("open_consultation")
def open_consultation(ctx: Context) -> None:
    """Ask the participants of the phase being entered about the newest version until the deadline."""
    deadline = parse_deadline(ctx.args.get("deadline"))
    phase = ctx.workflow.phase_of(ctx.transition.target)
    audiences = phase.consulted_audiences if phase is not None else consultations.BELGIAN
    consultations.open_consultation(_session(ctx), ctx.user, ctx.subject, _latest_version(ctx), deadline, audiences)


@registry.effect("close_consultation", outcomes=CONSULTATION_OUTCOMES)
def close_consultation(ctx: Context) -> None:
    """Close the open consultation (silence applied) with the outcome the transition declares."""
    consultation = consultations.open_consultation_of(_session(ctx), ctx.subject)
    if consultation is None:
        return
    outcome = ctx.transition.outcome or "withdrawn"  # the loader requires one; a hand-built Transition may lack it
    if outcome == "consensus" and any(c.state == "object" for c in consultation.consents):
        outcome = "blocked"  # the lead may approve a brief over an objection; the record says so
    consultations.close_consultation(_session(ctx), ctx.user, consultation, outcome,
                                     {"by": "deadline"} if ctx.automatic else None)


@registry.effect("freeze")
def freeze(ctx: Context) -> None:
    """Freeze the text: no more edits, versions or comments."""
    position: Position = ctx.subject
    if position.frozen_at is None:
        position.frozen_at = now()
