"""The caller's personal calendar address: read it, or renew it (the old address stops working)."""

from __future__ import annotations

from flask import g
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.shapes import Out, respond
from app.calendars.routes import calendar_url
from app.extensions import db
from positions.services import calendars


class CalendarOut(Out):
    calendar_url: str = Field(description="Secret iCalendar address of the deadlines that concern the caller's administration.")


@bp.get("/me/calendar")
@documented("Account", {200: CalendarOut})
def my_calendar():
    """The caller's personal calendar address."""
    return respond(CalendarOut(calendar_url=calendar_url(g.user)))


@bp.post("/me/calendar/reset")
@documented("Account", {200: CalendarOut})
def reset_calendar():
    """Renew the caller's calendar address; the previous one answers 404 from now on."""
    calendars.renew_calendar(db.session, g.user)
    db.session.commit()
    return respond(CalendarOut(calendar_url=calendar_url(g.user)))
