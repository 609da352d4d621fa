"""Library entries are found by global search, in their language, and only by those who may read where they came from."""

from __future__ import annotations

from positions.search.service import Filters, search
from positions.services import library
from tests import factories


def test_library_entries_are_found_stemmed_and_linked_to_their_scope(app, client, session, people):
    entry = library.create_entry(session, people.pen, text="Recognises the contributions of indigenous peoples to assessments.",
                                 language="en", meeting="IPBES-10", symbol="IPBES-10/3", paragraph="4", status="adopted_plenary")
    session.commit()
    hits = search(session, people.walloon, "contribution", Filters()).hits
    assert [(h.source, h.ref_id) for h in hits] == [("library", entry.id)]
    assert search(session, people.walloon, "contribution", Filters(scope=("clause",))).total == 0
    from tests.helpers import login
    login(client, people.walloon)
    page = client.get("/search?q=contributions").get_data(as_text=True)
    assert f'href="/library/{entry.id}"' in page


def test_an_entry_from_a_restricted_position_is_found_only_by_its_readers(session, people):
    secret = factories.position(session, people.pen, title="Restricted budget", consulted=("VL-OMG",), confidentiality="restricted")
    entry = library.create_entry(session, people.pen, text="No drawing on the working capital reserve.", language="en")
    entry.origin_position_id = secret.id
    session.commit()
    assert search(session, people.flemish, "reserve", Filters()).total == 1
    assert search(session, people.walloon, "reserve", Filters()).total == 0


def test_an_edited_entry_is_found_by_its_new_words(session, people):
    entry = library.create_entry(session, people.pen, text="Takes note of the report.", language="en")
    session.commit()
    library.update_entry(session, people.pen, entry, text="Welcomes the report with appreciation.")
    session.commit()
    assert search(session, people.pen, "appreciation", Filters()).total == 1
    assert search(session, people.pen, "note", Filters()).total == 0
