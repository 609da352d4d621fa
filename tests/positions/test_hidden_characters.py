"""Bidirectional overrides and zero-width characters are refused in every text people type, naming the character and the field."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from positions.errors import ValidationFailed
from positions.hidden_characters import HIDDEN, refuse_hidden_characters, strip_hidden_characters
from positions.models import ClauseRevision, Comment, Position, Version
from positions.services import approvals, comments, consultations, drafting, editing, versions
from tests.factories import position
from workflows.service import start_position

REFUSED = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
           "\u200b", "\u2060", "\u2061", "\u2064", "\u206a", "\u206f", "\ufeff", "\ufff9", "\ufffb"]
ALLOWED = ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u00ad", "\u180e"]
# Real text that needs the allowed ones: Persian with a non-joiner, a family emoji, Hebrew quoted in French.
KEPT = ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\U0001F468\u200d\U0001F469\u200d\U0001F467",
        "Le mot \u200f\u05e9\u05dc\u05d5\u05dd\u200e, cit\u00e9 tel quel."]


def refusal(call) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("character", REFUSED)
def test_every_hidden_character_is_refused_by_code_point_and_name(character):
    error = refusal(lambda: refuse_hidden_characters(f"Belgium{character} agrees", "title"))
    code = f"U+{ord(character):04X}"
    assert error.details == {"field": "title", "character": code}
    assert str(error.message).startswith(f"The title contains the hidden character {code} (")


def test_the_message_names_the_override_and_says_nothing_was_saved():
    error = refusal(lambda: refuse_hidden_characters("abc\u202edcba", "body"))
    assert error.message == ("The clause text contains the hidden character U+202E (RIGHT-TO-LEFT OVERRIDE), which can make the text "
                             "display differently from what is stored. Remove it and send again; nothing was saved.")


@pytest.mark.parametrize("character", ALLOWED)
def test_joiners_direction_marks_and_soft_hyphens_are_allowed(character):
    assert not HIDDEN.search(character)
    refuse_hidden_characters(f"a{character}b", "body")


def test_stripping_reports_what_it_removed():
    removed: set[str] = set()
    assert strip_hidden_characters("\ufeffBelgium\u200b supports\u202e", removed) == "Belgium supports"
    assert removed == {"U+FEFF", "U+200B", "U+202E"}
    assert strip_hidden_characters("\u200dkept", removed) == "\u200dkept"


def test_every_service_that_stores_typed_text_refuses_them(session, people):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    head = drafting.draft(session, pos)[1].revision
    before = tuple(session.scalar(select(func.count()).select_from(m)) for m in (Position, ClauseRevision, Comment, Version))
    cases = {
        "title": lambda: start_position(session, people.pen, title="Position\u202e", meeting="M", agenda_item="A"),
        "meeting": lambda: start_position(session, people.pen, title="T", meeting="IPBES\u200b-12", agenda_item="A"),
        "agenda_item": lambda: start_position(session, people.pen, title="T", meeting="M", agenda_item="\u2066Item 6"),
        "document_symbol": lambda: start_position(session, people.pen, title="T", meeting="M", agenda_item="A",
                                                   document_symbol="IPBES/12/\ufeff1"),
        "heading": lambda: drafting.add_clause(session, people.pen, pos, kind="heading", heading="Gen\u2068eral", body=""),
        "body": lambda: editing.edit_clause(session, people.pen, pos, uid, base_revision=head.id, body="Belgium \u202dsupports"),
        "comment": lambda: comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="Why\u200b?"),
        "proposed_text": lambda: comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="",
                                                       quote="Belgium", proposed_text="Belgium\u202e"),
        "note": lambda: versions.take_version(session, people.pen, pos, "first\u2060"),
    }
    for field, call in cases.items():
        error = refusal(call)
        assert error.details["field"] == field and error.details["character"].startswith("U+"), field
        session.rollback()
    after = tuple(session.scalar(select(func.count()).select_from(m)) for m in (Position, ClauseRevision, Comment, Version))
    assert after == before


def test_notes_on_answers_decisions_and_resolutions_are_refused(session, people):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    version = versions.take_version(session, people.pen, pos, "first")
    consultations.open_consultation(session, people.pen, pos, version, datetime(2099, 12, 31, 23, 59))
    comment = comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="A remark.")
    session.commit()
    for call in (lambda: consultations.answer(session, people.flemish, pos, version, "object", "No\u202e"),
                 lambda: approvals.decide(session, people.lead, pos, version, "reject", "\ufeffNo"),
                 lambda: comments.resolve(session, people.pen, pos, comment, "resolved", "Done\u200b")):
        error = refusal(call)
        assert error.details["field"] == "note" and str(error.message).startswith("The note contains the hidden character U+")
        session.rollback()
    assert comment.status == "open"


@pytest.mark.parametrize("text", KEPT)
def test_scripts_and_emoji_that_need_joiners_or_marks_are_kept(session, people, text):
    pos = position(session, people.pen, clauses=[("text", "", text)])
    assert drafting.draft(session, pos)[0].revision.body == text
    assert comments.post_comment(session, people.flemish, pos, drafting.draft(session, pos)[0].uid, kind="comment", body=text).body == text
