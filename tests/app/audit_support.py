"""A working day that writes every covered table, and the tampering an attacker with database access could do."""

from __future__ import annotations

import io
from datetime import datetime
from types import SimpleNamespace

import docx
import time_machine
from sqlalchemy import select, text

from exports.imports.new_position import import_new_position
from positions.audit import GENESIS, event_hash
from positions.audit.states import BY_TABLE
from positions.models import Event, Position
from positions.services import (
    approvals,
    comments,
    consultations,
    drafting,
    editing,
    endorsements,
    library,
    library_uses,
    versions,
)
from tests.factories import position
from workflows.service import fire_transition

NOV_20 = datetime(2031, 11, 20, 9, 0)
AFTER_DEADLINE = datetime(2031, 12, 4, 8, 0)


def working_day(session, people) -> Position:
    """Edits, moves, a deletion, comments of every fate, a consultation with silence, an approval, a conclusion."""
    pos = position(session, people.pen)
    d = drafting.draft(session, pos)
    editing.edit_clause(session, people.pen, pos, d[1].uid, base_revision=d[1].revision.id, body="Belgium warmly thanks the Secretary.")
    editing.move_clause(session, people.pen, pos, d[3].uid, after=d[1].uid)
    editing.delete_clause(session, people.pen, pos, d[5].uid)
    question = comments.post_comment(session, people.flemish, pos, d[2].uid, kind="question", body="Which drivers?")
    comments.post_comment(session, people.walloon, pos, d[2].uid, kind="comment", body="Indirect ones.", parent_id=question.id)
    amendment = comments.post_comment(session, people.walloon, pos, d[2].uid, kind="amendment", body="Clearer.",
                                      quote="[indirect drivers] [drivers]", proposed_text="indirect drivers")
    endorsements.endorse(session, people.flemish, pos, amendment)
    comments.resolve(session, people.pen, pos, amendment, "accepted")
    comments.resolve(session, people.pen, pos, question, "resolved", "Answered in the text.")
    oops = comments.post_comment(session, people.brussels, pos, d[4].uid, kind="comment", body="Wrong clause.")
    comments.withdraw(session, people.brussels, pos, oops)
    session.commit()
    with time_machine.travel(NOV_20, tick=False):
        fire_transition(pos, "submit", people.pen, deadline="2031-12-03")
        v1 = versions.get_version(session, pos, 1)
        consultations.answer(session, people.flemish, pos, v1, "agree")
        consultations.answer(session, people.walloon, pos, v1, "agree_with_reservation", "Mind the budget.")
        approvals.decide(session, people.lead, pos, v1, "approve")
        session.commit()
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        fire_transition(pos, "conclude", people.lead, note="Silence procedure applied")
        session.commit()
    return pos


def library_reuse(session, people) -> Position:
    """An entry of the agreed-language library, edited, and its wording reused in a new position."""
    pos = position(session, people.pen, title="Reusing agreed wording")
    agreed = library.create_entry(session, people.pen, text="Welcomes the nexus assessment;", symbol="IPBES-11/1", paragraph="1",
                                  source_date="2024-12-16", tags=["nexus"])
    library.update_entry(session, people.lead, agreed, status="adopted_plenary")
    library_uses.insert_as_clause(session, people.pen, pos, agreed.id)
    session.commit()
    return pos


def approved_review(session, people) -> Position:
    """A simple-review position taken to its frozen stage."""
    pos = position(session, people.pen, workflow_key="simple-review", title="Short note")
    fire_transition(pos, "submit", people.pen)
    approvals.decide(session, people.lead, pos, versions.get_version(session, pos, 1), "approve")
    fire_transition(pos, "approve", people.lead)
    session.commit()
    return pos


def imported_position(session, people) -> Position:
    """A position created from a Word file (clauses written in bulk)."""
    document = docx.Document()
    document.add_heading("Belgian position from Word", 0)
    document.add_heading("General", 1)
    for sentence in ("Belgium supports the assessment.", "Belgium asks for a budget.", "No reopening of the framework."):
        document.add_paragraph(sentence)
    out = io.BytesIO()
    document.save(out)
    pos = import_new_position(session, people.pen, out.getvalue(), meeting="IPBES-12", agenda_item="Item 3",
                              consulted=["VL-OMG"], filename="position.docx")
    session.commit()
    return pos


def linked_to_official_text(session, people) -> Position:
    """A position whose clauses are linked to an official document, one flagged by a Rev.1, a plenary outcome."""
    from positions.official.numbering import ReadParagraph, number_paragraphs
    from positions.services import official_links, plenary
    from positions.services.official_documents import import_document

    def numbered(*lines):
        return number_paragraphs([ReadParagraph(line) for line in lines])

    pos = position(session, people.pen, title="Linked to IPBES/12/2")
    d = drafting.draft(session, pos)
    first = import_document(session, people.pen, numbered("1. Welcomes the report;", "2. Requests a [date]."),
                            symbol="IPBES/12/2", title="Work programme").document
    official_links.link_clause(session, people.pen, pos, d[2].uid, first.id, "2")
    rev = import_document(session, people.pen, numbered("1. Welcomes the report;", "2. Requests a [later date]."),
                          symbol="IPBES/12/2/Rev.1", title="Work programme", revision_of=first.id).document
    plenary.record_outcome(session, people.pen, pos, rev.id, "2", outcome="bracketed", chair_text="[later date]")
    session.commit()
    return pos


def sql(session, statement: str, **params) -> None:
    """Change the database behind Plenipo's back, as someone with database access could."""
    session.execute(text(statement), params)
    session.commit()
    session.expire_all()


def event_rows(session) -> list:
    """Every event as a typed row (dates and data decoded), oldest first."""
    return session.execute(select(Event.__table__).order_by(Event.id)).all()


def rewrite_event(session, event_id: int, data: dict) -> None:
    """Replace an event's data, then recompute its hash and every hash after it: a chain that links again."""
    prev = GENESIS
    for row in event_rows(session):
        if row.id < event_id:
            prev = row.hash
            continue
        event = SimpleNamespace(**{**row._mapping, "prev_hash": prev, "data": data if row.id == event_id else row.data})
        prev = event_hash(event)
        session.execute(
            Event.__table__.update().where(Event.__table__.c.id == row.id).values(data=event.data, prev_hash=event.prev_hash, hash=prev)
        )
    session.commit()
    session.expire_all()


def flip_consent_and_cover_it(session, consent_id: int, event_id: int) -> None:
    """Flip a consent to object AND rewrite the event that recorded it, so the states match again."""
    sql(session, "UPDATE consent SET state = 'object', note = 'We never agreed.' WHERE id = :id", id=consent_id)
    entry = BY_TABLE["consent"]
    row = next(entry.rows(session, [f"consent:{consent_id}"]))
    data = dict(session.get(Event, event_id).data)
    data["state"], data["states"] = "object", {**data["states"], f"consent:{consent_id}": entry.state_hash(row)}
    rewrite_event(session, event_id, data)
