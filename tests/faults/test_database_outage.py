"""PostgreSQL goes away under a running app: 503 with a clear message (JSON and HTML), then recovery by itself.

The shared PostgreSQL is never restarted here (other tests use it): the app reaches its own database
through a TCP proxy that the test cuts (every connection closed, new ones refused) and restores.
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from config import Config, TestConfig
from positions.models import Base
from positions.services import accounts
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD, People, position
from tests.faults.support import CuttableProxy, own_database

pytestmark = pytest.mark.postgres

MESSAGE = "database is not reachable"


@pytest.fixture
def outage_app():
    with own_database("plenipo_faults_outage") as url:
        target = make_url(url)
        proxy = CuttableProxy(target.host or "127.0.0.1", target.port or 5432)
        config = type("OutageConfig", (TestConfig,), {
            "SQLALCHEMY_DATABASE_URI": proxy.url(url),
            "SQLALCHEMY_ENGINE_OPTIONS": {**Config.SQLALCHEMY_ENGINE_OPTIONS, "connect_args": {"connect_timeout": 3}},
        })
        app = create_app(config)
        app.test_client_class = IsolatedClient
        with app.app_context():
            Base.metadata.create_all(db.engine)
            people = People(db.session)
            pos = position(db.session, people.pen)
            token = accounts.issue_token(db.session, people.flemish)
            db.session.commit()
            ids = {"position": pos.id, "token": token, "email": people.flemish.email}
            db.session.remove()
        yield app, proxy, ids
        proxy.cut()
        with app.app_context():
            db.engine.dispose()


def _statuses(client, ids) -> tuple:
    api = client.get(f"/api/v1/positions/{ids['position']}", headers={"Authorization": f"Bearer {ids['token']}"})
    page = client.get(f"/positions/{ids['position']}")
    return api, page


def test_cut_database_gives_503_with_a_clear_message_then_recovers_without_restart(outage_app):
    app, proxy, ids = outage_app
    client = app.test_client()
    assert client.post("/login", data={"email": ids["email"], "password": PASSWORD}).status_code == 302
    api, page = _statuses(client, ids)
    assert (api.status_code, page.status_code) == (200, 200)

    proxy.cut()
    for _ in range(2):  # the first request finds pooled connections dead, the second cannot connect at all
        api, page = _statuses(client, ids)
        assert api.status_code == 503, api.data
        assert api.json["error"]["code"] == "unavailable"
        assert MESSAGE in api.json["error"]["message"]
        assert page.status_code == 503, page.data[:500]
        assert MESSAGE in page.get_data(as_text=True)
    assert client.get("/healthz").status_code == 200  # the process itself is alive

    proxy.restore()
    api, page = _statuses(client, ids)
    assert (api.status_code, page.status_code) == (200, 200)
    assert api.json["id"] == ids["position"]
