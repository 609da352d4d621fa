"""A notification as its reader reads it: the template translated into their language, the deadline in its zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_datetime
from flask import current_app
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from app.i18n import translate
from positions.messages import restored
from positions.models import Notification

KIND_LABELS = {
    "consultation_opened": _l("A consultation asks your administration"),
    "consultation_reminder": _l("Reminders before a deadline"),
    "silence_applied": _l("Silence applied at a deadline"),
    "consultation_concluded": _l("A consultation concluded"),
    "amendment_decided": _l("Your administration's amendment accepted or rejected"),
    "reply": _l("Replies to you"),
    "mention": _l("Mentions of you or your administration"),
    "approval_requested": _l("Your approval is requested"),
    "approval_decided": _l("A version approved or rejected"),
    "followed_change": _l("Changes on what you follow"),
    "invitation": _l("Your invitation to Plenipo"),
}


def deadline_text(iso: str) -> str:
    """A deadline (naive UTC, ISO) in the configured zone, with the zone named."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    instant = datetime.fromisoformat(iso).replace(tzinfo=ZoneInfo("UTC"))
    return babel_datetime(instant, "d MMMM y, HH:mm zzzz", tzinfo=zone, locale=str(get_locale() or "en"))


def _shown(value):
    """A parameter in the reader's language: a stored message translated, a list of them joined with '; '."""
    if isinstance(value, list):
        return "; ".join(translate(restored(item)) for item in value)
    return translate(restored(value)) if isinstance(value, dict) else value


def notification_text(notification: Notification) -> str:
    """The notification's sentence in the current locale."""
    params = {key: _shown(value) for key, value in (notification.params or {}).items()}
    if params.get("deadline"):
        params["deadline"] = deadline_text(params["deadline"])
    try:
        return gettext(notification.template, **params)
    except (KeyError, ValueError, TypeError):  # a template and its parameters that disagree: show the English
        return notification.template


def absolute(path: str) -> str:
    """A deep link: PUBLIC_URL (unset: the address of `make run`) and the notification's path."""
    return (current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000").rstrip("/") + path
