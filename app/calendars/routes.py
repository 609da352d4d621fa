"""Calendars: a personal, secret and renewable .ics address, and each position's deadlines as .ics.

The personal address needs no login (calendar programs cannot log in): its token is the credential, and an
unknown, forged or renewed token is 404. A position's .ics is read like the position page (login, 404 when
the position may not be read).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.i18n import format_moment
from app.web import save
from exports.calendar_ics import MEDIA_TYPE, CalendarEntry, calendar_file
from positions.clock import now
from positions.models import User
from positions.services import calendars
from positions.services.positions import get_position

bp = Blueprint("calendars", __name__, template_folder="templates")


def calendar_url(user: User) -> str:
    """The user's personal calendar address, absolute (PUBLIC_URL when configured)."""
    return absolute("calendars.personal", token=calendars.calendar_token(user, current_app.config["SECRET_KEY"]))


def absolute(endpoint: str, **values) -> str:
    """An absolute link: under PUBLIC_URL when configured, else on the host the request came to."""
    public = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    return public + url_for(endpoint, **values) if public else url_for(endpoint, _external=True, **values)


def _when(deadline) -> str:
    zone = current_app.config.get("TIMEZONE") or "Europe/Brussels"
    return f"{format_moment(deadline, 'medium')} ({zone})"  # in TIMEZONE; English day-month-year, 24-hour


def _entry(deadline: calendars.Deadline) -> CalendarEntry:
    title, number = deadline.position.title, deadline.version_number
    description = _("Consultation on %(title)s, version %(number)s (%(meeting)s). Deadline: %(when)s.",
                    title=title, number=number, meeting=deadline.position.meeting, when=_when(deadline.at))
    if deadline.closed:
        description += " " + _("This consultation is closed.")
    host = (current_app.config.get("PUBLIC_URL") or "plenipo").split("//")[-1].strip("/") or "plenipo"
    return CalendarEntry(
        uid=f"consultation-{deadline.consultation.id}@{host}",
        ends_at=deadline.at,
        summary=_("Deadline: %(title)s (version %(number)s)", title=title, number=number),
        description=description,
        url=absolute("review.matrix", position_id=deadline.position.id),
        cancelled=deadline.consultation.outcome == "withdrawn",
    )


def _ics(name: str, deadlines: list[calendars.Deadline], filename: str) -> Response:
    body = calendar_file(name, [_entry(d) for d in deadlines], now())
    return Response(body, content_type=MEDIA_TYPE,
                    headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-store"})


@bp.get("/calendar/<token>.ics")
def personal(token: str):
    """The deadlines that concern the token owner's administration; 404 for a renewed or unknown token."""
    user = calendars.user_for_calendar(db.session, token, current_app.config["SECRET_KEY"])
    if user is None:
        return Response(_("There is no such calendar."), status=404, content_type="text/plain; charset=utf-8")
    with force_locale(user.locale):
        return _ics(_("Plenipo deadlines"), calendars.deadlines_for_user(db.session, user), "plenipo-deadlines.ics")


@bp.get("/positions/<int:position_id>/deadlines.ics")
@login_required
def position_deadlines(position_id: int):
    """One position's consultation deadlines."""
    position = get_position(db.session, current_user, position_id)
    return _ics(position.title, calendars.deadlines_of_position(db.session, position), f"position-{position.id}-deadlines.ics")


@bp.post("/profile/calendar/renew")
@login_required
def renew():
    """Replace the personal calendar address: calendars subscribed to the old one get nothing more."""
    save(lambda: calendars.renew_calendar(db.session, current_user),
         _("Your calendar has a new address; the old one no longer works."))
    return redirect(url_for("account.profile") + "#calendar")


@bp.app_context_processor
def calendar_helpers() -> dict:
    return {"personal_calendar_url": calendar_url}
