"""Comments, consultations, consent and approval pages."""

from __future__ import annotations

import hashlib
import re
from contextlib import suppress
from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.web import Refused, save
from positions import permissions
from positions.errors import Conflict
from positions.models import Clause, Comment
from positions.numbers import form_id, whole_number
from positions.services import (
    approvals,
    comment_pages,
    comments,
    comparing,
    consultations,
    drafting,
    review_views,
    versions,
)
from positions.services.positions import get_position
from workflows.service import approving_step, consulted_audiences

bp = Blueprint("review", __name__, template_folder="templates")
SUBMISSION = re.compile(r"[0-9a-f]{32}")


def _back(position_id: int, anchor: str = ""):
    return redirect(url_for("positions.position", position_id=position_id) + anchor)


def submission_fingerprint(submission: str | None) -> str | None:
    """The comment form's one-time id (set when the form was shown), scoped to the user; None if absent or odd."""
    if not submission or not SUBMISSION.fullmatch(submission):
        return None
    return hashlib.sha256(f"web\x1f{current_user.id}\x1f{submission}".encode()).hexdigest()


@bp.post("/positions/<int:position_id>/clauses/<uid>/comments")
@login_required
def post_comment(position_id: int, uid: str):
    """Post a comment, question, support, reservation, amendment or reply on a clause."""
    position = get_position(db.session, current_user, position_id)
    form = request.form
    fingerprint = submission_fingerprint(form.get("submission"))
    posted = _("Comment posted for %(admin)s.", admin=current_user.administration.code)
    parent_id = form_id(form.get("parent_id"), "parent_id")
    try:
        save(lambda: comments.post_comment(
            db.session, current_user, position, uid, kind=form.get("kind", "comment"), body=form.get("body", ""),
            quote=form.get("quote") or None, proposed_text=form.get("proposed_text") if form.get("kind") == "amendment" else None,
            parent_id=parent_id, fingerprint=fingerprint,
        ), posted, say_refusal=False)
    except Refused as refused:  # the form again, with what was typed and the reason beside it
        return render_template("review/comment_page.html", **_form_context(
            position, uid, quote=form.get("quote", ""), parent_id=parent_id, kind=form.get("kind", "comment"),
            body=form.get("body", ""), proposed_text=form.get("proposed_text"), error=refused.error)), 422
    except IntegrityError:  # the same form sent twice at the same moment: the other request posted it
        db.session.rollback()
        if fingerprint is None or comments.posted_with(db.session, position, fingerprint) is None:
            raise
        flash(posted, "success")
    return _back(position_id, f"#clause-{uid}")


@bp.post("/comments/<int:comment_id>/resolve")
@login_required
def resolve(comment_id: int):
    """Resolve a comment, accept or reject an amendment (pen-holder), or withdraw one's own."""
    comment = comments.get_comment(db.session, comment_id)
    position = get_position(db.session, current_user, comment.position_id)
    status = request.form.get("status", "")
    clause_uid = db.session.get(Clause, comment.clause_id).uid
    try:
        save(lambda: comments.close(db.session, current_user, position, comment, status, request.form.get("note")),
             lambda result: _closed(status, result), refusals=())
    except Conflict as error:
        if "fields" not in error.details:
            raise
        db.session.rollback()
        # The amended words were changed meanwhile: let the pen-holder combine the texts by hand.
        return render_template("drafting/conflict.html", position=position, uid=error.details["clause"], conflict=error.details,
                               accept_comment=comment.id), 409
    back = request.form.get("back", "")
    if back.startswith(url_for("review.comment_list", position_id=position.id)) and not re.search(r"//|\\|[\r\n]", back):
        # back to the comments page (and page) the pen-holder acted from
        return redirect(f"{back}#comment-{comment.id}")
    return _back(position.id, f"#clause-{clause_uid}")


def _closed(status: str, result) -> str:
    if status == "withdrawn":
        return _("Comment withdrawn.")
    if result is not None and result.merged:
        return _("Amendment accepted and merged with edits made since it was proposed.")
    return _("Amendment accepted and applied.") if result else _("Comment marked %(status)s.", status=status)


@bp.get("/positions/<int:position_id>/comments")
@login_required
def comment_list(position_id: int):
    """All comments of a position, filtered by administration, kind, status or clause."""
    position = get_position(db.session, current_user, position_id)
    filters = {k: request.args.get(k) or None for k in ("clause", "administration", "kind", "status")}
    page = comment_pages.comment_page(db.session, position, page=max(1, request.args.get("page", 1, type=int)), **filters)
    return render_template("review/comments.html", position=position, comments=page.comments, page=page, filters=filters,
                           clause_labels=comment_pages.clause_labels(drafting.draft(db.session, position)),
                           can_resolve=permissions.can_resolve(current_user, position), back=request.full_path)


@bp.post("/positions/<int:position_id>/consultations")
@login_required
def open_consultation(position_id: int):
    """Open a consultation on a version with a deadline (pen-holder)."""
    position = get_position(db.session, current_user, position_id)
    number = form_id(request.form.get("version"), "version")
    save(lambda: consultations.consult(db.session, current_user, position, number, request.form.get("deadline"),
                                       consulted_audiences(position)),
         lambda consultation: _("Consultation opened on %(label)s.", label=f"v{consultation.version.number}"), refusals=())
    return redirect(url_for("review.matrix", position_id=position_id))


