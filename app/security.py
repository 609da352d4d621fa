"""Login sessions, API tokens, security headers and the rate limits on logging in."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, current_app, make_response, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import LoginManager

from app.errors import error_response, is_api_request
from app.extensions import db
from app.web.extensions import limiter
from positions.models import ApiToken, User
from positions.services.accounts import token_for
from positions.services.logins import user_for_login

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)


def load_user(session_id: str) -> User | None:
    """Find the user of a live login (one query); logging out, a changed nonce or a deactivation ends it."""
    return user_for_login(db.session, session_id)


def login_lifetime() -> timedelta:
    """How long a login's record lives at most: as long as the longer of the session and the remember cookie."""
    return max(current_app.config["PERMANENT_SESSION_LIFETIME"], current_app.config["REMEMBER_COOKIE_DURATION"])


def api_token() -> ApiToken | None:
    """The valid token the request carries as 'Authorization: Bearer <token>'."""
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    return token_for(db.session, raw.strip()) if scheme.lower() == "bearer" and raw.strip() else None


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


def _failed_login(response) -> bool:
    return response.status_code == 401


def login_email_key() -> str:
    """The account a login attempt is for (web form or JSON body) and the client's address."""
    # With the address in the key, failures from elsewhere cannot lock the account's owner out.
    body = request.get_json(silent=True) if request.is_json else None
    email = body.get("email") if isinstance(body, dict) else request.form.get("email")
    account = email.strip().lower()[:254] if isinstance(email, str) and email.strip() else "-"
    return f"email:{account}|address:{get_remote_address()}"


def login_limits(view):
    """Limit failed logins per client address, and per account and address, across the web form and the API (config.py)."""
    per_address = limiter.shared_limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], "login-address",
                                       methods=["POST"], deduct_when=_failed_login)
    per_email = limiter.shared_limit(lambda: current_app.config["LOGIN_EMAIL_RATE_LIMIT"], "login-email",
                                     methods=["POST"], key_func=login_email_key, deduct_when=_failed_login)
    return per_address(per_email(view))


def retry_after_seconds() -> int:
    """Seconds until the breached limit lets the client try again."""
    current = limiter.current_limit
    return max(1, int(current.reset_at - time.time())) if current else 60


def too_many_requests(error: RateLimitExceeded):
    """A clear 429: a page for the browser, the JSON error shape for the API, both with Retry-After."""
    seconds = retry_after_seconds()
    message = _("Too many failed login attempts. Wait %(seconds)s seconds, then try again.", seconds=seconds)
    if is_api_request():
        response = error_response(429, "too_many_requests", message, {"retry_after": seconds})
    else:
        response = make_response(render_template("error.html", status=429, title=_("Too many attempts"), message=message), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_characters():
    """Refuse text holding NUL (U+0000), which no database text column can store, before any view runs."""
    fields = [v for _, v in request.args.items(multi=True)]
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        fields += [v for _, v in request.form.items(multi=True)]
        if request.is_json:
            fields.append(request.get_json(silent=True))
    if not any(_has_nul(v) for v in fields):
        return None
    message = _("The text contains a NUL character (U+0000), which cannot be stored. Remove it and send again; nothing was saved.")
    if is_api_request():
        return error_response(422, "invalid", message, {"characters": "U+0000"})
    return make_response(render_template("error.html", status=422, title=_("Text not accepted"), message=message), 422)


class PageLoadSessionInterface(SecureCookieSessionInterface):
    """The session cookie: sent back when the session changed, and on page loads to extend the login (SESSION_HOURS).

    A page's background requests (live refresh, presence, previews, threads) never re-send an unchanged
    cookie: started before a form's answer and ending after it, they would write the older cookie back and
    erase the message the form's answer stored for the next page. Browsers name page loads
    (`Sec-Fetch-Mode: navigate`); a client that says nothing is treated as loading a page.
    """

    def should_set_cookie(self, app: Flask, session) -> bool:
        if session.modified:
            return True
        return bool(session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]
                    and request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate")


def init_app(app: Flask, login_manager: LoginManager) -> None:
    """Attach Flask-Login, the rate limiter and the header hook."""
    app.session_interface = PageLoadSessionInterface()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    app.after_request(add_headers)
    app.before_request(refuse_nul_characters)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, too_many_requests)
