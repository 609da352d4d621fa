"""Test data that reads like the users' day: administrations, people, positions."""

from __future__ import annotations

from app.cli.demo_data import ADMINISTRATIONS
from positions.actors import SYSTEM
from positions.member_states import is_belgian
from positions.models import Position, User
from positions.services import accounts, drafting
from workflows.service import start_position

PASSWORD = "correct horse battery"


def administrations(session) -> None:
    """The demo's Belgian administrations."""
    for code, name, kind in ADMINISTRATIONS:
        if is_belgian(kind):
            accounts.create_administration(session, SYSTEM, code, name, kind)


def administrations_eu(session) -> None:
    """The member states and EU institutions of the demo, beside the Belgian administrations already there."""
    for code, name, kind in ADMINISTRATIONS:
        if not is_belgian(kind):
            accounts.create_administration(session, SYSTEM, code, name, kind)


def user(session, role: str, administration: str = "BBPF", email: str | None = None, name: str | None = None) -> User:
    email = email or f"{role}.{administration.lower()}@example.be"
    return accounts.create_user(
        session, SYSTEM, email=email, name=name or f"{role.replace('_', ' ').title()} {administration}",
        administration_code=administration, role=role, password=PASSWORD,
    )


class People:
    """One user of every role, and officials of three administrations."""

    def __init__(self, session) -> None:
        administrations(session)
        self.admin = user(session, "admin")
        self.pen = user(session, "pen_holder")
        self.lead = user(session, "delegation_lead", "FPS-ENV")
        self.viewer = user(session, "viewer", "RBINS")
        self.flemish = user(session, "official", "VL-OMG", name="Jan Janssens")
        self.walloon = user(session, "official", "SPW-ARNE", name="Marie Lambert")
        self.brussels = user(session, "official", "BXL-ENV", name="Sofie Claes")
        self.outsider = user(session, "official", "FPS-FA", name="Pierre Martin")
        session.commit()


def position(session, author: User, clauses=None, consulted=("VL-OMG", "SPW-ARNE", "BXL-ENV"), **kwargs) -> Position:
    pos = start_position(
        session, author, title=kwargs.pop("title", "Belgian position on the work programme"),
        meeting="IPBES-12", agenda_item="Item 6: Work programme", consulted=list(consulted), **kwargs,
    )
    for kind, heading, body in clauses if clauses is not None else DEFAULT_CLAUSES:
        drafting.add_clause(session, author, pos, kind=kind, heading=heading, body=body)
    session.commit()
    return pos


DEFAULT_CLAUSES = [
    ("heading", "General remarks", ""),
    ("text", "", "Belgium thanks the Executive Secretary for the documentation."),
    ("line_to_take", "", "Belgium **supports** the second global assessment with [indirect drivers] [drivers]."),
    ("fallback", "", "Belgium can accept approval of chapters 1–4 only."),
    ("red_line", "", "No reopening of the conceptual framework."),
    ("internal_note", "", "Check with BELSPO before the meeting."),
]
