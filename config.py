"""Configuration classes read from environment variables."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET = "dev-only-not-secret"
MIN_SECRET_CHARS = 32


def normalise_database_url(url: str) -> str:
    """Make postgres URLs use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    """Defaults for running Plenipo locally."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'plenipo.sqlite'}")
    )
    # Test each pooled connection before use and renew it hourly: after a database restart the app
    # answers 503 while it is down and reconnects by itself, with no stale connection left in the pool.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_recycle": 3600, "pool_timeout": 10}
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 10 * 1024 * 1024))
    MAX_CLAUSE_CHARS = 100_000
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_HOURS", 8)))
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    # A deadline given as a day ends at 23:59 in this zone; pages, mails, calendars and the digest hour read it.
    TIMEZONE = os.environ.get("TIMEZONE", "Europe/Brussels")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None
    BOOTSTRAP_SERVE_LOCAL = True
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "fr", "nl")
    API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", 30))
    # Rate limits on logging in (web form and POST /api/v1/tokens): failed attempts per client address
    # and per email. Counters live in memory (one process) unless a Redis URL is given (shared by workers).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_KEY_PREFIX = "plenipo"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True  # a Redis outage must not stop people logging in
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    LOGIN_EMAIL_RATE_LIMIT = os.environ.get("LOGIN_EMAIL_RATE_LIMIT", "5 per minute;20 per hour")
    # A folder of extra workflow definitions (*.toml) loaded beside the shipped ones; unset: instance/workflows/.
    WORKFLOW_PATH = os.environ.get("WORKFLOW_PATH") or None
    # Live position pages (Server-Sent Events): a stream ends after this long (the browser reconnects and is
    # authorised again) and sends a keep-alive comment when nothing happened for this long.
    LIVE_STREAM_SECONDS = int(os.environ.get("LIVE_STREAM_SECONDS", 600))
    LIVE_KEEPALIVE_SECONDS = int(os.environ.get("LIVE_KEEPALIVE_SECONDS", 15))
    # Mail (`plenipo worker` sends it). Without MAIL_SERVER, mail is written as .eml files under MAIL_DIR.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Plenipo <plenipo@localhost>")
    MAIL_REPLY_TO = os.environ.get("MAIL_REPLY_TO") or None
    MAIL_DIR = os.environ.get("MAIL_DIR") or str(INSTANCE_DIR / "mail")
    # The site's address for links that leave it (mails, calendars); unset: pages use the host the request came
    # to, and the worker's mails the address of `make run`.
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or None
    WORKER_INTERVAL = float(os.environ.get("WORKER_INTERVAL", 30))  # seconds between the worker's passes
    WORKER_BATCH = int(os.environ.get("WORKER_BATCH", 100))  # mails leased at a time
    TESTING = False


class TestConfig(Config):
    """Settings for the test suite: in-memory SQLite unless TEST_DATABASE_URL is set."""

    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("TEST_DATABASE_URL") or "sqlite://")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    WTF_CSRF_ENABLED = False
    SERVER_NAME = "localhost"
    # Tests log in hundreds of times from one address: tests/app/test_rate_limit.py restores the real limits.
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "100000 per minute"
    LOGIN_EMAIL_RATE_LIMIT = "100000 per minute"
    LIVE_STREAM_SECONDS = 30  # a stream a test forgets to close ends by itself
    LIVE_KEEPALIVE_SECONDS = 1
    WORKFLOW_PATH = ""  # only the shipped definitions: a developer's instance/workflows/ must not change the tests


class ProductionConfig(Config):
    """Production: secure cookies, and a real secret read from the environment when the app is created."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @staticmethod
    def secret_key() -> str:
        """SECRET_KEY as the environment holds it now; refuse a missing, short or development one."""
        secret = os.environ.get("SECRET_KEY", "")
        if secret == DEV_SECRET or len(secret) < MIN_SECRET_CHARS:
            raise RuntimeError(
                f"PLENIPO_ENV=production needs SECRET_KEY set to a random string of at least {MIN_SECRET_CHARS} "
                "characters (not the development value), e.g. python -c 'import secrets; print(secrets.token_hex(32))'. "
                "Plenipo did not start."
            )
        return secret


def config_from_environment() -> type[Config]:
    """The configuration PLENIPO_ENV names: ProductionConfig for `production`, Config when unset or `development`."""
    name = os.environ.get("PLENIPO_ENV", "").strip().lower()
    if name == "production":
        return ProductionConfig
    if name in ("", "development"):
        return Config
    raise RuntimeError(f"PLENIPO_ENV must be 'production' or 'development' (or unset), not {name!r}. Plenipo did not start.")
