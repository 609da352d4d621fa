"""Login sessions, API tokens and security headers."""

from __future__ import annotations

from flask import Flask, request
from flask_login import LoginManager

from app.extensions import db
from positions.models import User
from positions.services.accounts import user_for_token

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)


def load_user(session_id: str) -> User | None:
    """Find the user of a login session; a changed nonce or a deactivation ends it."""
    try:
        user_id, nonce = (int(part) for part in session_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_nonce != nonce:
        return None
    return user


def api_user() -> User | None:
    """The user behind the request's bearer token."""
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    return user_for_token(db.session, raw.strip()) if scheme.lower() == "bearer" and raw.strip() else None


def add_headers(response):
    """Send the security headers with every response."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask, login_manager: LoginManager) -> None:
    """Attach Flask-Login and the header hook."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    app.after_request(add_headers)
