"""The app factory and the configuration classes."""

from __future__ import annotations

import re

import pytest

from app import create_app
from config import (
    Config,
    ProductionConfig,
    TestConfig,
    config_from_environment,
    normalise_database_url,
)


def test_test_config_is_testing(app):
    assert app.config["TESTING"] is True
    assert app.config["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024


def test_default_config_uses_sqlite_in_instance():
    assert Config.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///") or "DATABASE_URL" in __import__("os").environ
    assert "instance" in Config.SQLALCHEMY_DATABASE_URI or "DATABASE_URL" in __import__("os").environ


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite://") == "sqlite://"


def test_production_refuses_without_a_real_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)
    monkeypatch.setenv("SECRET_KEY", "dev-only-not-secret")
    with pytest.raises(RuntimeError):
        create_app(ProductionConfig)
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError):
        create_app(ProductionConfig)


def test_production_starts_with_a_real_secret(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    app = create_app(type("P", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.secret_key == "x" * 48  # the secret checked is the one used, though Config read SECRET_KEY at import


def test_create_app_without_a_config_follows_plenipo_env(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setattr(Config, "SQLALCHEMY_DATABASE_URI", "sqlite://")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PLENIPO_ENV", "production")
    with pytest.raises(RuntimeError, match="PLENIPO_ENV=production needs SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "y" * 40)
    app = create_app()
    assert app.secret_key == "y" * 40 and app.config["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("PLENIPO_ENV", "prodution")
    with pytest.raises(RuntimeError, match="PLENIPO_ENV must be 'production' or 'development'"):
        create_app()
    monkeypatch.delenv("PLENIPO_ENV")
    assert config_from_environment() is Config


def test_security_headers_and_csp(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_styles_and_scripts_are_served_locally(client):
    """Every stylesheet and script comes from this server (the page's random tokens may spell "cdn": not looked at)."""
    html = client.get("/login").get_data(as_text=True)
    sources = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    assert any(s.startswith("/static/") for s in sources)


def test_test_config_class():
    assert TestConfig.WTF_CSRF_ENABLED is False
