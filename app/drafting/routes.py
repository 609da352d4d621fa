"""Clause editing, history, versions and comparison pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.drafting.forms import ClauseForm, VersionForm
from app.extensions import db
from app.web import Refused, save
from positions import permissions
from positions.errors import Conflict
from positions.numbers import form_id
from positions.services import (
    comment_pages,
    comments,
    comparing,
    drafting,
    editing,
    notifications,
    versions,
)
from positions.services.drafting import MAX_BODY_CHARS
from positions.services.positions import get_position
from positions.text.rendering import render_clause_body

bp = Blueprint("drafting", __name__, url_prefix="/positions/<int:position_id>", template_folder="templates")


def _back(position_id: int, uid: str | None = None):
    anchor = f"#clause-{uid}" if uid else ""
    return redirect(url_for("positions.position", position_id=position_id) + anchor)


@bp.post("/clauses")
@login_required
def add_clause(position_id: int):
    """Add a clause (at the end, or after the clause given)."""
    position = get_position(db.session, current_user, position_id)
    form = ClauseForm()
    try:
        clause = save(lambda: drafting.add_clause(db.session, current_user, position, kind=form.kind.data, heading=form.heading.data,
                                                  body=form.body.data, after=form.after.data or None), _("Clause added."))
    except Refused:
        return render_template("drafting/clause_edit.html", position=position, form=form, clause=None), 422
    return _back(position_id, clause.uid)


@bp.route("/clauses/<uid>/edit", methods=["GET", "POST"])
@login_required
def edit_clause(position_id: int, uid: str):
    """Edit a clause in place; concurrent edits merge or show a conflict (where an amendment may be accepted by hand)."""
    position = get_position(db.session, current_user, position_id)
    permissions.require(permissions.can_edit(current_user, position), _("Only the pen-holder can edit, and not once the text is final."))
    clause = drafting.find_clause(db.session, position, uid)
    head = clause.head
    form = ClauseForm(data={"kind": head.kind, "heading": head.heading, "body": head.body, "base_revision": head.id})
    if request.method == "POST" and form.validate_on_submit():
        try:
            save(lambda: _save_edit(position, uid, form), _edited)
        except Refused:
            return render_template("drafting/clause_edit.html", position=position, form=form, clause=clause), 422
        except Conflict as error:
            if "fields" not in error.details:
                raise
            db.session.rollback()
            return render_template("drafting/conflict.html", position=position, uid=uid, conflict=error.details, form=form), 409
        return _back(position_id, uid)
    template = "drafting/_clause_form.html" if request.args.get("fragment") else "drafting/clause_edit.html"
    return render_template(template, position=position, form=form, clause=clause)


def _save_edit(position, uid: str, form: ClauseForm):
    """The pen-holder's edit; after a conflict on an amendment, the text combined by hand accepts it too."""
    fields = {"base_revision": form_id(form.base_revision.data, "base_revision"),
              "kind": form.kind.data, "heading": form.heading.data, "body": form.body.data}
    accepting = form_id(request.form.get("accept_comment"), "accept_comment")
    if accepting is not None:
        return comments.accept_by_hand(db.session, current_user, position, uid, accepting, **fields)
    return editing.edit_clause(db.session, current_user, position, uid, **fields)


def _edited(result: editing.EditResult) -> tuple[str, str]:
    if not result.changed:
        return _("Nothing changed."), "info"
    if result.merged:
        return _("Saved. Someone else had edited other words of this clause meanwhile; both changes were kept."), "warning"
    return _("Saved."), "success"


@bp.post("/preview")
@login_required
def preview(position_id: int):
    """A clause's Markdown rendered as the page will show it, for the editor's live preview (pen-holder)."""
    position = get_position(db.session, current_user, position_id)
    permissions.require(permissions.can_edit(current_user, position), _("Only the pen-holder can edit, and not once the text is final."))
    body = request.form.get("body", "")
    if len(body) > MAX_BODY_CHARS:
        abort(413)
    return render_clause_body(body)  # Markdown without raw HTML (positions.text.rendering)


@bp.get("/clauses/new")
@login_required
def new_clause(position_id: int):
    """The form for a clause inserted after a given one (?after=uid), or at the end."""
    position = get_position(db.session, current_user, position_id)
    permissions.require(permissions.can_edit(current_user, position), _("Only the pen-holder can edit, and not once the text is final."))
    after = request.args.get("after") or ""
    previous = drafting.find_clause(db.session, position, after) if after else None
    form = ClauseForm(data={"kind": previous.head.kind if previous else "text", "after": after})
    return render_template("drafting/clause_edit.html", position=position, form=form, clause=None,
                           after=next((d for d in drafting.draft(db.session, position) if d.uid == after), None))


