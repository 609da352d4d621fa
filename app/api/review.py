"""Comments, consents and approvals through the API."""

from __future__ import annotations

from typing import Literal

from flask import g, request
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import DEADLINE, DEADLINE_HELP, Body, Id, Query, examples, one_of, parse
from app.api.shapes import Out, Timestamp, iso, respond
from app.extensions import db
from positions.models import Comment, Consent
from positions.models.approval import DECISIONS
from positions.models.comment import COMMENT_AUDIENCES, COMMENT_KINDS, COMMENT_STATUSES
from positions.models.consultation import CONSENT_STATES
from positions.services import (
    approvals,
    comment_pages,
    comments,
    consultations,
    endorsements,
    versions,
)
from positions.services.comment_pages import MAX_PER_PAGE
from positions.services.consultations import ANSWERS
from positions.services.positions import get_position
from workflows import eu_comments
from workflows.service import consulted_audiences

API_PER_PAGE = 100


class CommentOut(Out):
    id: int
    clause: str | None = Field(description="The clause uid.")
    kind: Literal[COMMENT_KINDS]
    status: Literal[COMMENT_STATUSES]
    body: str
    quote: str | None
    proposed_text: str | None
    parent_id: int | None
    revision: int | None
    author: str
    administration: str = Field(description="Its code; to a delegate, every Belgian administration is BE (and its people Belgium).")
    created_at: Timestamp | None
    resolution_note: str | None
    resolved_at: Timestamp | None
    endorsements: list[str] = Field(default_factory=list, description="Codes of the administrations endorsing it.")
    audience: Literal[COMMENT_AUDIENCES] = Field(default="belgian", description="eu: made on the EU text, read by the delegates too.")


class CommentList(Out):
    comments: list[CommentOut] = Field(description="In the order of the clauses; each thread's replies after what they answer.")
    page: int
    per_page: int
    total: int = Field(description="How many comments match, on all pages.")
    pages: int


class CommentResolved(CommentOut):
    applied_revision: int | None = Field(description="The clause revision an accepted amendment produced.")
    merged: bool


class ConsentOut(Out):
    administration: str
    state: Literal[CONSENT_STATES]
    note: str | None
    answered_at: Timestamp | None


class ConsultationOpened(Out):
    version: int
    deadline: Timestamp | None
    consents: list[ConsentOut]


class VerdictOut(Out):
    state: Literal["consensus", "blocked", "pending", "closed"]
    text: str
    counts: dict[str, int]


class ConsentsOut(Out):
    """The consultation of a version; deadline, closed_at and verdict are null when none was opened."""

    version: int
    deadline: Timestamp | None
    closed_at: Timestamp | None
    consents: list[ConsentOut]
    verdict: VerdictOut | None


class ApprovalOut(Out):
    version: int
    decision: Literal["approve", "reject"]
    content_hash: str = Field(description="The content hash of the version the decision is bound to.")
    approver: str
    note: str | None
    created_at: Timestamp | None


class CommentCreate(Body):
    model_config = examples({"kind": "amendment", "body": "Sharper.", "quote": "supports", "proposed_text": "strongly supports"},
                            {"body": "Why this wording?"})

    kind: str = one_of(COMMENT_KINDS, "comment")
    body: str = ""
    quote: str | None = None
    proposed_text: str | None = None
    parent_id: Id | None = None
    audience: str | None = one_of(COMMENT_AUDIENCES, None, nullable=True,
                                  description="eu: a comment on the EU text, while the EU phase runs, on a clause it shares "
                                              "(a delegate's comments always are); default belgian.")


class CommentResolve(Body):
    model_config = examples({"status": "accepted"}, {"status": "resolved", "note": "Done."})

    status: str = one_of(("resolved", "accepted", "rejected", "withdrawn"))
    note: str | None = Field(default=None, max_length=20_000)


class ConsentAnswer(Body):
    model_config = examples({"state": "agree"}, {"state": "object", "note": "Not acceptable for us."})

    state: str = one_of(ANSWERS)
    note: str | None = Field(default=None, max_length=20_000)


class ApprovalDecision(Body):
    model_config = examples({"decision": "approve"})

    decision: str = one_of(DECISIONS)
    note: str | None = Field(default=None, max_length=20_000)


