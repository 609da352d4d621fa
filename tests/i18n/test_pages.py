"""No English left: every visible string of the main pages goes through gettext, and FR/NL pages are translated.

The strongest check renders every page with a pseudo-translation that wraps each translated string in
⟦…⟧: whatever visible text is left outside the brackets must be user content (found in the database),
a date, a number or a short list of names that are the same in every language. An unwrapped
``<button>Save draft</button>`` fails it.
"""

from __future__ import annotations

import re

import flask_babel
import pytest
from babel.dates import get_day_names, get_month_names
from babel.messages.pofile import read_po
from babel.support import NullTranslations
from lxml import html as lxml_html
from sqlalchemy import String, Text, select

from app.extensions import db
from app.i18n import LANGUAGE_NAMES, TRANSLATIONS_DIR
from tests.i18n.world import build, render_all

VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-confirm", "data-selection-label")
HIDDEN_TAGS = {"script", "style", "code", "textarea", "title", "template"}  # <template>: filled in by a script (its words are checked where shown)
SEPARATORS = re.compile(r"[\s·:;,.()\[\]{}—–→←/|“”\"'…?!*#+=%&✓✗⚠<>@_$-]*(?:\s[·:—→(]\s?|[()\[\]·→—“”\"]|\n)[\s·:;,.()\[\]—–→/|“”\"'…?!*#+-]*")
ALWAYS_ALLOWED = {"Plenipo", "English", "Français", "Nederlands", "UTC", "CET", "CEST", "AM", "PM", "PROJET", "SHA-256", "Word", "CSV"}
TECHNICAL = re.compile(r"^(r\d+|v\d+|[0-9a-f]{8,}|\d[\d\s.,:/%T-]*|[A-Z]{2,}(-[A-Z]+)?|https?://\S+|[\w.+-]+@[\w.-]+)$")


class PseudoTranslations(NullTranslations):
    """Every message comes back wrapped in ⟦…⟧, so untranslated text stands out."""

    def gettext(self, message):
        return f"⟦{message}⟧"

    def ngettext(self, singular, plural, n):
        return f"⟦{singular if n == 1 else plural}⟧"

    def pgettext(self, context, message):
        return f"⟦{message}⟧"

    def npgettext(self, context, singular, plural, n):
        return f"⟦{singular if n == 1 else plural}⟧"

    ugettext, ungettext = gettext, ngettext


def visible_texts(page: str) -> list[str]:
    """The text a reader sees or hears: text nodes outside scripts and code, and the labelling attributes."""
    tree = lxml_html.fromstring(page)
    texts = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        ancestors = {a.tag for a in element.iterancestors()} | {element.tag}
        if element.text and not (ancestors & HIDDEN_TAGS):
            texts.append(element.text)
        parent_tags = {a.tag for a in element.iterancestors()}
        if element.tail and not (parent_tags & HIDDEN_TAGS):
            texts.append(element.tail)
        texts += [element.get(name) for name in VISIBLE_ATTRIBUTES if element.get(name)]
        if element.tag == "input" and element.get("type") in ("submit", "button") and element.get("value"):
            texts.append(element.get("value"))
    return texts


def user_content(session) -> set[str]:
    """Every string stored in the database: titles, names, clause texts, comments, notes…"""
    found = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if columns:
            for row in session.execute(select(*columns)):
                found.update(value for value in row if value)
    # Pages also quote clause texts without their Markdown marks (history and filters name a clause by its first words).
    return found | {re.sub(r"[*_`\[\]]", "", value) for value in found}


def leftovers(texts: list[str], content: set[str], allowed: set[str]) -> list[str]:
    """Pieces of visible text that are neither translated, nor user content, nor language-neutral."""
    bad = []
    blob = "\n".join(content)
    for text in texts:
        previous = None
        while previous != text:  # nested messages: ⟦waiting for ⟦A and B⟧; …⟧
            previous, text = text, re.sub(r"⟦[^⟦⟧]*⟧", " · ", text)
        for piece in SEPARATORS.split(text):
            piece = piece.strip(" \t\n·:;,.()[]—–→/|“”\"'…?!*#+-")
            if not piece or not re.search(r"[^\W\d_]", piece) or piece in allowed or TECHNICAL.match(piece):
                continue
            if piece in blob:
                continue
            words = piece.split()
            while words and (words[0] in allowed or TECHNICAL.match(words[0])):
                words.pop(0)  # e.g. "r3 Jan Janssens BBPF": a revision number, a name, a code
            while words and (words[-1] in allowed or TECHNICAL.match(words[-1])):
                words.pop()
            if not words or " ".join(words) in blob:
                continue
            if all(w in allowed or TECHNICAL.match(w) for w in re.split(r"[\s,\u202f]+", piece) if re.search(r"[^\W\d_]", w)):
                continue  # a date or time: month names, AM/PM and numbers
            bad.append(piece)
    return bad


def test_every_visible_string_goes_through_gettext(app, client, session, people, monkeypatch):
    world = build(client, session, people)
    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda self: PseudoTranslations())
    content = user_content(session) | {world.conflict_form["body"]}
    allowed = ALWAYS_ALLOWED | set(get_month_names("wide", locale="en").values()) | set(
        get_month_names("abbreviated", locale="en").values()) | set(get_day_names("wide", locale="en").values())
    checked, problems = 0, {}
    for who, url, status, page in render_all(client, people, world):
        assert status < 500, (who, url, status)
        if "<html" not in page:
            continue
        bad = leftovers(visible_texts(page), content, allowed)
        checked += 1
        if bad:
            problems[f"{who} {url} ({status})"] = sorted(set(bad))
    assert checked >= 30
    assert not problems, "text not wrapped in _() / gettext (or not translated from a domain message):\n" + "\n".join(
        f"  {page}: {bad}" for page, bad in problems.items())


def test_the_check_catches_an_unwrapped_button():
    page = '<html><body><button>⟦Save⟧</button><button>Save draft</button><p>⟦Hello⟧ Mr Janssens</p></body></html>'
    assert leftovers(visible_texts(page), {"Mr Janssens"}, set()) == ["Save draft"]


def english_messages(locale: str) -> set[str]:
    """English messages whose translation differs: any of them left on a page means a missing translation."""
    with (TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale=locale)
    found = set()
    for m in catalogue:
        if isinstance(m.id, str) and m.id and m.string and m.string != m.id and "%" not in m.id and len(m.id) > 3:
            found.add(m.id)
    return found - set(LANGUAGE_NAMES.values())  # the language switcher names each language in itself: "English"


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_pages_in_french_and_dutch_have_no_english_left(app, client, session, people, locale):
    for person in (people.pen, people.lead, people.flemish, people.walloon, people.admin):
        person.locale = locale
    session.commit()
    world = build(client, session, people)
    english = english_messages(locale)
    content = user_content(session) | {world.conflict_form["body"]}
    checked, problems = 0, {}
    for who, url, status, page in render_all(client, people, world, headers={"Accept-Language": locale}):
        if "<html" not in page:
            continue
        assert f'<html lang="{locale}"' in page, (who, url)
        texts = {t.strip() for t in visible_texts(page)}
        left = sorted(t for t in texts if t in english and t not in content)
        checked += 1
        if left:
            problems[f"{who} {url} ({status})"] = left
    assert checked >= 30
    assert not problems, f"English left on {locale} pages:\n" + "\n".join(f"  {page}: {left}" for page, left in problems.items())
