"""The language switcher and the profile, dates and numbers per locale, and Word exports in French and Dutch."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import docx
import pytest
from sqlalchemy import select

from positions.models import Clause, ClauseRevision, Event, User
from tests.factories import position
from tests.helpers import bearer, login


def user(session, person) -> User:
    session.expire_all()
    return session.get(User, person.id)


def all_text(data: bytes) -> str:
    """The text of every part of a .docx (body, headers and footers, comments), read back with python-docx and zip."""
    document = docx.Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = " ".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml"))
    return body + "\n" + re.sub(r"<[^>]+>", "", xml) + "\n" + " ".join(re.findall(r'string="([^"]*)"', xml))


def test_switcher_is_on_every_page_and_works_logged_out(client):
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'action="/locale"' in page and '<label class="visually-hidden" for="locale-select">Language</label>' in page
    response = client.post("/locale", data={"locale": "nl", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="nl">' in page and "Aanmelden bij Plenipo" in page


def test_switcher_persists_the_choice_for_a_logged_in_user(client, session, people):
    login(client, people.pen)
    response = client.post("/locale", data={"locale": "fr", "next": "/positions/new?x=1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/positions/new?x=1")
    assert user(session, people.pen).locale == "fr"
    assert "Nouvelle position" in client.get("/positions/new").get_data(as_text=True)
    assert session.scalar(select(Event).where(Event.verb == "user.locale_changed")) is not None
    client.post("/logout")
    login(client, people.pen)  # a new session: the profile's language wins
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_switcher_only_goes_back_to_this_site(client, target):
    response = client.post("/locale", data={"locale": "fr", "next": target})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]


def test_an_unknown_language_is_refused_and_nothing_changes(client, session, people):
    login(client, people.pen)
    response = client.post("/locale", data={"locale": "de", "next": "/"})
    assert response.status_code == 400
    assert "Unknown language &#39;de&#39;. Choose one of: English, Français, Nederlands." in response.get_data(as_text=True)
    assert user(session, people.pen).locale == "en"
    refused = client.post("/profile", data={"locale": "xx"})
    assert refused.status_code == 422 and user(session, people.pen).locale == "en"


def test_the_profile_shows_the_account_and_saves_the_language(client, session, people):
    login(client, people.flemish)
    page = client.get("/profile").get_data(as_text=True)
    assert "Your profile" in page and people.flemish.email in page and "VL-OMG" in page
    assert 'href="/profile"' in client.get("/").get_data(as_text=True)  # linked from the navbar
    response = client.post("/profile", data={"locale": "nl"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Uw profiel is opgeslagen." in page and '<option selected value="nl">' in page
    assert user(session, people.flemish).locale == "nl"


def test_the_csrf_token_is_required(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/locale", data={"locale": "fr"}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize(("locale", "date_text", "events"), [
    ("en", "9 Mar 2026, 15:05", "1,234 events"),  # day-month-year, 24-hour, in TIMEZONE (Brussels)
    ("fr", "9 mars 2026, 15:05", "1\u202f234 événements"),
    ("nl", "9 mrt 2026", "1.234 gebeurtenissen"),
])
def test_dates_and_numbers_follow_the_locale(app, client, session, people, locale, date_text, events):
    from flask import render_template_string

    pos = position(session, people.pen)
    clause = session.scalars(select(Clause).where(Clause.position_id == pos.id).order_by(Clause.id)).all()[1]
    revision = session.get(ClauseRevision, clause.head_revision_id)
    revision.created_at = datetime(2026, 3, 9, 14, 5)
    people.pen.locale = locale
    session.commit()
    login(client, people.pen)
    page = client.get(f"/positions/{pos.id}/clauses/{clause.uid}/history").get_data(as_text=True)
    short = {"en": "9 Mar 2026, 15:05", "fr": "09/03/2026 15:05", "nl": "09-03-2026, 15:05"}[locale]  # TIMEZONE
    assert short in page
    with app.test_request_context(headers={"Accept-Language": locale}):
        rendered = render_template_string(
            "{{ format_datetime(d, 'medium') }}|{{ ngettext('%(num)s event', '%(num)s events', n, num=format_number(n)) }}",
            d=datetime(2026, 3, 9, 14, 5), n=1234)
    assert rendered.startswith(date_text) and rendered.endswith(events)


WORD_TEXTS = {
    "fr": ["PROJET", "Page", "sur", "Réunion", "Ligne à défendre", "Ligne rouge", "Position de repli", "Projet belge"],
    "nl": ["ONTWERP", "Pagina", "van", "Vergadering", "Te verdedigen standpunt", "Rode lijn", "Terugvalpositie", "Belgisch ontwerp"],
}
BRIEF_TEXTS = {"fr": ["Lignes à défendre", "Lignes rouges", "(clause 1.2)"],
               "nl": ["Te verdedigen standpunten", "Rode lijnen", "(clausule 1.2)"]}


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_word_exports_follow_the_users_language(client, session, people, locale):
    pos = position(session, people.pen)
    people.pen.locale = locale
    session.commit()
    login(client, people.pen)
    data = client.get(f"/positions/{pos.id}/word/export").data
    text = all_text(data)
    for expected in WORD_TEXTS[locale]:
        assert expected in text, expected
    assert "Line to take" not in text and "Meeting" not in text and "DRAFT" not in text
    brief = all_text(client.get(f"/positions/{pos.id}/word/export?layout=brief").data)
    for expected in BRIEF_TEXTS[locale]:
        assert expected in brief, expected
    assert "Lines to take" not in brief
    table = client.get(f"/positions/{pos.id}/word/export?layout=comments_table&format=csv").data.decode("utf-8-sig")
    assert table.splitlines()[0].startswith({"fr": "Clause", "nl": "Clausule"}[locale])


def test_api_exports_follow_the_token_owners_language(client, session, people):
    pos = position(session, people.pen)
    people.pen.locale = "nl"
    session.commit()
    response = client.get(f"/api/v1/positions/{pos.id}/export.docx", headers=bearer(client, people.pen))
    assert response.status_code == 200 and "Te verdedigen standpunt" in all_text(response.data)


@pytest.mark.parametrize(("locale", "expected", "absent"), [
    ("fr", "Ligne à défendre", "Line to take"), ("nl", "Te verdedigen standpunt", "Line to take"), ("en", "Line to take", "Ligne"),
])
def test_cli_export_takes_a_locale(app, session, people, tmp_path, locale, expected, absent):
    pos = position(session, people.pen)
    out = tmp_path / "out.docx"
    result = app.test_cli_runner().invoke(args=["export", str(pos.id), "--locale", locale, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = all_text(out.read_bytes())
    assert expected in text and absent not in text
    refused = app.test_cli_runner().invoke(args=["export", str(pos.id), "--locale", "de", "-o", str(out)])
    assert refused.exit_code != 0
