"""The inbox page, mark read, mail preferences (a block of the profile page), follow buttons, one-click unsubscribe."""

from __future__ import annotations

import contextlib
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField

from app.extensions import db
from app.notify.mail import read_unsubscribe_token
from app.notify.texts import KIND_LABELS, notification_text
from app.web import Refused, save
from app.web.extensions import csrf
from app.web.navigation import safe_next
from positions.services import notifications
from positions.services.positions import get_position

bp = Blueprint("notify", __name__, template_folder="templates")


def preferences_form(kinds: tuple[str, ...], values: dict | None = None) -> FlaskForm:
    """One select per kind (those the user can be told of), and the digest hour."""
    from flask_babel import lazy_gettext as _l

    class PreferencesForm(FlaskForm):
        digest_hour = SelectField(_l("Daily digest at"), choices=[(str(h), f"{h:02d}:00") for h in range(24)])

    modes = [("immediate", _l("At once")), ("digest", _l("In the daily digest")), ("off", _l("Not by mail"))]
    for kind in kinds:
        setattr(PreferencesForm, f"mode_{kind}", SelectField(KIND_LABELS[kind], choices=modes))
    values = values or {}
    data = {f"mode_{k}": v for k, v in values.get("email", {}).items() if k in kinds}
    if "digest_hour" in values:
        data["digest_hour"] = str(values["digest_hour"])
    return PreferencesForm(data=data) if request.method == "GET" else PreferencesForm()


@bp.app_context_processor
def unread_badge():
    """`unread_notifications()` for the navbar: counted only when a page asks."""
    def unread_notifications() -> int:
        return notifications.unread_count(db.session, current_user) if current_user.is_authenticated else 0
    def followed_in(position) -> set:  # asked by the header's button and by every clause: read once per request
        if not current_user.is_authenticated:
            return set()
        cache = g.setdefault("followed_in", {})
        if position.id not in cache:
            cache[position.id] = notifications.follows(db.session, current_user, position)
        return cache[position.id]
    return {"unread_notifications": unread_notifications, "notification_preferences_form": _profile_form,
            "followed_in": followed_in}


def _profile_form():
    return preferences_form(notifications.kinds_for(current_user), notifications.preferences(db.session, current_user))


@bp.get("/notifications")
@login_required
def inbox():
    """The user's notifications, newest first, with links."""
    unread_only = request.args.get("unread") == "1"
    items = [(n, notification_text(n)) for n in notifications.inbox(db.session, current_user, unread_only=unread_only)]
    return render_template("notify/inbox.html", items=items, unread_only=unread_only,
                           unread=notifications.unread_count(db.session, current_user))


@bp.get("/admin/mail")
@login_required
def outgoing_mail():
    """For admins: the mail waiting to be sent or given up on, with the last error; the .eml files without MAIL_SERVER."""
    counts, stuck = notifications.outgoing_mail(db.session, current_user)
    folder = Path(current_app.config["MAIL_DIR"])
    files = [] if current_app.config.get("MAIL_SERVER") or not folder.is_dir() else sorted(folder.glob("*.eml"), reverse=True)[:100]
    return render_template("notify/outgoing.html", counts=counts, stuck=stuck, files=[f.name for f in files], folder=folder)


@bp.post("/notifications/read")
@login_required
def mark_read():
    """Mark one notification (id) or all of them read."""
    ids = [int(i) for i in request.form.getlist("id") if i.isdigit() and len(i) < 10]
    with contextlib.suppress(Refused):
        save(lambda: notifications.mark_read(db.session, current_user, ids, everything=request.form.get("all") == "1"))
    return redirect(safe_next(request.form.get("next")) or url_for("notify.inbox"))


@bp.post("/profile/notifications")
@login_required
def save_preferences():
    """The profile page's mail preferences."""
    kinds = notifications.kinds_for(current_user)
    form = preferences_form(kinds)
    if form.validate_on_submit():
        email = {k: form[f"mode_{k}"].data for k in kinds}
        with contextlib.suppress(Refused):
            save(lambda: notifications.set_preferences(db.session, current_user, email, int(form.digest_hour.data)),
                 _("Your notification preferences were saved."))
    else:
        flash(_("Some preferences could not be read; nothing was changed."), "danger")
    return redirect(url_for("account.profile") + "#notification-preferences")


@bp.post("/positions/<int:position_id>/follow")
@login_required
def follow(position_id: int):
    """Follow (or, with unfollow=1, stop following) a position or, with clause=<uid>, one clause."""
    position = get_position(db.session, current_user, position_id)
    uid = (request.form.get("clause") or "").strip()[:16] or None
    if request.form.get("unfollow") == "1":
        save(lambda: notifications.unfollow(db.session, current_user, position, uid), _("You no longer follow this."))
    else:
        with contextlib.suppress(Refused):
            save(lambda: notifications.follow(db.session, current_user, position, uid),
                 _("You follow this now: its changes and comments reach your inbox."))
    anchor = f"#clause-{uid}" if uid else ""
    return redirect(url_for("positions.position", position_id=position.id) + anchor)


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authority (RFC 8058 one-click: mail programs POST without a form)
def unsubscribe(token: str):
    """Stop one kind of mail from a link in that mail; GET asks, POST does it."""
    found = read_unsubscribe_token(token)
    if found is None:
        abort(404)
    user_id, kind = found
    label = KIND_LABELS.get(kind) or _("The daily digest")
    if request.method == "POST":
        save(lambda: notifications.unsubscribe(db.session, user_id, kind))
        return render_template("notify/unsubscribed.html", label=label, done=True)
    return render_template("notify/unsubscribed.html", label=label, done=False, token=token)