@bp.get("/clauses/<uid>/move")
@login_required
def move_page(position_id: int, uid: str):
    """Choose where a clause goes, without dragging: every place in the draft, by number and words."""
    position = get_position(db.session, current_user, position_id)
    permissions.require(permissions.can_edit(current_user, position), _("Only the pen-holder can edit, and not once the text is final."))
    draft = drafting.draft(db.session, position)
    clause = next((d for d in draft if d.uid == uid), None)
    if clause is None:
        drafting.find_clause(db.session, position, uid)  # says there is no such clause
        abort(404)
    return render_template("drafting/move.html", position=position, clause=clause, draft=draft,
                           labels=comment_pages.clause_labels(draft))


@bp.get("/clauses/<uid>/actions")
@login_required
def actions_page(position_id: int, uid: str):
    """Everything the user can do with one clause — the pen-holder's tools, or a reader's history, follow and
    suggestions: the page behind each clause's Actions menu (without JavaScript)."""
    position = get_position(db.session, current_user, position_id)
    draft = drafting.draft(db.session, position)
    at = next((i for i, d in enumerate(draft) if d.uid == uid), None)
    if at is None:
        drafting.find_clause(db.session, position, uid)  # says there is no such clause
        abort(404)
    can_edit = permissions.can_edit(current_user, position)
    followed = None if can_edit else uid in notifications.follows(db.session, current_user, position)
    return render_template("drafting/actions.html", position=position, clause=draft[at], first=at == 0, last=at == len(draft) - 1,
                           can_comment=permissions.can_comment(current_user, position), can_edit=can_edit, followed=followed)


@bp.post("/clauses/<uid>/move")
@login_required
def move_clause(position_id: int, uid: str):
    """Move a clause one place up or down, or after a given clause; a script asking for JSON gets the new numbers."""
    position = get_position(db.session, current_user, position_id)
    direction = request.form.get("direction")
    wants_json = request.accept_mimetypes.best == "application/json"
    if direction:
        moved = save(lambda: editing.step_clause(db.session, current_user, position, uid, direction))
        if moved is None and not wants_json:
            flash(_("This clause is already the first one.") if direction == "up" else _("This clause is already the last one."), "info")
    else:
        save(lambda: editing.move_clause(db.session, current_user, position, uid, after=request.form.get("after", "")),
             None if wants_json else _("Clause moved."))
    if wants_json:
        return jsonify(order=[{"uid": d.uid, "number": d.number} for d in drafting.draft(db.session, position)])
    return _back(position_id, uid)


@bp.post("/clauses/<uid>/delete")
@login_required
def delete_clause(position_id: int, uid: str):
    """Delete a clause from the draft (its history stays)."""
    position = get_position(db.session, current_user, position_id)
    save(lambda: editing.delete_clause(db.session, current_user, position, uid), _("Clause deleted. Its history is kept."))
    return _back(position_id)


@bp.get("/clauses/<uid>/history")
@login_required
def history(position_id: int, uid: str):
    """Every revision of a clause with word diffs, and who wrote which words."""
    position = get_position(db.session, current_user, position_id)
    revisions = editing.history(db.session, position, uid)
    current = next((label for label in comment_pages.clause_labels(drafting.draft(db.session, position)).values() if label.uid == uid), None)
    latest = revisions[-1]
    clause_name = current.text if current else _("%(words)s (deleted)", words=latest.heading or comment_pages.first_words(latest.body))
    return render_template(
        "drafting/history.html", position=position, uid=uid, clause_name=clause_name, entries=comparing.history_entries(revisions),
        blame=comparing.blame_spans(revisions), latest=revisions[-1],
    )


@bp.route("/versions", methods=["GET", "POST"])
@login_required
def versions_page(position_id: int):
    """The versions of a position; the pen-holder takes a new one here."""
    position = get_position(db.session, current_user, position_id)
    form = VersionForm()
    if request.method == "POST" and form.validate_on_submit():
        save(lambda: versions.take_version(db.session, current_user, position, form.note.data or ""),
             lambda version: _("Version %(label)s taken. Content hash %(hash)s.", label=version.label, hash=version.content_hash[:12]))
        return redirect(url_for("drafting.versions_page", position_id=position_id))
    return render_template(
        "drafting/versions.html", position=position, versions=versions.list_versions(db.session, position), form=form,
        can_edit=permissions.can_edit(current_user, position),
        draft_hash=versions.draft_hash(drafting.draft(db.session, position)),
    )


@bp.get("/compare")
@login_required
def compare(position_id: int):
    """Compare two versions, or a version and the draft: inline or side by side."""
    position = get_position(db.session, current_user, position_id)
    old_ref = comparing.parse_ref(request.args.get("from", "1"), "from")
    new_ref = comparing.parse_ref(request.args.get("to", "draft"), "to")
    old, new, comparison = comparing.compare_refs(db.session, position, old_ref, new_ref)
    view = "side" if request.args.get("view") == "side" else "inline"
    return render_template(
        "drafting/compare.html", position=position, old=old, new=new, comparison=comparison, view=view,
        versions=versions.list_versions(db.session, position), old_numbers=old.numbers(), new_numbers=new.numbers(),
        show_unchanged=request.args.get("unchanged") == "1",
    )