class ConsultationOpen(Body):
    model_config = examples({"deadline": "2031-03-08"})

    version: Id | None = Field(default=None, description="An existing version (default: take a new one).")
    deadline: str = Field(max_length=40, description=DEADLINE_HELP, json_schema_extra=DEADLINE)


class CommentQuery(Query):
    clause: str | None = Field(default=None, description="A clause uid.")
    page: int = Field(default=1, ge=1, description="Which page of comments, from 1.")
    per_page: int = Field(default=API_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Comments per page.")
    administration: str | None = Field(default=None, description="An administration code.")
    kind: str | None = None
    status: str | None = None


def comment_fields(c: Comment, uids: dict[int, str] | None = None, endorsed: dict[int, list[str]] | None = None) -> dict:
    who = eu_comments.identity(g.user, c)  # a delegate reads every Belgian author as Belgium
    return {
        "id": c.id, "clause": uids.get(c.clause_id) if uids else None, "kind": c.kind, "status": c.status, "body": c.body,
        "quote": c.quote, "proposed_text": c.proposed_text, "parent_id": c.parent_id, "revision": c.revision_id,
        "author": who.author, "administration": who.code, "created_at": iso(c.created_at),
        "resolution_note": c.resolution_note, "resolved_at": iso(c.resolved_at),
        "endorsements": (endorsed or {}).get(c.id, []), "audience": c.audience,
    }


def is_delegate() -> bool:
    return g.user.role == "delegate"


def _delegate_comments(position_id: int):
    """A delegate's list: the EU comments on the clauses of the EU text, filtered, one page."""
    found, uids = eu_comments.comment_page(
        db.session, g.user, position_id, **{k: request.args.get(k) or None for k in ("clause", "administration", "kind", "status")},
        page=comment_pages.page_number(request.args.get("page", "1")),
        per_page=comment_pages.page_number(request.args.get("per_page", str(API_PER_PAGE)), "per_page", MAX_PER_PAGE))
    return respond(CommentList(comments=[CommentOut(**comment_fields(c, uids)) for c in found.comments], page=found.page,
                               per_page=found.per_page, total=found.total, pages=found.pages))


def consent_json(c: Consent) -> ConsentOut:
    return ConsentOut(administration=c.administration.code, state=c.state, note=c.note, answered_at=iso(c.answered_at))


@bp.get("/positions/<int:position_id>/comments")
@documented("Review", {200: CommentList}, query=CommentQuery, errors=(403,))
def list_comments(position_id: int):
    """Comments of a position: ?clause=&status=&administration=&kind=. A delegate gets the EU comments on the EU text only."""
    from positions.services.review_views import clause_numbers

    if is_delegate():
        return _delegate_comments(position_id)
    position = get_position(db.session, g.user, position_id)
    filters = {k: request.args.get(k) or None for k in ("clause", "administration", "kind", "status")}
    uids = {cid: uid for cid, (_, uid) in clause_numbers(db.session, position).items()}
    page = comment_pages.comment_page(db.session, position, **filters,
                                      page=comment_pages.page_number(request.args.get("page", "1")),
                                      per_page=comment_pages.page_number(request.args.get("per_page", str(API_PER_PAGE)),
                                                                         "per_page", MAX_PER_PAGE))
    endorsed = endorsements.endorsers_of_position(db.session, position)
    return respond(CommentList(comments=[CommentOut(**comment_fields(c, uids, endorsed)) for c in page.comments],
                               page=page.page, per_page=page.per_page, total=page.total, pages=page.pages))


@bp.post("/positions/<int:position_id>/clauses/<uid>/comments")
@documented("Review", {201: CommentOut}, body=CommentCreate, errors=(403, 409))
def post_comment(position_id: int, uid: str):
    """Post a comment for the caller's administration (audience eu: on the EU text; a delegate's always is)."""
    if not is_delegate():
        position = get_position(db.session, g.user, position_id)
    body = parse(CommentCreate)
    fields = {"kind": body.kind, "body": body.body, "quote": body.quote, "proposed_text": body.proposed_text, "parent_id": body.parent_id}
    if is_delegate() or body.audience == "eu":
        comment = eu_comments.post(db.session, g.user, position_id, uid, **fields)
    else:
        comment = comments.post_comment(db.session, g.user, position, uid, audience=body.audience or "belgian", **fields)
    answer = CommentOut(**comment_fields(comment, {comment.clause_id: uid}))  # before commit: no reload
    db.session.commit()
    return respond(answer, 201)


@bp.post("/comments/<int:comment_id>/resolve")
@documented("Review", {200: CommentResolved}, body=CommentResolve, errors=(403, 409))
def resolve_comment(comment_id: int):
    """Resolve/accept/reject (pen-holder) or withdraw (author; a delegate: their own EU comment)."""
    if is_delegate():
        comment, position = eu_comments.readable_comment(db.session, g.user, comment_id)
    else:
        comment = comments.get_comment(db.session, comment_id)
        position = get_position(db.session, g.user, comment.position_id)
    body = parse(CommentResolve)
    result = comments.close(db.session, g.user, position, comment, body.status, body.note)
    db.session.commit()
    applied = result.revision.id if result else None
    return respond(CommentResolved(**comment_fields(comment), applied_revision=applied, merged=bool(result and result.merged)))


@bp.post("/positions/<int:position_id>/consultations")
@documented("Review", {201: ConsultationOpened}, body=ConsultationOpen, errors=(403, 409))
def open_consultation(position_id: int):
    """Open a consultation on a version (default: take a new one) with a deadline (pen-holder)."""
    position = get_position(db.session, g.user, position_id)
    body = parse(ConsultationOpen)
    consultation = consultations.consult(db.session, g.user, position, body.version, body.deadline, consulted_audiences(position))
    db.session.commit()
    consents = [consent_json(c) for c in consultation.consents]
    return respond(ConsultationOpened(version=consultation.version.number, deadline=iso(consultation.deadline), consents=consents), 201)


@bp.get("/positions/<int:position_id>/versions/<int:number>/consents")
@documented("Review", {200: ConsentsOut}, errors=(403,))
def list_consents(position_id: int, number: int):
    """Every consulted administration's answer on a version, and the verdict."""
    from sqlalchemy import select

    from positions.models import Consultation

    position = get_position(db.session, g.user, position_id)
    version = versions.get_version(db.session, position, number)
    consultation = db.session.scalar(select(Consultation).where(Consultation.version_id == version.id))
    if consultation is None:
        return respond(ConsentsOut(version=number, deadline=None, closed_at=None, consents=[], verdict=None))
    consultations.settle(db.session, consultation)
    db.session.commit()
    verdict = consultations.verdict(consultation)
    return respond(ConsentsOut(
        version=number, deadline=iso(consultation.deadline), closed_at=iso(consultation.closed_at),
        consents=[consent_json(c) for c in consultation.consents],
        verdict=VerdictOut(state=verdict.state, text=verdict.text, counts=verdict.counts),
    ))


@bp.put("/positions/<int:position_id>/versions/<int:number>/consent")
@documented("Review", {200: ConsentOut}, body=ConsentAnswer, errors=(403, 409))
def answer(position_id: int, number: int):
    """Answer for the caller's own administration."""
    position = get_position(db.session, g.user, position_id)
    version = versions.get_version(db.session, position, number)
    body = parse(ConsentAnswer)
    consent = consultations.answer(db.session, g.user, position, version, body.state, body.note)
    db.session.commit()
    return respond(consent_json(consent))


@bp.post("/positions/<int:position_id>/versions/<int:number>/approval")
@documented("Review", {201: ApprovalOut}, body=ApprovalDecision, errors=(403, 409))
def approve(position_id: int, number: int):
    """The delegation lead approves or rejects a version, bound to its content hash."""
    position = get_position(db.session, g.user, position_id)
    version = versions.get_version(db.session, position, number)
    body = parse(ApprovalDecision)
    decision = approvals.decide(db.session, g.user, position, version, body.decision, body.note)
    db.session.commit()
    return respond(ApprovalOut(version=number, decision=decision.decision, content_hash=decision.content_hash,
                               approver=decision.approver.name, note=decision.note, created_at=iso(decision.created_at)), 201)
