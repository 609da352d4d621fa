"""Language selection: the user's profile, else the session, else the browser."""

from __future__ import annotations

from flask import Flask, request, session
from flask_login import current_user

from app.extensions import babel


def select_locale() -> str:
    """The locale for this request."""
    languages = ("en", "fr", "nl")
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or "en"


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with our locale selector."""
    babel.init_app(app, locale_selector=select_locale)