@bp.post("/positions/<int:position_id>/versions/<int:number>/consent")
@login_required
def consent(position_id: int, number: int):
    """Answer the consultation on a version for the official's own administration."""
    position = get_position(db.session, current_user, position_id)
    version = versions.get_version(db.session, position, number)
    with suppress(Refused):
        save(lambda: consultations.answer(db.session, current_user, position, version, request.form.get("state", ""),
                                          request.form.get("note")),
             _("Your administration's answer on %(label)s is recorded.", label=version.label))
    return redirect(url_for("review.matrix", position_id=position_id))


@bp.post("/positions/<int:position_id>/versions/<int:number>/approval")
@login_required
def approval(position_id: int, number: int):
    """The delegation lead approves or rejects a version."""
    position = get_position(db.session, current_user, position_id)
    version = versions.get_version(db.session, position, number)
    with suppress(Refused):
        save(lambda: approvals.decide(db.session, current_user, position, version, request.form.get("decision", ""),
                                      request.form.get("note")),
             lambda decision: _("%(label)s %(decision)s; bound to hash %(hash)s.", label=version.label,
                                decision=_("approved") if decision.decision == "approve" else _("rejected"),
                                hash=decision.content_hash[:12]))
    return redirect(url_for("review.matrix", position_id=position_id))


@bp.get("/positions/<int:position_id>/consultation")
@login_required
def matrix(position_id: int):
    """Administrations × versions, the consensus verdict and the approval panel."""
    position = get_position(db.session, current_user, position_id)
    data = save(lambda: review_views.matrix(db.session, position))  # the silence procedure may record silent answers
    return render_template("review/consultation.html", position=position, m=data, user=current_user,
                           takes_answers=consultations.takes_answers,
                           approval_view=_approval_view(position, data) if current_user.role == "delegation_lead" else None)


def _approval_view(position, data):
    """The version to decide on against the last version the lead approved (or itself when none was)."""
    target = data.versions[data.current.version_id] if data.current else data.latest_version
    if target is None:
        return None
    approved = [data.versions[vid].number for vid, a in data.approvals.items()
                if a.decision == "approve" and vid in data.versions and data.versions[vid].number < target.number]
    old, new, comparison = comparing.compare_refs(db.session, position, str(max(approved, default=target.number)), str(target.number))
    # Where a workflow step approves and moves on at once (the final brief), the page offers that step, not a second button.
    step = approving_step(position, current_user) if data.latest_version is not None and target.id == data.latest_version.id else None
    return SimpleNamespace(old=old, new=new, comparison=comparison, step=step)


@bp.get("/positions/<int:position_id>/since-agreed")
@login_required
def since_agreed(position_id: int):
    """What changed since an administration last agreed (default: the user's own)."""
    position = get_position(db.session, current_user, position_id)
    code = (request.args.get("administration") or current_user.administration.code).upper()
    result = review_views.since_last_agreed(db.session, position, code)
    if result is None:
        flash(_("%(code)s has not agreed to any version yet, or nothing is under consultation.", code=code), "info")
        return redirect(url_for("review.matrix", position_id=position_id))
    old, new = result
    return redirect(url_for("drafting.compare", position_id=position_id, **{"from": old, "to": new}))


def _form_context(position, uid: str, *, quote: str, parent_id: int | None, kind: str, **more) -> dict:
    """The comment form's values: a quote selected on the page becomes the words of the Markdown source."""
    from positions.services.drafting import find_clause
    from positions.text.quotes import source_span

    clause = find_clause(db.session, position, uid)
    body = clause.head.body
    if quote and quote not in body and (span := source_span(body, quote)) is not None:
        quote = body[span[0]:span[1]]
    parent = db.session.get(Comment, parent_id) if parent_id else None
    if parent is not None and (parent.clause_id != clause.id or parent.position_id != position.id):
        parent = None
    return {"position": position, "clause": clause, "quote": quote, "parent_id": parent.id if parent else None,
            "parent": parent, "kind": kind, "clause_name": lambda: _clause_name(position, clause), **more}


def _clause_name(position, clause) -> str:
    """The clause as people name it on the page without JavaScript: its number and heading or first words."""
    label = comment_pages.clause_labels(drafting.draft(db.session, position)).get(clause.id)
    return label.text if label else comment_pages.first_words(clause.head.body)


@bp.get("/positions/<int:position_id>/clauses/<uid>/comment")
@login_required
def comment_form(position_id: int, uid: str):
    """The comment form for a clause (a fragment for in-place use, or a page)."""
    position = get_position(db.session, current_user, position_id)
    from positions.permissions import can_comment, require

    require(can_comment(current_user, position), _("Your role cannot comment on this position (or the text is final)."))
    context = _form_context(position, uid, quote=request.args.get("quote", ""), parent_id=whole_number(request.args.get("parent")),
                            kind=request.args.get("kind", "comment"))
    template = "review/_comment_form.html" if request.args.get("fragment") else "review/comment_page.html"
    return render_template(template, **context)
