"""Comments, consents and approvals through the API."""

from __future__ import annotations

from flask import g, jsonify, request
from pydantic import Field

from app.api import bp
from app.api.schemas import Body, parse
from app.api.serializers import iso
from app.extensions import db
from positions.models import Comment, Consent
from positions.services import approvals, comments, consultations, versions
from positions.services.positions import get_position
from workflows.guards import parse_deadline


class CommentCreate(Body):
    kind: str = "comment"
    body: str = ""
    quote: str | None = None
    proposed_text: str | None = None
    parent_id: int | None = None


class CommentResolve(Body):
    status: str
    note: str | None = Field(default=None, max_length=20_000)


class ConsentAnswer(Body):
    state: str
    note: str | None = Field(default=None, max_length=20_000)


class ApprovalDecision(Body):
    decision: str
    note: str | None = Field(default=None, max_length=20_000)


class ConsultationOpen(Body):
    version: int | None = None
    deadline: str


def comment_json(c: Comment, uids: dict[int, str] | None = None) -> dict:
    return {
        "id": c.id, "clause": uids.get(c.clause_id) if uids else None, "kind": c.kind, "status": c.status, "body": c.body,
        "quote": c.quote, "proposed_text": c.proposed_text, "parent_id": c.parent_id, "revision": c.revision_id,
        "author": c.author.name, "administration": c.administration.code, "created_at": iso(c.created_at),
        "resolution_note": c.resolution_note, "resolved_at": iso(c.resolved_at),
    }


def consent_json(c: Consent) -> dict:
    return {"administration": c.administration.code, "state": c.state, "note": c.note, "answered_at": iso(c.answered_at)}


@bp.get("/positions/<int:position_id>/comments")
def list_comments(position_id: int):
    """Comments of a position: ?clause=&status=&administration=&kind=."""
    from positions.services.review_views import clause_numbers

    position = get_position(db.session, g.user, position_id)
    filters = {k: request.args.get(k) or None for k in ("clause", "administration", "kind", "status")}
    uids = {cid: uid for cid, (_, uid) in clause_numbers(db.session, position).items()}
    rows = comments.list_comments(db.session, position, **filters)
    return jsonify({"comments": [comment_json(c, uids) for c in rows]})


@bp.post("/positions/<int:position_id>/clauses/<uid>/comments")
def post_comment(position_id: int, uid: str):
    """Post a comment for the caller's administration."""
    position = get_position(db.session, g.user, position_id)
    body = parse(CommentCreate)
    comment = comments.post_comment(db.session, g.user, position, uid, kind=body.kind, body=body.body, quote=body.quote,
                                    proposed_text=body.proposed_text, parent_id=body.parent_id)
    db.session.commit()
    return jsonify(comment_json(comment, {comment.clause_id: uid})), 201


@bp.post("/comments/<int:comment_id>/resolve")
def resolve_comment(comment_id: int):
    """Resolve/accept/reject (pen-holder) or withdraw (author)."""
    comment = comments.get_comment(db.session, comment_id)
    position = get_position(db.session, g.user, comment.position_id)
    body = parse(CommentResolve)
    result = None
    if body.status == "withdrawn":
        comments.withdraw(db.session, g.user, position, comment)
    else:
        result = comments.resolve(db.session, g.user, position, comment, body.status, body.note)
    db.session.commit()
    data = comment_json(comment)
    data["applied_revision"] = result.revision.id if result else None
    data["merged"] = bool(result and result.merged)
    return jsonify(data)


@bp.post("/positions/<int:position_id>/consultations")
def open_consultation(position_id: int):
    """Open a consultation on a version (default: take a new one) with a deadline (pen-holder)."""
    from positions.permissions import can_edit, require

    position = get_position(db.session, g.user, position_id)
    require(can_edit(g.user, position), "Only the pen-holder opens consultations.")
    body = parse(ConsultationOpen)
    version = versions.get_version(db.session, position, body.version) if body.version else versions.take_version(db.session, g.user, position, "Version for consultation")
    consultation = consultations.open_consultation(db.session, g.user, position, version, parse_deadline(body.deadline))
    db.session.commit()
    return jsonify({"version": version.number, "deadline": iso(consultation.deadline), "consents": [consent_json(c) for c in consultation.consents]}), 201


@bp.get("/positions/<int:position_id>/versions/<int:number>/consents")
def list_consents(position_id: int, number: int):
    """Every consulted administration's answer on a version, and the verdict."""
    from sqlalchemy import select

    from positions.models import Consultation

    position = get_position(db.session, g.user, position_id)
    version = versions.get_version(db.session, position, number)
    consultation = db.session.scalar(select(Consultation).where(Consultation.version_id == version.id))
    if consultation is None:
        return jsonify({"version": number, "consultation": None, "consents": [], "verdict": None})
    consultations.settle(db.session, consultation)
    db.session.commit()
    verdict = consultations.verdict(consultation)
    return jsonify({
        "version": number, "deadline": iso(consultation.deadline), "closed_at": iso(consultation.closed_at),
        "consents": [consent_json(c) for c in consultation.consents],
        "verdict": {"state": verdict.state, "text": verdict.text, "counts": verdict.counts},
    })


@bp.put("/positions/<int:position_id>/versions/<int:number>/consent")
def answer(position_id: int, number: int):
    """Answer for the caller's own administration."""
    position = get_position(db.session, g.user, position_id)
    version = versions.get_version(db.session, position, number)
    body = parse(ConsentAnswer)
    consent = consultations.answer(db.session, g.user, position, version, body.state, body.note)
    db.session.commit()
    return jsonify(consent_json(consent))


@bp.post("/positions/<int:position_id>/versions/<int:number>/approval")
def approve(position_id: int, number: int):
    """The delegation lead approves or rejects a version, bound to its content hash."""
    position = get_position(db.session, g.user, position_id)
    version = versions.get_version(db.session, position, number)
    body = parse(ApprovalDecision)
    decision = approvals.decide(db.session, g.user, position, version, body.decision, body.note)
    db.session.commit()
    return jsonify({"version": number, "decision": decision.decision, "content_hash": decision.content_hash,
                    "approver": decision.approver.name, "note": decision.note, "created_at": iso(decision.created_at)}), 201
