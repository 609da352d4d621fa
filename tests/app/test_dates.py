"""Dates as users expect: English day-month-year and 24-hour, French in its own way, in TIMEZONE (Brussels)."""

from __future__ import annotations

from datetime import datetime

import pytest

from positions.services import comments, consultations, drafting, versions
from tests.factories import position
from tests.helpers import login


@pytest.mark.parametrize(("locale", "comment_time", "deadline"), [
    ("en", "30 Nov 2026, 16:45", "30 Nov 2031, 23:59 CET"),
    ("fr", "30/11/2026 16:45", "30 nov. 2031, 23:59 CET"),
])
def test_comment_times_and_deadlines_read_as_the_locale_expects_in_the_local_zone(client, session, people, locale, comment_time,
                                                                                  deadline):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    comment = comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="Noted.")
    comment.created_at = datetime(2026, 11, 30, 15, 45)  # stored in UTC: 16:45 in Brussels
    consultations.open_consultation(session, people.pen, pos, versions.take_version(session, people.pen, pos, "v1"),
                                    datetime(2031, 11, 30, 22, 59))
    people.pen.locale = locale
    session.commit()
    login(client, people.pen)

    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert comment_time in page
    assert "11/30/26" not in page and "4:45" not in page and "PM" not in page
    assert deadline in client.get(f"/positions/{pos.id}/consultation").get_data(as_text=True)


def test_english_dates_are_day_month_year_everywhere_a_template_formats_one(app):
    from flask import render_template_string

    with app.test_request_context(headers={"Accept-Language": "en"}):
        shown = render_template_string("{{ format_datetime(d, 'short') }}|{{ format_datetime(d) }}|{{ format_datetime(d, utc=True) }}",
                                       d=datetime(2026, 7, 1, 6, 5))
    assert shown == "1 Jul 2026, 08:05|1 Jul 2026, 08:05:00|1 Jul 2026, 06:05:00"  # summer time; the history stays in UTC
    from flask_babel import force_locale

    with app.test_request_context():
        for locale, day in (("en", "9 Mar 2026"), ("fr", "9 mars 2026")):
            with force_locale(locale):
                assert render_template_string("{{ format_date(d) }}", d=datetime(2026, 3, 9).date()) == day
