"""Dashboard and position pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.drafting.forms import new_clause_form
from app.extensions import db
from app.i18n import translate
from app.positions.forms import PositionForm
from positions import permissions
from positions.errors import DomainError
from positions.models import Administration
from positions.services import comments, drafting, review_views
from positions.services.positions import get_position, list_positions
from workflows.service import start_position

bp = Blueprint("positions", __name__, template_folder="templates")


@bp.route("/")
@login_required
def dashboard():
    """Positions the user can read, with their stage and last change."""
    if current_user.role == "admin":
        return redirect(url_for("admin.users"))
    rows = list_positions(db.session, current_user)
    return render_template(
        "positions/dashboard.html", rows=rows, can_create=permissions.can_create_position(current_user),
        awaiting=review_views.awaiting(db.session, current_user),
    )


@bp.route("/positions/new", methods=["GET", "POST"])
@login_required
def new_position():
    """Open a new position (pen-holder)."""
    if not permissions.can_create_position(current_user):
        abort(403)
    form = PositionForm()
    administrations = db.session.scalars(select(Administration).where(Administration.active).order_by(Administration.code)).all()
    form.consulted.choices = [(a.code, f"{a.code} — {a.name}") for a in administrations]
    if form.validate_on_submit():
        try:
            position = start_position(
                db.session,
                current_user,
                title=form.title.data,
                meeting=form.meeting.data,
                agenda_item=form.agenda_item.data,
                document_symbol=form.document_symbol.data or "",
                confidentiality=form.confidentiality.data,
                workflow_key=form.workflow.data,
                consulted=form.consulted.data,
                objective=form.objective.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            flash(translate(error.message), "danger")
            return render_template("positions/position_new.html", form=form), 422
        db.session.commit()
        flash(_("Position created."), "success")
        return redirect(url_for("positions.position", position_id=position.id))
    return render_template("positions/position_new.html", form=form)


@bp.route("/positions/<int:position_id>")
@login_required
def position(position_id: int):
    """The position: its clauses in order, numbered, rendered."""
    pos = get_position(db.session, current_user, position_id)
    clauses = drafting.draft(db.session, pos)
    texts = {c.clause.id: c.revision.body for c in clauses}
    return render_template(
        "positions/position.html",
        position=pos,
        clauses=clauses,
        open_brackets=sum(c.brackets for c in clauses),
        can_edit=permissions.can_edit(current_user, pos),
        can_comment=permissions.can_comment(current_user, pos),
        can_resolve=permissions.can_resolve(current_user, pos),
        thread_map=comments.threads_by_clause(comments.list_comments(db.session, pos), texts),
        add_form=new_clause_form(),
    )
