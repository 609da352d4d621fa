"""Fixtures: an app per test on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set."""

from __future__ import annotations

import contextvars
import os

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from app.extensions import db
from config import TestConfig, normalise_database_url
from positions.models import Base

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
_pg_schema_ready = False


def _config_for(backend: str, **settings) -> type[TestConfig]:
    url = normalise_database_url(PG_URL) if backend == "postgresql" else "sqlite://"
    return type(f"TestConfig_{backend}", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, **settings})


def _reset_postgres() -> None:
    global _pg_schema_ready
    if not _pg_schema_ready:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        Base.metadata.create_all(db.engine)
        _pg_schema_ready = True
    else:
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


class IsolatedClient(FlaskClient):
    """Run each request in a fresh context, as a real server does: its own app context, g and session."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Cheap hashes in tests only: production keeps scrypt's cost."""
    import positions.models.user as user_module

    user_module.PASSWORD_METHOD = "pbkdf2:sha256:1000"
    yield


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def app_settings() -> dict:
    """Settings a test module adds to the test configuration (override this fixture, e.g. WORKFLOW_PATH)."""
    return {}


@pytest.fixture
def app(backend, app_settings):
    app = create_app(_config_for(backend, **app_settings))
    app.test_client_class = IsolatedClient
    with app.app_context():
        if backend == "postgresql":
            try:
                _reset_postgres()
            except Exception as exc:  # a CI run that asked for PostgreSQL must not pass without it
                pytest.fail(f"PostgreSQL was asked for (TEST_DATABASE_URL) but is not usable: {exc}")
        else:
            Base.metadata.create_all(db.engine)
        yield app
        db.session.remove()
        if backend == "sqlite":
            db.engine.dispose()


@pytest.fixture
def people(session):
    """One user of every role, and officials of four administrations."""
    from tests.factories import People

    return People(session)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    return db.session


def pytest_collection_modifyitems(items):
    """Property-based (Hypothesis) tests are slow: mark them so `-m "not slow"` gives a quick run; CI runs them all."""
    for item in items:
        if getattr(getattr(item, "function", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)


def mark_postgres_required():
    """Skip marker helper for tests that only make sense on PostgreSQL."""
    return pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
