"""The participants of a position's EU phase, and the invitation link a new delegate opens."""

from __future__ import annotations

import contextlib

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.participants.forms import InviteForm, RevokeForm, SetPasswordForm
from app.web import Refused, save
from app.web.templating import administration_name
from positions import permissions
from positions.errors import DomainError, NotFound
from positions.services import participants
from positions.services.positions import get_position

bp = Blueprint("participants", __name__, template_folder="templates")


def _choices(form: InviteForm) -> None:
    """Each member state and institution by its code and its name in the reader's language ("DE — Germany")."""
    form.administration.choices = [(a.code, f"{a.code} — {administration_name(a)}") for a in participants.eu_administrations(db.session)]


@bp.route("/positions/<int:position_id>/participants", methods=["GET", "POST"])
@login_required
def participants_page(position_id: int):
    """Who takes part in the EU phase; the pen-holder invites and revokes delegates here."""
    position = get_position(db.session, current_user, position_id)
    can_manage = permissions.can_manage_participants(current_user, position)
    form, status = InviteForm(), 200
    _choices(form)
    if form.is_submitted():
        if not can_manage:
            abort(403)
        if form.validate():
            def invite():
                return participants.invite(db.session, current_user, position, email=form.email.data, name=form.name.data,
                                           administration=form.administration.data)
            try:
                save(invite, lambda invited: _("%(email)s is invited to the EU phase.", email=invited.participant.user.email),
                     refusals=(DomainError,))
                return redirect(url_for("participants.participants_page", position_id=position.id))
            except Refused:
                pass
        status = 422
    rows = participants.list_participants(db.session, current_user, position)
    return render_template("participants/participants.html", position=position, rows=rows, form=form, can_manage=can_manage,
                           revoke_form=RevokeForm(), state_of=participants.state_of), status


@bp.post("/positions/<int:position_id>/participants/<int:participant_id>/revoke")
@login_required
def revoke(position_id: int, participant_id: int):
    """End a delegate's access to this position."""
    position = get_position(db.session, current_user, position_id)
    if not permissions.can_manage_participants(current_user, position):
        abort(403)
    if not RevokeForm().validate_on_submit():
        abort(400)
    with contextlib.suppress(Refused):
        save(lambda: participants.revoke(db.session, current_user, position, participant_id),
             lambda p: _("%(email)s no longer has access to this position.", email=p.user.email), refusals=(DomainError,))
    return redirect(url_for("participants.participants_page", position_id=position.id))


@bp.route("/invitation/<secret>", methods=["GET", "POST"])
def invitation(secret: str):
    """A new delegate sets their password with the link they were sent (once, before it expires)."""
    try:
        found = participants.invitation(db.session, secret)
    except DomainError as error:
        return render_template("participants/invitation.html", error=error, form=None), 404 if isinstance(error, NotFound) else 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            save(lambda: participants.accept(db.session, secret, form.new_password.data),
                 _("Your password is set: log in with your e-mail address."), refusals=(DomainError,))
            return redirect(url_for("auth.login"))
        except Refused:
            pass
    return render_template("participants/invitation.html", error=None, form=form, user=found.user), 200 if not form.errors else 422
