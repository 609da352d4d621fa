"""Administration of users and administrations (the admin role only)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.admin.forms import AdministrationForm, UserForm
from app.extensions import db
from app.web import Refused, save
from positions.errors import DomainError
from positions.models import Administration, User
from positions.permissions import can_administer
from positions.services import accounts

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@bp.before_request
@login_required
def only_admins():
    """Every page here is for the admin role."""
    if not can_administer(current_user):
        abort(403)


def _administration_choices(form: UserForm) -> None:
    administrations = db.session.scalars(select(Administration).order_by(Administration.code))
    form.administration.choices = [(a.code, f"{a.code} — {a.name}") for a in administrations]


@bp.route("/users")
def users():
    """All accounts."""
    people = db.session.scalars(select(User).order_by(User.active.desc(), User.name)).all()
    return render_template("admin/users.html", users=people)


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int | None = None):
    """Create or edit an account."""
    existing = db.session.get(User, user_id) if user_id else None
    if user_id and existing is None:
        abort(404)
    form = UserForm(obj=existing)
    _administration_choices(form)
    if existing is not None and not form.is_submitted():
        form.administration.data = existing.administration.code
    if form.validate_on_submit():
        try:
            save(lambda: accounts.save_user(
                db.session, current_user, existing, name=form.name.data, email=form.email.data, role=form.role.data,
                administration_code=form.administration.data, active=form.active.data, password=form.password.data,
            ), _("Saved."), refusals=(DomainError,))
        except Refused:
            return render_template("admin/user.html", form=form, user=existing), 422
        return redirect(url_for("admin.users"))
    return render_template("admin/user.html", form=form, user=existing)


@bp.route("/administrations")
def administrations():
    """All administrations."""
    rows = db.session.scalars(select(Administration).order_by(Administration.code)).all()
    return render_template("admin/administrations.html", administrations=rows)


@bp.route("/administrations/new", methods=["GET", "POST"])
@bp.route("/administrations/<int:administration_id>", methods=["GET", "POST"])
def administration(administration_id: int | None = None):
    """Create or edit an administration."""
    existing = db.session.get(Administration, administration_id) if administration_id else None
    if administration_id and existing is None:
        abort(404)
    form = AdministrationForm(obj=existing)
    if form.validate_on_submit():
        try:
            save(lambda: accounts.save_administration(db.session, current_user, existing, code=form.code.data, name=form.name.data,
                                                      kind=form.kind.data, active=form.active.data),
                 _("Saved."), refusals=(DomainError,))
        except Refused:
            return render_template("admin/administration.html", form=form, administration=existing), 422
        return redirect(url_for("admin.administrations"))
    return render_template("admin/administration.html", form=form, administration=existing)
