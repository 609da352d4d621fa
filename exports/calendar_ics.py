"""iCalendar files of deadlines (RFC 5545), as Outlook, Thunderbird and phone calendars read them.

PRODID, VERSION and METHOD:PUBLISH; per event a stable UID, DTSTAMP, and times in UTC (so no VTIMEZONE is
needed), written by the `icalendar` library. Texts and links come translated and absolute from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

PRODID = "-//Plenipo//Consultation deadlines//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"
LEAD_TIME = timedelta(minutes=30)  # an event ends at the deadline and starts a little before, so it shows


@dataclass(frozen=True)
class CalendarEntry:
    """One deadline as a calendar shows it."""

    uid: str
    ends_at: datetime  # naive UTC, as stored
    summary: str
    description: str
    url: str
    cancelled: bool = False


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def calendar_file(name: str, entries: list[CalendarEntry], stamp: datetime) -> bytes:
    """The .ics file of these entries; `stamp` (when it was made) is every event's DTSTAMP."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", _utc(stamp))
        event.add("dtstart", _utc(entry.ends_at) - LEAD_TIME)
        event.add("dtend", _utc(entry.ends_at))
        event.add("summary", entry.summary)
        event.add("description", f"{entry.description}\n{entry.url}")
        event.add("url", entry.url)
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
