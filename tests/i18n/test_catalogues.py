"""The French and Dutch catalogues are complete: every message of the code is translated, placeholders kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.babel_extract import extract_catalog
from app.i18n import TRANSLATIONS_DIR, compile_catalogues

LOCALES = ("fr", "nl")
FIX = "run `make translations`, then translate the entries in app/translations/{fr,nl}/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def extracted():
    return {m.id: m for m in extract_catalog() if m.id}


def catalogue(locale: str):
    with (TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=locale)


def key(message_id) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_the_code_has_messages_to_translate(extracted):
    assert len(extracted) > 500
    assert "Lines to take" in extracted  # Word labels
    assert "Belgian consultation" in extracted  # workflow definitions (TOML)
    assert "the position has no clauses yet" in extracted  # guard reasons (Msg)
    assert "The file is not a Word document (.docx)." in extracted  # exports/ domain errors


def test_workflow_phase_labels_and_the_engine_messages_are_extracted(extracted):
    assert {"Belgian position", "EU coordination", "Plenary brief", "Drafting", "Review"} <= set(extracted)  # [phases.*] labels
    assert not {"be", "eu", "brief", "drafting", "review"} & set(extracted)  # phase keys are not text
    assert {"the stage changed to %(stage)s meanwhile", "cannot %(step)s from %(stage)s",  # workflows/messages.py Msg
            "only the pen-holder can do this", "pen-holder"} <= set(extracted)  # roles declared in workflows/guards.py


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated(extracted, locale):
    translated = {key(m.id): m for m in catalogue(locale) if m.id}
    problems = []
    for message_id in extracted:
        found = translated.get(key(message_id))
        if found is None:
            problems.append(f"missing: {key(message_id)!r}")
        elif "fuzzy" in found.flags:
            problems.append(f"fuzzy: {key(message_id)!r}")
        elif not all(found.string if isinstance(found.string, tuple) else [found.string]):
            problems.append(f"empty: {key(message_id)!r}")
    assert not problems, f"{locale}: {len(problems)} untranslated message(s) — {FIX}:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_are_kept(locale):
    problems = [f"{key(m.id)!r}: {errors}" for m, errors in catalogue(locale).check()]
    for m in catalogue(locale):
        if not m.id or not m.string:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) - wanted:
                problems.append(f"{key(m.id)!r}: unknown placeholder in {text!r}")
            if isinstance(m.id, str) and set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{key(m.id)!r}: placeholders {sorted(wanted)} became {text!r}")
    assert not problems, "\n".join(problems)


def test_stale_catalogues_are_compiled(tmp_path: Path):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = TRANSLATIONS_DIR / "fr" / "LC_MESSAGES" / "messages.po"
    (folder / "messages.po").write_bytes(source.read_bytes())
    assert compile_catalogues(tmp_path) == [folder / "messages.mo"]
    assert compile_catalogues(tmp_path) == []  # up to date: nothing to do
