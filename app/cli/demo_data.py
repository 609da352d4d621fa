"""Demo data: the Belgian administrations, the EU member states and institutions, a user of every role, two IPBES-12
positions, member-state delegates, the library's wording, an official document and its Rev.1."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cli.demo_library import load_library
from app.cli.demo_official import add_official_documents
from positions.actors import SYSTEM
from positions.member_states import EU_INSTITUTIONS, MEMBER_STATES
from positions.models import Administration, Position, User
from positions.services import (
    accounts,
    comments,
    drafting,
    editing,
    endorsements,
    notifications,
    participants,
    suggestions,
    versions,
)
from workflows.service import start_position

DEMO_PASSWORD = "plenipo-demo"

ADMINISTRATIONS = [
    ("BBPF", "Belgian Biodiversity Platform (IPBES focal point)", "scientific"),
    ("FPS-ENV", "FPS Health, Food Chain Safety and Environment — DG Environment", "federal"),
    ("FPS-FA", "FPS Foreign Affairs", "federal"),
    ("BELSPO", "Belgian Science Policy Office", "federal"),
    ("VL-OMG", "Flemish Department of Environment", "regional"),
    ("SPW-ARNE", "Walloon Public Service — Agriculture, Natural Resources, Environment", "regional"),
    ("BXL-ENV", "Brussels Environment", "regional"),
    ("RBINS", "Royal Belgian Institute of Natural Sciences", "scientific"),
    *((code, name, "member_state") for code, name in MEMBER_STATES.items()),
    *((code, name, "eu_institution") for code, name in EU_INSTITUTIONS.items()),
]

USERS = [
    ("admin@plenipo.demo", "Nadia Admin", "BBPF", "admin"),
    ("penholder@plenipo.demo", "Anne Peeters", "BBPF", "pen_holder"),
    ("lead@plenipo.demo", "Luc Dubois", "FPS-ENV", "delegation_lead"),
    ("fps-env@plenipo.demo", "Sarah Willems", "FPS-ENV", "official"),
    ("fps-fa@plenipo.demo", "Pierre Martin", "FPS-FA", "official"),
    ("belspo@plenipo.demo", "Karin Vos", "BELSPO", "official"),
    ("vl-omg@plenipo.demo", "Jan Janssens", "VL-OMG", "official"),
    ("spw-arne@plenipo.demo", "Marie Lambert", "SPW-ARNE", "official"),
    ("bxl-env@plenipo.demo", "Sofie Claes", "BXL-ENV", "official"),
    ("rbins@plenipo.demo", "Tom Wouters", "RBINS", "official"),
    ("viewer@plenipo.demo", "Eva Maes", "RBINS", "viewer"),
]

DELEGATES = [  # invited to the work programme's EU phase
    ("delegate-de@plenipo.demo", "Anna Schmidt", "DE"),
    ("delegate-fr@plenipo.demo", "Claire Martin", "FR"),
    ("delegate-nl@plenipo.demo", "Pieter de Vries", "NL"),
]

CONSULTED = ["FPS-ENV", "FPS-FA", "BELSPO", "VL-OMG", "SPW-ARNE", "BXL-ENV", "RBINS"]

WORK_PROGRAMME = [
    ("heading", "General remarks", ""),
    ("text", "", "Belgium thanks the Executive Secretary for the documentation on the implementation of the rolling work programme up to 2030 (IPBES/12/6) and the Bureau and Multidisciplinary Expert Panel for their guidance."),
    ("line_to_take", "", "Belgium **supports** the timely start of the second global assessment of biodiversity and ecosystem services, with a scoping that builds on the nexus and transformative change assessments."),
    ("background", "", "The first global assessment (2019) remains the most cited IPBES product. The second global assessment is due for consideration at IPBES-15 (2028)."),
    ("heading", "Second global assessment", ""),
    ("line_to_take", "", "The scoping report should be approved as presented, with the chapter on [indirect drivers] [drivers of change] kept in full."),
    ("fallback", "", "If consensus on the full scoping report cannot be reached, Belgium can accept approval of chapters 1–4, with the remaining chapters sent back to the Multidisciplinary Expert Panel for revision before IPBES-13."),
    ("red_line", "", "Belgium cannot accept any language that would *reopen* the conceptual framework or weaken the role of indigenous and local knowledge."),
    ("internal_note", "", "VL-OMG asked informally whether the regions can nominate authors directly; check with BELSPO before the CCIEP meeting."),
    ("heading", "Capacity building and knowledge generation", ""),
    ("line_to_take", "", "Belgium welcomes the progress of the task force on capacity building and encourages [all members] [members in a position to do so] to contribute in kind, including through BES-Net."),
    ("text", "", "Belgium stresses the importance of national platforms and focal points, and offers to share the experience of the Belgian Biodiversity Platform."),
    ("heading", "Review of the Platform", ""),
    ("line_to_take", "", "Belgium supports the terms of reference for the review of the Platform by the end of the work programme, with an external reviewer selected through an open call."),
    ("fallback", "", "An internal review may be acceptable if its terms of reference include the independent expert component proposed by the EU."),
]

BUDGET = [
    ("heading", "Budget 2027–2028", ""),
    ("text", "", "Belgium takes note of the revised budget for 2027 and the provisional budget for 2028 presented in IPBES/12/8."),
    ("line_to_take", "", "Belgium supports a budget at the level of [USD 9.5 million] [USD 10.2 million] for 2027, provided the increase is matched by firm pledges."),
    ("fallback", "", "Belgium could agree to the higher figure if the 2028 budget remains indicative and is reviewed at IPBES-13."),
    ("red_line", "", "No drawing on the working capital reserve below 15% of annual expenditure."),
    ("background", "", "Belgium contributed EUR 400,000 in 2026 (federal) with an additional regional contribution from Flanders. The trust fund balance at the end of 2025 was USD 4.1 million."),
    ("heading", "Resource mobilisation", ""),
    ("line_to_take", "", "Belgium calls on all members to contribute and supports broadening the donor base, including contributions from the private sector under the Platform's conflict-of-interest policy."),
    ("text", "", "Belgium announces its intention to maintain its contribution for 2027, subject to the national budgetary procedure."),
    ("internal_note", "", "Amount for 2027 not yet confirmed by the FPS Budget — do not mention a figure in the room."),
    ("heading", "Efficiency of the secretariat", ""),
    ("line_to_take", "", "Belgium encourages the secretariat to pursue efficiency gains, in particular by holding [virtual] [hybrid] expert meetings where appropriate."),
]


def _ensure_administrations(session: Session) -> None:
    existing = set(session.scalars(select(Administration.code)))
    for code, name, kind in ADMINISTRATIONS:
        if code not in existing:
            accounts.create_administration(session, SYSTEM, code, name, kind)


def _ensure_users(session: Session) -> None:
    existing = set(session.scalars(select(User.email)))
    for email, name, code, role in USERS:
        if email not in existing:
            accounts.create_user(session, SYSTEM, email=email, name=name, administration_code=code, role=role, password=DEMO_PASSWORD)


def _add_position(session: Session, author: User, title: str, item: str, symbol: str, clauses, objective: str) -> Position:
    position = start_position(
        session, author, title=title, meeting="IPBES-12 (twelfth session of the Plenary)", agenda_item=item,
        document_symbol=symbol, consulted=CONSULTED, objective=objective,
    )
    for kind, heading, body in clauses:
        drafting.add_clause(session, author, position, kind=kind, heading=heading, body=body)
    return position


def load_demo(session: Session) -> bool:
    """Create whatever part of the demo data is missing; return True if anything was added."""
    before = session.scalar(select(Position.id).where(Position.document_symbol == "IPBES/12/6"))
    _ensure_administrations(session)
    _ensure_users(session)
    author = session.scalar(select(User).where(User.email == "penholder@plenipo.demo"))
    if before is not None:
        return load_library(session, author, None)
    work = _add_position(
        session, author, "Belgian position on the rolling work programme",
        "Item 6: Implementation of the rolling work programme of the Platform up to 2030", "IPBES/12/6", WORK_PROGRAMME,
        "Secure approval of the scoping of the second global assessment and keep capacity building funded.",
    )
    versions.take_version(session, author, work, "First draft for the CCIEP working group")
    for email, name, code in DELEGATES:
        invited = participants.invite(session, author, work, email=email, name=name, administration=code)
        participants.accept(session, invited.secret, DEMO_PASSWORD)
    # Marie mentions Jan in a comment (his inbox and a mail show it); Jan follows the position.
    jan = session.scalar(select(User).where(User.email == "vl-omg@plenipo.demo"))
    marie = session.scalar(select(User).where(User.email == "spw-arne@plenipo.demo"))
    comments.post_comment(session, marie, work, drafting.draft(session, work)[2].uid, kind="comment",
                          body="@Jan Janssens, can Flanders live with the scoping as worded here?")
    clause = drafting.draft(session, work)[5]
    editing.edit_clause(
        session, author, work, clause.uid, base_revision=clause.revision.id,
        body=clause.revision.body.replace("kept in full", "kept in full, as agreed by the EU"),
    )
    load_library(session, author, work)
    officials = {u.administration.code: u for u in session.scalars(select(User).where(User.role == "official"))}
    add_official_documents(session, author, work, officials)
    budget = _add_position(
        session, author, "Belgian position on financial and budgetary arrangements",
        "Item 8: Financial and budgetary arrangements for the Platform", "IPBES/12/8", BUDGET,
        "Keep the Platform's budget sustainable without drawing on the reserve.",
    )
    notifications.follow(session, jan, work)  # what changes from now on reaches Jan
    _review_the_budget(session, budget)
    return True


def _review_the_budget(session: Session, budget: Position) -> None:
    """Margin comments to look at: a suggestion made by editing the text, endorsed by another administration."""
    def official(email: str) -> User:
        return session.scalar(select(User).where(User.email == email))

    walloon, flemish = official("spw-arne@plenipo.demo"), official("vl-omg@plenipo.demo")
    efficiency = drafting.draft(session, budget)[-1]
    made = suggestions.suggest(
        session, walloon, budget, efficiency.uid, base_revision=efficiency.revision.id, note="Name the savings we expect.",
        body=efficiency.revision.body.replace("pursue efficiency gains", "pursue and report efficiency gains"),
    )
    endorsements.endorse(session, flemish, budget, made[0])
    line = drafting.draft(session, budget)[2]
    comments.post_comment(session, flemish, budget, line.uid, kind="question", quote="firm pledges",
                          body="Which pledges count as *firm*: announced or paid?")
