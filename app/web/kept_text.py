"""A form that cannot be accepted because the session ended (or its CSRF token expired): keep what was typed.

Flask-WTF checks the CSRF token before any view runs, so when a user's session is gone mid-edit
the POST fails there, before login_required could send them to the login page. This page tells
them what happened, shows the text they typed (nothing is lost, even without JavaScript) and links
to the login page with a `next` that brings them back to the form. app/static/js/app.js also keeps
unsaved text in sessionStorage and offers to restore it when the form is shown again.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.web.navigation import safe_next

# Bookkeeping, choices from lists and secrets: only what the user typed is shown back.
NOT_KEPT = {
    "csrf_token", "base_revision", "after", "token", "parent_id", "email", "status", "decision", "direction",
    "kind", "state", "workflow", "confidentiality", "consulted", "locale", "version", "accept_comment", "remember",
}
LABELS = {
    "body": _l("Text"),
    "heading": _l("Heading"),
    "proposed_text": _l("Proposed text"),
    "quote": _l("Words you comment on"),
    "note": _l("Note"),
    "title": _l("Title"),
    "objective": _l("Objective"),
}


def typed_fields() -> list[tuple[str, str]]:
    """The (label, text) of every field the user typed into, without secrets and bookkeeping."""
    kept = []
    for name, value in request.form.items(multi=True):
        if name in NOT_KEPT or "password" in name or not value.strip():
            continue
        kept.append((str(LABELS.get(name, name.replace("_", " ").capitalize())), value))
    return kept


def return_to() -> str:
    """Where to come back to after logging in: the form's own page if it has one, else the page it was on."""
    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or set()) and request.endpoint != "auth.login":
        return request.path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        if safe_next(path) and not path.startswith("/login"):
            return path
    return url_for("positions.dashboard")


def kept_text_page():
    """400 page for a refused form: log in again (or reload), with the typed text kept on the page."""
    logged_in = current_user.is_authenticated
    back = return_to()
    login_url = url_for("auth.login", next=back)
    return render_template(
        "kept_text.html", logged_in=logged_in, fields=typed_fields(), back=back, login_url=login_url,
        is_login=request.endpoint == "auth.login",
    ), 400
