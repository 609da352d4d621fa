"""Dashboard and position pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.drafting.forms import new_clause_form
from app.extensions import db
from app.i18n import translate
from app.library.routes import clause_library
from app.positions.forms import PositionDetailsForm, PositionForm
from app.positions.tasks import next_steps_view, task_title, task_url
from app.review.margin import page_margin, permissions_of
from app.web import Refused, save
from positions import permissions
from positions.errors import DomainError
from positions.services import (
    drafting,
    participants,
    position_details,
    review_views,
    tasks,
)
from positions.services.positions import get_position, list_positions
from workflows import eu_text
from workflows.service import start_position

bp = Blueprint("positions", __name__, template_folder="templates")


@bp.route("/")
@login_required
def dashboard():
    """Positions the user can read, with their stage and last change."""
    if current_user.role == "admin":
        return redirect(url_for("admin.users"))
    if current_user.role == "delegate":
        invited = participants.invited_positions(db.session, current_user)
        return render_template("participants/delegate_home.html",
                               positions=[(p, eu_text.has_eu_text(db.session, p)) for p in invited])
    rows = list_positions(db.session, current_user)
    return render_template(
        "positions/dashboard.html", rows=rows, can_create=permissions.can_create_position(current_user),
        awaiting=review_views.awaiting(db.session, current_user),
        tasks=tasks.tasks_for(db.session, current_user), task_url=task_url, task_title=task_title,
        next_steps=next_steps_view(db.session, current_user),
        open_items=tasks.open_items(db.session, [row.position.id for row in rows]),
    )


@bp.route("/positions/new", methods=["GET", "POST"])
@login_required
def new_position():
    """Open a new position (pen-holder)."""
    if not permissions.can_create_position(current_user):
        abort(403)
    form = PositionForm()
    if form.validate_on_submit():
        try:
            position = save(lambda: start_position(db.session, current_user, **form.details()), _("Position created."),
                            refusals=(DomainError,))
        except Refused:
            return render_template("positions/position_new.html", form=form), 422
        return redirect(url_for("positions.position", position_id=position.id))
    return render_template("positions/position_new.html", form=form)


@bp.route("/positions/<int:position_id>/details", methods=["GET", "POST"])
@login_required
def details(position_id: int):
    """Change the title, meeting, item, symbol, classification and consulted administrations (pen-holder)."""
    pos = get_position(db.session, current_user, position_id)
    if not permissions.can_edit(current_user, pos):
        abort(403)
    form = PositionDetailsForm(pos)
    if form.validate_on_submit():
        try:
            change = save(lambda: position_details.update_details(db.session, current_user, pos, **form.details()),
                          lambda c: _("Details saved.") if c.changed else _("Nothing changed."), refusals=(DomainError,))
        except Refused:
            return render_template("positions/position_details.html", position=pos, form=form, warnings=[]), 422
        for warning in change.warnings:
            flash(translate(warning), "warning")
        return redirect(url_for("positions.position", position_id=pos.id))
    warnings = [translate(w) for w in position_details.staffing_warnings(db.session, list(pos.consulted))]
    return render_template("positions/position_details.html", position=pos, form=form, warnings=warnings)


@bp.route("/positions/<int:position_id>")
@login_required
def position(position_id: int):
    """The position: its clauses in order, numbered, rendered."""
    pos = get_position(db.session, current_user, position_id)
    clauses = drafting.draft(db.session, pos)
    return render_template(
        "positions/position.html",
        position=pos,
        clauses=clauses,
        open_brackets=sum(c.brackets for c in clauses),
        can_edit=permissions.can_edit(current_user, pos),
        can_comment=permissions.can_comment(current_user, pos),
        can_resolve=permissions.can_resolve(current_user, pos),
        margin=page_margin(pos, clauses), perms=permissions_of(pos),  # the comment threads beside each clause
        add_form=new_clause_form(),
        library=clause_library(pos),
    )
