"""Language selection (the user's profile, else the session, else the browser) and translation helpers.

The catalogues are the .po files under app/translations; the compiled .mo files are build products
(not committed): ``make install`` compiles them, and ``compile_catalogues`` also runs when the app
starts, so a plain ``pytest`` or ``flask run`` never serves stale or missing translations.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request, session
from flask_babel import format_decimal, get_locale, gettext, ngettext
from flask_login import current_user

from app.extensions import babel
from positions.clock import in_local_zone, local_zone
from positions.messages import Amount, Joined, Label, LowerLabel, Msg
from workflows import messages as engine  # the engine's own Msg / Label / LowerLabel

LANGUAGES = ("en", "fr", "nl")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "nl": "Nederlands"}
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The locale for this request."""
    if getattr(current_user, "is_authenticated", False) and current_user.locale in LANGUAGES:
        if session.get("locale") != current_user.locale:
            session["locale"] = current_user.locale  # so the page after logging out stays in the same language
        return current_user.locale
    if session.get("locale") in LANGUAGES:
        return session["locale"]
    return request.accept_languages.best_match(LANGUAGES) or "en"


def compile_catalogues(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Compile every messages.po whose messages.mo is missing or older; return the files written."""
    written = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        tmp.replace(mo_path)  # atomic: two processes starting at once never read half a file
        written.append(mo_path)
    return written


# English reads day-month-year and 24-hour (as in Belgium), not babel's US "11/30/26, 4:45 PM".
ENGLISH_MOMENTS = {"short": "d MMM y, HH:mm", "medium": "d MMM y, HH:mm:ss", "long": "d MMMM y, HH:mm:ss"}


def format_moment(moment: datetime | None, width: str = "medium", *, utc: bool = False, zone: bool = False) -> str:
    """A stored moment (naive UTC) for reading: in TIMEZONE (``utc``: in UTC, where the page says so); English
    day-month-year and 24-hour, French and Dutch their own way; ``zone`` names the zone (for deadlines)."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    shown = aware.astimezone(UTC if utc else local_zone())
    code = str(get_locale() or "en")
    if code.split("_")[0] == "en":
        text = babel_datetime(shown, ENGLISH_MOMENTS.get(width, width), locale="en_GB")
    else:
        text = babel_datetime(shown, width, locale=code)
    return f"{text} {shown.tzname()}" if zone else text


def format_day(day: date | None, width: str = "medium") -> str:
    """A calendar day for reading: English day-month-year ('9 Mar 2026'), French and Dutch their own way."""
    if day is None:
        return ""
    code = str(get_locale() or "en")
    return babel_date(day, width, locale="en_GB" if code.split("_")[0] == "en" else code)


def localised(value: Any) -> Any:
    """A message parameter as the reader's locale writes it (numbers, dates, nested messages)."""
    if isinstance(value, Msg | Joined | Label | engine.Msg | engine.Label):
        return translate(value)
    if isinstance(value, Amount):
        return format_decimal(value)
    if isinstance(value, datetime):  # stored in UTC, read in the local zone (TIMEZONE), which is named
        local = in_local_zone(value)
        return babel_datetime(local, "d MMMM y, HH:mm", locale=str(get_locale() or "en")) + " " + (local.tzname() or "")
    if isinstance(value, date):
        return format_day(value, "long")
    return value


def translate(message: Any) -> str:
    """Translate a domain message (positions.messages.Msg); any other text is returned unchanged."""
    if isinstance(message, LowerLabel | engine.LowerLabel):
        text = gettext(message.source)
        return text[:1].lower() + text[1:]
    if isinstance(message, Label | engine.Label):
        return gettext(message) if message else str(message)
    if isinstance(message, Joined):
        return message.separator.join(translate(part) for part in message.parts)
    if not isinstance(message, Msg | engine.Msg):
        return message
    params = {k: localised(v) for k, v in message.params.items()}
    if message.plural is not None:
        return ngettext(message.template, message.plural, message.count, **params)
    return gettext(message.template, **params) if params else gettext(message.template)


def label(text: str | None) -> str:
    """Translate a fixed label that comes from data (workflow definitions): gettext at display time."""
    return gettext(text) if text else (text or "")


def init_app(app: Flask) -> None:
    """Compile stale catalogues, then attach Flask-Babel with our locale selector."""
    try:
        compile_catalogues()
    except OSError:  # a read-only install: the .mo files shipped with it are used as they are
        app.logger.warning("Could not compile the translation catalogues in %s", TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        translate=translate, language_names=LANGUAGE_NAMES, languages=LANGUAGES,
    )
