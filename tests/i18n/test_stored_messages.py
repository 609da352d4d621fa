"""A domain message kept as JSON (a notification's reasons, an import's warnings) is shown in the reader's language."""

from __future__ import annotations

import json

from flask_babel import force_locale

from app.i18n import translate
from positions.messages import Joined, Label, LowerLabel, Msg, plural_msg, restored, stored


def _round_trip(message):
    return restored(json.loads(json.dumps(stored(message))))


def test_a_stored_message_keeps_its_english_and_is_translated_later(app):
    message = Msg("%(names)s and %(last)s", names=Label("Belgian consultation"), last=LowerLabel("Belgian consultation"))
    back = _round_trip(message)
    assert str(back) == "Belgian consultation and belgian consultation"
    with app.test_request_context(), force_locale("fr"):
        assert translate(back) == "Consultation belge et consultation belge"


def test_plurals_and_joined_messages_survive_the_round_trip(app):
    several = plural_msg("%(num)d amendment suggested for %(admin)s.", "%(num)d amendments suggested for %(admin)s.", 3, admin="VL-OMG")
    joined = Joined([several, Msg("Give the document's %(field)s.", field="symbol")], "; ")
    back = _round_trip(joined)
    assert str(back) == "3 amendments suggested for VL-OMG.; Give the document's symbol."
    with app.test_request_context(), force_locale("fr"):
        assert translate(back) == "3 amendements suggérés pour VL-OMG.; Indiquez le champ symbol du document."


def test_plain_values_and_older_rows_stay_as_they_are():
    assert stored("plain English") == "plain English" and restored("plain English") == "plain English"
    assert restored({"text": "an older row"}) == "an older row"
    assert restored({"no": "text"}) == {"no": "text"}
