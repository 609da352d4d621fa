"""The library's rules, without the web: entries, provenance, automatic lines to take at final, insert, used in."""

from __future__ import annotations

import pytest

from positions.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from positions.models import Event, LibraryEntry
from positions.services import drafting, library, library_uses
from tests import factories
from tests.library.support import approved_position, final_position


def test_pen_holder_adds_an_entry_by_hand_and_the_lead_edits_it(session, people):
    entry = library.create_entry(session, people.pen, text="The Plenary *welcomes* the assessment.", language="en",
                                 meeting="IPBES-11", symbol="IPBES-11/1", paragraph="3", source_date="2024-12-16",
                                 status="adopted_plenary", tags="Nexus, assessments, nexus")
    session.commit()
    assert entry.tags == ["nexus", "assessments"] and entry.source_date.isoformat() == "2024-12-16"
    assert entry.label == "IPBES-11/1, para. 3"
    library.update_entry(session, people.lead, entry, notes="Also in EU statement", status="agreed_eu")
    session.commit()
    assert (entry.status, entry.notes, entry.text) == ("agreed_eu", "Also in EU statement", "The Plenary *welcomes* the assessment.")
    verbs = [e.verb for e in session.query(Event).filter(Event.object_type == "libraryentry").order_by(Event.id)]
    assert verbs == ["library.added", "library.edited"]


def test_officials_and_viewers_read_but_do_not_write(session, people):
    entry = library.create_entry(session, people.pen, text="Agreed wording.")
    session.commit()
    for reader in (people.flemish, people.viewer):
        assert library.get_entry(session, reader, entry.id).text == "Agreed wording."
        with pytest.raises(PermissionDenied):
            library.create_entry(session, reader, text="Mine.")
        with pytest.raises(PermissionDenied):
            library.update_entry(session, reader, entry, text="Changed.")
    with pytest.raises(PermissionDenied):
        library.list_entries(session, people.admin)


def test_bad_fields_are_named(session, people):
    with pytest.raises(ValidationFailed) as error:
        library.create_entry(session, people.pen, text="  ", status="maybe", language="xx", source_date="16/12/2024",
                             tags=["x" * 60])
    assert set(error.value.details["fields"]) == {"text", "status", "language", "source_date", "tags"}
    with pytest.raises(ValidationFailed):
        library.create_entry(session, people.pen, text="Hidden\u202e text")
    entry = library.create_entry(session, people.pen, text="Fine.")
    with pytest.raises(ValidationFailed) as error:
        library.update_entry(session, people.pen, entry, origin_position_id=3)
    assert "origin_position_id" in error.value.details["fields"]


def test_list_filters_by_status_tag_language_meeting_and_text(session, people):
    library.create_entry(session, people.pen, text="Nature's contributions to people", meeting="IPBES-10", tags=["ncp"],
                         status="adopted_plenary")
    library.create_entry(session, people.pen, text="Contributions de la nature aux populations", language="fr", meeting="IPBES-10")
    library.create_entry(session, people.pen, text="100% agreed_language", meeting="EU Council", status="agreed_eu")
    session.commit()

    def texts(**filters):
        return sorted(e.text[:6] for e in library.list_entries(session, people.viewer, library.LibraryFilter(**filters))[0])

    assert texts(status="agreed_eu") == ["100% a"]
    assert texts(tag="NCP") == ["Nature"]
    assert texts(language="fr") == ["Contri"]
    assert texts(meeting="ipbes") == ["Contri", "Nature"]
    assert texts(text="CONTRIBUTIONS") == ["Contri", "Nature"]
    assert texts(text="%") == ["100% a"] and texts(text="d_l") == ["100% a"]  # LIKE wildcards are plain characters


def test_add_from_clause_needs_agreed_text_and_keeps_version_and_hash(session, people):
    draft_only = factories.position(session, people.pen)
    uid = drafting.draft(session, draft_only)[2].uid
    with pytest.raises(Conflict):
        library_uses.add_from_clause(session, people.pen, draft_only, uid)
    pos = approved_position(session, people)
    line = drafting.draft(session, pos)[1]
    entry, created = library_uses.add_from_clause(session, people.pen, pos, line.uid, tags=["nexus"])
    session.commit()
    assert created and entry.text == "Belgium **welcomes** the nexus assessment and its [options] for action."
    assert (entry.origin_position_id, entry.origin_clause_uid, entry.origin_version) == (pos.id, line.uid, 1)
    assert len(entry.origin_content_hash) == 64 and entry.paragraph == "1.1" and entry.status == "agreed_belgium"
    again, created = library_uses.add_from_clause(session, people.pen, pos, line.uid)
    assert again.id == entry.id and not created
    with pytest.raises(NotFound):
        library_uses.add_from_clause(session, people.pen, pos, "nosuchid")
    with pytest.raises(PermissionDenied):
        library_uses.add_from_clause(session, people.flemish, pos, line.uid)


