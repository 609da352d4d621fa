"""On an SQLite file, a reading request that must write (the silence procedure) is never refused for a race it lost.

A GET begins an ordinary (deferred) transaction. When another writer commits after its first read, SQLite
refuses its first write at once ("database is locked": its snapshot is out of date, waiting cannot help).
The consultation page opened after the deadline records the silent answers: it must show them, not
"Saved meanwhile", whatever another request committed while it was reading.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from types import SimpleNamespace

import pytest

from app import create_app
from app.extensions import db
from config import TestConfig
from positions.clock import now
from positions.models import Base, Consultation
from positions.services import consultations
from tests.factories import People, position
from tests.helpers import bearer, login


@pytest.fixture
def file_app(tmp_path):
    path = tmp_path / "reading.sqlite"
    config = type("FileSQLite", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                                                "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 5}}})
    app = create_app(config)
    with app.app_context():
        Base.metadata.create_all(db.engine)
    yield app, path  # requests run in their own app context, as on a server
    with app.app_context():
        db.engine.dispose()


def _past_deadline(app):
    """A position whose consultation's deadline passed with nobody answering; returns (position id, pen-holder)."""
    with app.app_context():
        people = People(db.session)
        pos = position(db.session, people.pen)
        consultation = consultations.consult(db.session, people.pen, pos, None, now() + timedelta(days=5))
        db.session.commit()
        consultation.deadline = now() - timedelta(minutes=1)
        db.session.commit()
        pen = SimpleNamespace(email=people.pen.email)
        return pos.id, pen, consultation.id


def _commit_elsewhere(path) -> None:
    """Another writer (another request, the worker) commits something while the page is reading."""
    other = sqlite3.connect(path, timeout=5)
    other.execute("UPDATE administration SET name = name || ' ' WHERE code = 'BXL-ENV'")
    other.commit()
    other.close()


@pytest.mark.parametrize("page", ["/positions/{id}/consultation", "/api/v1/positions/{id}/versions/1/consents"])
def test_a_page_that_records_silence_shows_it_even_when_another_writer_committed_meanwhile(file_app, monkeypatch, page):
    app, path = file_app
    position_id, pen, consultation_id = _past_deadline(app)
    real_settle = consultations.settle
    races = []

    def settle_after_someone_else_wrote(session, consultation):
        if not races:  # the first attempt only: the race is lost once
            races.append(consultation.id)
            _commit_elsewhere(path)
        return real_settle(session, consultation)

    monkeypatch.setattr(consultations, "settle", settle_after_someone_else_wrote)
    client = app.test_client()
    login(client, pen)
    headers = bearer(client, pen) if page.startswith("/api/") else {}
    response = client.get(page.format(id=position_id), headers=headers)
    assert races, "the race was not staged"
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    text = response.get_data(as_text=True)
    assert ("consent-silent" in text) if not headers else ('"silent"' in text)
    with app.app_context():
        assert {c.state for c in db.session.get(Consultation, consultation_id).consents} == {"silent"}


def test_a_reading_request_that_writes_nothing_runs_once(file_app, monkeypatch):
    app, _ = file_app
    position_id, pen, _ = _past_deadline(app)
    client = app.test_client()
    login(client, pen)
    assert client.get(f"/positions/{position_id}/consultation").status_code == 200  # records the silence
    calls = []
    real_matrix = consultations.settle
    monkeypatch.setattr(consultations, "settle", lambda s, c: calls.append(c.id) or real_matrix(s, c))
    assert client.get(f"/positions/{position_id}/consultation").status_code == 200
    assert len(calls) == 1
