"""The ExportDocument of a position, built from the database: numbered clauses, no internal notes, the reader's words."""

from __future__ import annotations

import pytest

from exports.documents import ExportOptions, build_document, check_options, export_position
from exports.fixed_texts import Labels
from positions.errors import ValidationFailed
from positions.models import Event
from positions.services import versions
from tests.factories import position

CLAUSES = [("text", "", "Before any section."), ("heading", "General remarks", ""), ("internal_note", "", "Not for the room."),
           ("line_to_take", "", "Support the budget."), ("heading", "Budget", ""), ("red_line", "", "No cuts.")]


def test_the_document_carries_the_pages_numbers_and_leaves_internal_notes_out(session, people):
    pos = position(session, people.pen, clauses=CLAUSES)
    doc = build_document(session, pos, None)
    assert [(c.kind, c.number, c.level) for c in doc.clauses] == [
        ("text", "1.", 0), ("heading", "2.", 0), ("line_to_take", "2.1", 1), ("heading", "3.", 0), ("red_line", "3.1", 1)]
    assert (doc.version_label, doc.stage_label, doc.confidentiality) == ("Draft", "Belgian draft", "Limited")


def test_data_labels_are_written_in_the_readers_words(session, people):
    pos = position(session, people.pen, clauses=CLAUSES)
    version = versions.take_version(session, people.pen, pos, "first")
    labels = Labels(status_draft="Projet", confidentiality_levels={"limited": "diffusion restreinte"},
                    translate={"Belgian draft": "Projet belge"}.get)
    draft = build_document(session, pos, None, labels)
    assert (draft.version_label, draft.stage_label, draft.confidentiality) == ("Projet", "Projet belge", "Diffusion restreinte")
    assert build_document(session, pos, version, labels).version_label == "v1"


def test_an_export_is_recorded_with_its_formats_verb(session, people):
    pos = position(session, people.pen, clauses=CLAUSES)
    result = export_position(session, people.viewer, pos, ExportOptions(layout="comments_table", format="csv"))
    session.commit()  # events are chained and written at commit
    assert result.mimetype == "text/csv; charset=utf-8" and result.filename.endswith("-draft-comments-table.csv")
    event = session.query(Event).filter_by(verb="export.csv").one()
    assert event.data["layout"] == "comments_table" and event.data["bytes"] == len(result.data)


@pytest.mark.parametrize(("options", "message"), [
    (ExportOptions(format="odt"), "Unknown format 'odt'. Choose one of: docx, csv, pdf."),
    (ExportOptions(layout="poster"), "Unknown layout 'poster'. Choose one of: position, brief, paragraph_brief, comments_table."),
    (ExportOptions(layout="position", format="csv"), "The 'csv' format offers only these layouts: comments_table."),
    (ExportOptions(layout="brief", redline_from=1), "The 'brief' layout does not take these options: redline_from."),
])
def test_options_a_format_or_layout_does_not_offer_are_refused(options, message):
    with pytest.raises(ValidationFailed) as refused:
        check_options(options)
    assert refused.value.message == message


def test_the_comments_are_every_comment_the_service_lists_but_withdrawn_ones_and_those_on_internal_notes(session, people):
    """Read as columns for speed, the comments are exactly those of the comment service, field by field."""
    from exports.model import ExportComment
    from positions.services import comments, drafting

    pos = position(session, people.pen, clauses=CLAUSES)
    uids = {d.revision.kind: d.uid for d in drafting.draft(session, pos)}
    question = comments.post_comment(session, people.flemish, pos, uids["line_to_take"], kind="question", body="Why?")
    comments.post_comment(session, people.walloon, pos, uids["line_to_take"], kind="comment", body="Re.", parent_id=question.id)
    amendment = comments.post_comment(session, people.walloon, pos, uids["red_line"], kind="amendment", body="Softer.",
                                      quote="No cuts", proposed_text="Few cuts")
    comments.resolve(session, people.pen, pos, amendment, "rejected", "Kept.")
    comments.post_comment(session, people.brussels, pos, uids["internal_note"], kind="comment", body="Internal.")
    gone = comments.post_comment(session, people.brussels, pos, uids["text"], kind="comment", body="Oops.")
    comments.withdraw(session, people.brussels, pos, gone)
    session.commit()
    exported = {uid for kind, uid in uids.items() if kind != "internal_note"}
    by_id = {d.revision.clause_id: d.uid for d in drafting.draft(session, pos)}
    expected = tuple(
        ExportComment(c.id, by_id[c.clause_id], c.kind, c.body, c.author.name, c.administration.code, c.created_at,
                      c.status, c.quote, c.parent_id, c.resolution_note, c.proposed_text)
        for c in comments.list_comments(session, pos) if c.status != "withdrawn" and by_id[c.clause_id] in exported
    )
    assert build_document(session, pos, None, comments=True).comments == expected
    assert len(expected) == 3 and expected[2].resolution_note == "Kept."
