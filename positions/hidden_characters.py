"""Hidden characters that make text display differently from what is stored: refused in typed text, stripped from Word files.

Refused: the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, the
characters of "Trojan Source" attacks, which reorder what a reader sees), and the invisible characters
that split or join words unseen (U+200B zero width space, U+2060–U+2064 word joiner and invisible
operators, U+206A–U+206F deprecated format controls, U+FEFF byte order mark, U+FFF9–U+FFFB hidden
annotations). A reader cannot see them, yet they change search, comparison and the reading order.

Allowed on purpose: U+200C/U+200D (zero width non-joiner and joiner) are part of correct spelling in
Persian, the Indic scripts and emoji sequences; U+200E/U+200F/U+061C (left-to-right, right-to-left and
Arabic letter marks) only place neutral characters such as punctuation next to Arabic or Hebrew words
and cannot reorder letters; U+00AD (soft hyphen) shows as a hyphen where the line breaks.
"""

from __future__ import annotations

import re
import unicodedata

from positions.errors import ValidationFailed
from positions.messages import Msg

HIDDEN = re.compile("[\u200b\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
FIELD_LABELS = {
    "title": Msg("title"),
    "meeting": Msg("meeting"),
    "agenda_item": Msg("agenda item"),
    "document_symbol": Msg("document symbol"),
    "heading": Msg("clause heading"),
    "body": Msg("clause text"),
    "comment": Msg("comment"),
    "proposed_text": Msg("proposed text"),
    "note": Msg("note"),
}


def code_point(character: str) -> str:
    """A character as people look it up: 'U+202E'."""
    return f"U+{ord(character):04X}"


def describe(character: str) -> str:
    """A character's code point and Unicode name: 'U+202E (RIGHT-TO-LEFT OVERRIDE)'."""
    return f"{code_point(character)} ({unicodedata.name(character, 'unnamed')})"


def refuse_hidden_characters(value: str | None, field: str) -> None:
    """Refuse text holding a hidden bidirectional or zero-width character, naming the character and the field."""
    found = HIDDEN.search(value) if value else None
    if found is None:
        return
    character = found.group()
    raise ValidationFailed(
        Msg("The %(field)s contains the hidden character %(character)s, which can make the text display differently "
            "from what is stored. Remove it and send again; nothing was saved.",
            field=FIELD_LABELS.get(field, field), character=describe(character)),
        {"field": field, "character": code_point(character)},
    )


def strip_hidden_characters(value: str, removed: set[str]) -> str:
    """The text without hidden characters; the code points of those removed are added to `removed`."""
    if not HIDDEN.search(value):
        return value
    removed.update(code_point(c) for c in HIDDEN.findall(value))
    return HIDDEN.sub("", value)


def stripped_warning(removed: set[str]) -> Msg:
    """The import warning that hidden characters were taken out of a Word file."""
    return Msg("Hidden characters (%(characters)s) were removed from the Word text: they can make text display "
               "differently from what is stored.", characters=", ".join(sorted(removed)))
