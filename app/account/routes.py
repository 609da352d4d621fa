"""The user's own profile (display language, API tokens) and the language switcher shown on every page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField

from app.extensions import db
from app.i18n import LANGUAGE_NAMES, LANGUAGES
from app.web import save
from app.web.navigation import safe_next
from positions.services import accounts

bp = Blueprint("account", __name__, template_folder="templates")


class ProfileForm(FlaskForm):
    """What a user may change about themselves here: the language of the interface and exports."""

    locale = SelectField(
        _l("Language of the interface and of Word exports"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
    )


def _remember(locale: str) -> None:
    """Keep the choice in the session and, for a logged-in user, in their profile."""
    session["locale"] = locale
    session["locale_chosen"] = not current_user.is_authenticated  # chosen before logging in: kept by the login
    if current_user.is_authenticated:
        save(lambda: accounts.set_locale(db.session, current_user, locale))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Show the user's account and let them choose their language."""
    form = ProfileForm(locale=current_user.locale)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            _remember(form.locale.data)
            with force_locale(form.locale.data):
                flash(_("Your profile was saved."), "success")
            return redirect(url_for("account.profile"))
        status = 422
    return render_template("account/profile.html", form=form, tokens=accounts.list_tokens(db.session, current_user)), status


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of the user's own API tokens; programs using it are refused from now on."""
    save(lambda: accounts.revoke_token_id(db.session, current_user, token_id),
         _("The token was revoked: programs using it are refused from now on."))
    return redirect(url_for("account.profile"))


@bp.post("/locale")
def set_locale():
    """The language switcher: any visitor, logged in or not; back to the page they were on."""
    locale = (request.form.get("locale") or "").strip()
    if locale not in LANGUAGES:
        db.session.rollback()
        message = _("Unknown language '%(locale)s'. Choose one of: %(choices)s.", locale=locale[:20],
                    choices=", ".join(LANGUAGE_NAMES[code] for code in LANGUAGES))
        return render_template("error.html", status=400, title=_("Unknown language"), message=message), 400
    _remember(locale)
    return redirect(safe_next(request.form.get("next")) or url_for("positions.dashboard"))
