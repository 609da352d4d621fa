"""Migrations take an empty database to the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from config import TestConfig, normalise_database_url
from positions.models import Base
from tests.conftest import PG_URL


def _databases(tmp_path):
    yield "sqlite", f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    if PG_URL:
        url = make_url(normalise_database_url(PG_URL))
        name = f"{url.database}_migrations"  # beside the test database: parallel runs on one server never share it
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        yield "postgresql", url.set(database=name).render_as_string(hide_password=False)


def test_upgrade_from_empty_to_head_matches_the_models_and_downgrades(tmp_path):
    for name, url in _databases(tmp_path):
        app = create_app(type(f"Mig{name}", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
        with app.app_context():
            upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert set(Base.metadata.tables) <= tables, name
            check()  # raises if the models and the migrated schema differ
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}, name
            db.engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL not configured")
def test_postgres_was_really_used():
    assert normalise_database_url(PG_URL).startswith("postgresql+psycopg://")
