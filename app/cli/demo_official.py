"""Demo data for official documents: IPBES/12/6 and its Rev.1, the work-programme position linked to them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from positions.models import Position, User
from positions.official.numbering import ReadParagraph, number_paragraphs
from positions.services import drafting, official_comments, official_links, plenary
from positions.services.official_documents import import_document

PREAMBLE = ["IPBES/12/6", "Draft decision IPBES-12/6: Implementation of the rolling work programme", "The Plenary,",
            "Recalling decision IPBES-11/1, in which it approved the rolling work programme of the Platform up to 2030,"]
ORIGINAL = PREAMBLE + [
    "1. Welcomes the progress report on the implementation of the rolling work programme;",
    "2. Approves the scoping report for the second global assessment of biodiversity and ecosystem services, including:",
    "(a) A chapter on [indirect drivers] of change {2.3.1};",
    "(b) A chapter on scenarios and pathways {2.4};",
    "3. Requests the task force on capacity building to continue its work [within available resources];",
    "4. Decides to initiate the review of the Platform at its thirteenth session.",
]
REVISED = PREAMBLE + [
    "1. Welcomes the progress report on the implementation of the rolling work programme;",
    "2. Approves the scoping report for the second global assessment of biodiversity and ecosystem services, including:",
    "(a) A chapter on [drivers of change] {2.3.1}, including indirect drivers;",
    "(b) A chapter on scenarios and pathways {2.4};",
    "3. Decides to initiate the review of the Platform at its thirteenth session.",
    "4. Invites members in a position to do so to contribute in kind to capacity building, including through BES-Net.",
]


def _numbered(lines: list[str]):
    return number_paragraphs([ReadParagraph(line) for line in lines])


def add_official_documents(session: Session, author: User, work: Position, officials: dict[str, User]) -> None:
    """IPBES/12/6 imported, clauses of the work-programme position linked, comments, Rev.1 flagging two, a plenary start."""
    first = import_document(session, author, _numbered(ORIGINAL), symbol="IPBES/12/6", title="Implementation of the rolling "
                            "work programme", meeting="IPBES-12", filename="IPBES_12_6.docx").document
    draft = drafting.draft(session, work)
    for index, number in ((2, "1"), (5, "2 (a)"), (6, "2 (a)"), (7, "2"), (10, "3"), (13, "4")):
        official_links.link_clause(session, author, work, draft[index].uid, first.id, number)
    official_comments.post_comment(session, officials["VL-OMG"], first.id, "2 (a)", page=3, line="14",
                                   comment="Keep 'indirect drivers': it is the term of the first global assessment.")
    remark = official_comments.post_comment(session, officials["SPW-ARNE"], first.id, "3", page=4, line="2-3",
                                            comment="Delete the brackets.", proposed_text="within available resources")
    official_comments.adopt(session, author, remark.id)
    revised = import_document(session, author, _numbered(REVISED), symbol="IPBES/12/6/Rev.1", title=first.title,
                              revision_of=first.id, filename="IPBES_12_6_Rev1.docx").document
    plenary.record_outcome(session, author, work, revised.id, "1", outcome="agreed")
    plenary.record_outcome(session, author, work, revised.id, "2 (a)", outcome="bracketed",
                           chair_text="A chapter on [indirect drivers] [drivers of change] {2.3.1};", note="Brazil and the EU disagree.")