def test_lines_to_take_enter_the_library_when_the_position_becomes_final(session, people):
    pos = final_position(session, people)
    entries = session.query(LibraryEntry).filter_by(origin_position_id=pos.id).order_by(LibraryEntry.id).all()
    assert [e.text for e in entries] == [
        "Belgium **welcomes** the nexus assessment and its [options] for action.",
        "Indigenous and local knowledge must be recognised throughout.",
    ]
    assert all(e.origin_version == 1 and e.tags == ["line to take"] and len(e.origin_content_hash) == 64 for e in entries)
    events = session.query(Event).filter_by(verb="library.added", position_id=pos.id).all()
    assert len(events) == 2 and all(e.data["automatic"] for e in events)


def test_insert_as_new_clause_and_into_a_clause_keeps_the_source_and_lists_the_use(session, people):
    entry = library.create_entry(session, people.pen, text="Decides to **approve** the work programme.",
                                 meeting="IPBES-11", symbol="IPBES-11/1", paragraph="3")
    pos = factories.position(session, people.pen)
    session.commit()
    clause = library_uses.insert_as_clause(session, people.pen, pos, entry.id, kind="line_to_take")
    session.commit()
    assert clause.head.body == entry.text and clause.head.kind == "line_to_take"
    target = drafting.draft(session, pos)[1]
    library_uses.insert_into_clause(session, people.pen, pos, target.uid, entry.id)
    session.commit()
    assert drafting.find_clause(session, pos, target.uid).head.body.endswith("\n\nDecides to **approve** the work programme.")
    sources = library_uses.clause_sources(session, pos)
    assert sources[clause.id].label == "IPBES-11/1, para. 3" and sources[target.clause.id].id == entry.id
    used = library_uses.used_in(session, people.flemish, entry)
    assert {u.clause_uid for u in used} == {clause.uid, target.uid} and all(u.position_id == pos.id for u in used)
    with pytest.raises(PermissionDenied):
        library_uses.insert_as_clause(session, people.flemish, pos, entry.id)


def test_used_in_and_entries_respect_restricted_positions(session, people):
    secret = approved_position(session, people, confidentiality="restricted", consulted=("VL-OMG",),
                               title="Restricted position")
    line = drafting.draft(session, secret)[1]
    from_secret, _ = library_uses.add_from_clause(session, people.pen, secret, line.uid)
    public = library.create_entry(session, people.pen, text="Public wording.")
    library_uses.insert_as_clause(session, people.pen, secret, public.id)
    session.commit()
    assert library.get_entry(session, people.flemish, from_secret.id)  # consulted: in the circle
    assert [u.position_id for u in library_uses.used_in(session, people.flemish, public)] == [secret.id]
    with pytest.raises(NotFound):
        library.get_entry(session, people.outsider, from_secret.id)
    assert library_uses.used_in(session, people.outsider, public) == []
    assert from_secret.id not in {e.id for e in library.list_entries(session, people.outsider)[0]}


def test_demo_data_shows_the_library_with_a_reused_entry(runner, session):
    assert runner.invoke(args=["demo"]).exit_code == 0
    entries = session.query(LibraryEntry).all()
    assert len(entries) >= 5 and {"adopted_plenary", "agreed_eu", "agreed_belgium"} <= {e.status for e in entries}
    reused = [e for e in entries if e.status == "agreed_eu"][0]
    assert len(library_uses.used_in(session, reused.created_by, reused)) == 1
    assert runner.invoke(args=["demo"]).exit_code == 0 and session.query(LibraryEntry).count() == len(entries)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_the_audit_chain_covers_entries_and_uses(runner, session, people):
    from sqlalchemy import update

    entry = library.create_entry(session, people.pen, text="Agreed wording.", source_date="2024-12-16", tags=["nexus"])
    pos = approved_position(session, people)
    library_uses.insert_as_clause(session, people.pen, pos, entry.id)
    library.update_entry(session, people.lead, entry, status="agreed_eu")
    session.commit()
    final = final_position(session, people, title="Final one")
    assert session.query(LibraryEntry).filter_by(origin_position_id=final.id).count() == 2
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    session.execute(update(LibraryEntry).where(LibraryEntry.id == entry.id).values(text="Quietly changed wording."))
    session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"library entry {entry.id}" in result.output
