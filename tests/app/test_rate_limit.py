"""Logging in is rate-limited (web form and POST /api/v1/tokens): per client address, and per account and address; 429 with Retry-After."""

from __future__ import annotations

import uuid

import pytest

from app import create_app
from app.extensions import db
from app.web.extensions import limiter
from config import Config
from positions.models import ApiToken, Base
from tests.conftest import _config_for
from tests.factories import PASSWORD, People

REAL_LIMITS = {"LOGIN_RATE_LIMIT": Config.LOGIN_RATE_LIMIT, "LOGIN_EMAIL_RATE_LIMIT": Config.LOGIN_EMAIL_RATE_LIMIT}
EMAIL_LIMIT = int(Config.LOGIN_EMAIL_RATE_LIMIT.split()[0])  # failed attempts per email, address and minute
ADDRESS_LIMIT = int(Config.LOGIN_RATE_LIMIT.split()[0])  # failed attempts per client address and minute


@pytest.fixture
def limited(app):
    """The test app with the production limits (the test config raises them so other tests can log in freely)."""
    app.config.update(REAL_LIMITS)
    return app


def _web(client, email: str, password: str = "wrong password!", address: str = "203.0.113.7"):
    return client.post("/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address})


def _api(client, email: str, password: str = "wrong password!", address: str = "203.0.113.7"):
    return client.post("/api/v1/tokens", json={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address})


def test_the_test_config_raises_the_limits_and_production_keeps_them():
    assert Config.LOGIN_RATE_LIMIT == "10 per minute;50 per hour"
    assert Config.LOGIN_EMAIL_RATE_LIMIT == "5 per minute;20 per hour"
    assert Config.RATELIMIT_STORAGE_URI == "memory://" or Config.RATELIMIT_STORAGE_URI.startswith(("redis", "memcached"))


def test_web_login_guessing_one_account_gets_a_clear_429_page(limited, client, people):
    for _ in range(EMAIL_LIMIT):
        assert _web(client, people.pen.email).status_code == 401
    blocked = _web(client, people.pen.email, PASSWORD)  # even the right password waits now
    assert blocked.status_code == 429
    html = blocked.get_data(as_text=True)
    assert "Too many failed login attempts" in html and "<h1" in html
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60
    assert blocked.headers["Content-Security-Policy"]  # the 429 page carries the security headers too
    other = _web(client, people.lead.email, PASSWORD)  # another person from another address is unaffected
    assert other.status_code == 302


def test_successful_logins_do_not_count(limited, app, people):
    for _ in range(EMAIL_LIMIT + ADDRESS_LIMIT):
        client = app.test_client()
        assert _web(client, people.flemish.email, PASSWORD).status_code == 302


def test_api_token_guessing_gets_the_json_error_with_retry_after(limited, client, session, people):
    for _ in range(EMAIL_LIMIT):
        assert _api(client, people.walloon.email).status_code == 401
    blocked = _api(client, people.walloon.email, PASSWORD)
    assert blocked.status_code == 429
    error = blocked.get_json()["error"]
    assert error["code"] == "too_many_requests" and "Wait" in error["message"]
    assert int(blocked.headers["Retry-After"]) == error["details"]["retry_after"] >= 1
    assert session.query(ApiToken).count() == 0


def test_one_address_trying_many_accounts_is_limited(limited, client, people):
    emails = [f"nobody{i}@example.be" for i in range(ADDRESS_LIMIT)]
    for email in emails:
        assert _api(client, email, address="198.51.100.4").status_code == 401
    assert _api(client, people.brussels.email, PASSWORD, address="198.51.100.4").status_code == 429
    assert _web(client, "someone@example.be", address="198.51.100.4").status_code == 429
    assert _api(client, people.brussels.email, PASSWORD, address="198.51.100.5").status_code == 201


def test_the_email_limit_ignores_case_and_spaces(limited, client, people):
    variants = [people.pen.email.upper(), f"  {people.pen.email}", people.pen.email.title()]
    for i in range(EMAIL_LIMIT):
        _web(client, variants[i % len(variants)], address="192.0.2.1")
    assert _web(client, people.pen.email, PASSWORD, address="192.0.2.1").status_code == 429


def test_failures_from_elsewhere_do_not_lock_the_owner_out(limited, app, people):
    """An attacker failing on the lead's account from one address is held back; the lead, from theirs, logs in."""
    attacker, lead = app.test_client(), app.test_client()
    for _ in range(EMAIL_LIMIT):
        assert _web(attacker, people.lead.email, address="198.51.100.66").status_code == 401
    assert _web(attacker, people.lead.email, PASSWORD, address="198.51.100.66").status_code == 429
    assert _api(attacker, people.lead.email, PASSWORD, address="198.51.100.66").status_code == 429
    assert _web(lead, people.lead.email, PASSWORD, address="203.0.113.10").status_code == 302
    assert _api(lead, people.lead.email, PASSWORD, address="203.0.113.10").status_code == 201


def test_many_addresses_guessing_one_account_each_stop_at_their_own_limit(limited, client, people):
    for address in ("192.0.2.10", "192.0.2.11"):
        for _ in range(EMAIL_LIMIT):
            assert _api(client, people.walloon.email, address=address).status_code == 401
        blocked = _api(client, people.walloon.email, PASSWORD, address=address)
        assert blocked.status_code == 429 and blocked.get_json()["error"]["code"] == "too_many_requests"


def test_other_routes_are_not_limited(limited, client, people):
    from tests.helpers import login

    for _ in range(EMAIL_LIMIT):
        _web(client, people.pen.email)
    client2 = limited.test_client()
    login(client2, people.lead)
    for _ in range(3 * ADDRESS_LIMIT):
        assert client2.get("/").status_code == 200


def _redis_url() -> str | None:
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=0.5).ping()
    except Exception:
        return None
    return "redis://127.0.0.1:6379/0"


def test_limits_are_shared_through_redis_when_configured(backend, monkeypatch):
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    prefix = f"plenipo-test-{uuid.uuid4().hex}"
    config = type("RedisLimits", (_config_for(backend),), {**REAL_LIMITS, "RATELIMIT_STORAGE_URI": url, "RATELIMIT_KEY_PREFIX": prefix})
    import redis

    app = create_app(config)
    monkeypatch.setattr(limiter, "_key_prefix", prefix)  # the one Limiter keeps the first app's prefix
    try:
        with app.app_context():
            if backend == "sqlite":
                Base.metadata.create_all(db.engine)
            else:
                from tests.conftest import _reset_postgres

                _reset_postgres()
            people = People(db.session)
            assert type(limiter._storage).__name__.lower().startswith("redis")
            client = app.test_client()
            for _ in range(EMAIL_LIMIT):
                assert _api(client, people.pen.email).status_code == 401
            assert redis.Redis.from_url(url).keys(f"*{prefix}*"), "the counters are in Redis"
            assert _api(client, people.pen.email, PASSWORD).status_code == 429
            # A second app (another worker) sharing the Redis storage sees the same counters.
            other = create_app(config)
            assert _web(other.test_client(), people.pen.email, PASSWORD).status_code == 429
            db.session.remove()
    finally:
        r = redis.Redis.from_url(url)
        for key in r.scan_iter(f"*{prefix}*"):
            r.delete(key)
