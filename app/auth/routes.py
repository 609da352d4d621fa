"""Logging in and out, and changing one's own password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.forms import ChangePasswordForm, LoginForm
from app.extensions import db
from app.i18n import translate
from app.security import login_lifetime, login_limits
from app.web import Refused, save
from app.web.navigation import safe_next
from positions.errors import AuthenticationFailed
from positions.services import accounts, logins

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login():
    """Show the login form and log the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("positions.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(db.session, form.email.data, form.password.data)
        except AuthenticationFailed as error:
            flash(translate(error.message), "danger")
            return render_template("auth/login.html", form=form), 401
        chosen = session.pop("locale_chosen", False) and session.get("locale")  # the language picked on the login page
        save(lambda: (logins.start_login(db.session, user, login_lifetime()),
                      chosen and accounts.set_locale(db.session, user, chosen)))
        session.permanent = True
        login_user(user, remember=form.remember.data)
        return redirect(safe_next(request.args.get("next")) or url_for("positions.dashboard"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """End the login on the server too, so its cookies, wherever copied, log nobody in again."""
    if current_user.is_authenticated:
        save(lambda: logins.end_login(db.session, current_user._get_current_object()))
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Let users change their own password."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            # Every login ends with the old password: this browser gets a new one.
            save(lambda: (accounts.change_password(db.session, user, form.current_password.data, form.new_password.data),
                          logins.start_login(db.session, user, login_lifetime())),
                 _("Your password was changed. Other sessions were logged out."))
        except Refused:
            return render_template("auth/password.html", form=form), 422
        login_user(user, remember=False)
        return redirect(url_for("positions.dashboard"))
    return render_template("auth/password.html", form=form)
