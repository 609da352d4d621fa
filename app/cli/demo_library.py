"""Demo data of the agreed-language library: IPBES decisions, EU-agreed and Belgian-agreed wording."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions.models import LibraryEntry, Position, User
from positions.services import library, library_uses

ENTRIES = [
    dict(text="*Approves* the scoping report for the second global assessment of biodiversity and ecosystem services, "
              "as set out in annex II to the present decision;",
         meeting="IPBES-11", symbol="IPBES-11/1", paragraph="3", source_date="2024-12-16", status="adopted_plenary",
         tags=["global assessment", "work programme"]),
    dict(text="*Welcomes* the assessment report on the interlinkages among biodiversity, water, food and health "
              "(nexus assessment) and its summary for policymakers;",
         meeting="IPBES-11", symbol="IPBES-11/1", paragraph="1", source_date="2024-12-16", status="adopted_plenary",
         tags=["nexus"]),
    dict(text="*Invites* members, observers and other stakeholders to continue to contribute to the trust fund, "
              "including through multi-year pledges;",
         meeting="IPBES-10", symbol="IPBES-10/3", paragraph="2", source_date="2023-09-02", status="adopted_plenary",
         tags=["budget"]),
    dict(text="The EU and its Member States stress the importance of recognising and working with indigenous and "
              "local knowledge across all deliverables of the rolling work programme.",
         meeting="Council WPIEI", symbol="WK 12345/2024", paragraph="7", source_date="2024-11-28", status="agreed_eu",
         tags=["ilk", "work programme"], notes="EU coordination paper for IPBES-11; reuse as is in EU statements."),
    dict(text="*Accueille avec satisfaction* le rapport d'évaluation sur les interactions entre la biodiversité, l'eau, "
              "l'alimentation et la santé ;",
         language="fr", meeting="IPBES-11", symbol="IPBES-11/1", paragraph="1", source_date="2024-12-16",
         status="adopted_plenary", tags=["nexus"]),
    dict(text="Belgium supports a budget that keeps the Platform's reserve at no less than 15 per cent of annual expenditure.",
         meeting="CCIEP", symbol="", paragraph="", source_date="2024-10-15", status="agreed_belgium", tags=["budget"],
         notes="Agreed line of the coordination committee, confirmed each year since 2022."),
]


def load_library(session: Session, author: User, work: Position | None) -> bool:
    """Add the library's demo entries once, and insert one into the work programme position (when it is new)."""
    if session.scalar(select(LibraryEntry.id).limit(1)) is not None:
        return False
    entries = [library.create_entry(session, author, **fields) for fields in ENTRIES]
    if work is not None:
        library_uses.insert_as_clause(session, author, work, entries[3].id, kind="line_to_take")
    return True
