"""Read models for review pages: the consultation matrix, what awaits an administration."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from positions.member_states import is_belgian
from positions.models import Approval, Consent, Consultation, Position, User, Version
from positions.services import consultations
from positions.services.drafting import draft


@dataclass
class Matrix:
    """Administrations × consulted versions, with the verdict of the latest round."""

    administrations: list
    rounds: list[Consultation]
    versions: dict[int, Version]
    cells: dict[tuple[int, int], Consent]
    current: Consultation | None
    verdict: consultations.Verdict | None
    approvals: dict[int, Approval] = field(default_factory=dict)
    latest_version: Version | None = None


def matrix(session: Session, position: Position) -> Matrix:
    """Every consultation round of the position, in a fixed number of queries."""
    rounds = list(session.scalars(
        select(Consultation).where(Consultation.position_id == position.id)
        .options(selectinload(Consultation.consents).selectinload(Consent.administration))
        .order_by(Consultation.id)
    ))
    version_rows = list(session.scalars(select(Version).where(Version.position_id == position.id).order_by(Version.number)))
    by_id = {v.id: v for v in version_rows}
    current = next((r for r in reversed(rounds) if r.closed_at is None), rounds[-1] if rounds else None)
    if current is not None:
        consultations.settle(session, current)
    approvals: dict[int, Approval] = {}
    for approval in session.scalars(
        select(Approval).where(Approval.version_id.in_(list(by_id))).options(selectinload(Approval.approver)).order_by(Approval.id)
    ):
        if approval.content_hash == by_id[approval.version_id].content_hash:
            approvals[approval.version_id] = approval
    return Matrix(
        administrations=_parties(position, rounds),
        rounds=rounds,
        versions=by_id,
        cells={(c.administration_id, r.id): c for r in rounds for c in r.consents},
        current=current,
        verdict=consultations.verdict(current) if current is not None else None,
        approvals=approvals,
        latest_version=version_rows[-1] if version_rows else None,
    )


def _parties(position: Position, rounds: list[Consultation]) -> list:
    """The rows of the matrix: the consulted Belgian administrations, then every member state or institution
    asked in some round (an EU consultation asks the member states invited to the position), by code."""
    asked = {c.administration.id: c.administration for r in rounds for c in r.consents if not is_belgian(c.administration.kind)}
    return list(position.consulted) + sorted(asked.values(), key=lambda a: a.code)


def since_last_agreed(session: Session, position: Position, code: str) -> tuple[int, int] | None:
    """(version the administration last agreed to, version now under consultation) — None if either is missing."""
    current = consultations.open_consultation_of(session, position)
    if current is None:
        return None
    rows = session.execute(
        select(Version.number, Consent.state)
        .join(Consultation, Consultation.id == Consent.consultation_id)
        .join(Version, Version.id == Consultation.version_id)
        .where(Consultation.position_id == position.id, Consultation.id != current.id,
               Consent.state.in_(consultations.AGREEING), Consent.administration.has(code=code))
        .order_by(Version.number.desc()).limit(1)
    ).first()
    if rows is None:
        return None
    return rows[0], session.get(Version, current.version_id).number


@dataclass(frozen=True)
class Awaiting:
    """A consultation waiting for the user's administration."""

    position: Position
    version: Version
    deadline: object


def awaiting(session: Session, user: User) -> list[Awaiting]:
    """Open consultations where the user's administration has not answered yet."""
    if user.role != "official":
        return []
    rows = session.execute(
        select(Position, Version, Consultation.deadline)
        .join(Consultation, Consultation.position_id == Position.id)
        .join(Version, Version.id == Consultation.version_id)
        .join(Consent, Consent.consultation_id == Consultation.id)
        .where(Consultation.closed_at.is_(None), Consent.administration_id == user.administration_id, Consent.state == "pending")
        .order_by(Consultation.deadline)
    ).all()
    return [Awaiting(p, v, d) for p, v, d in rows]


def clause_numbers(session: Session, position: Position) -> dict[int, tuple[str, str]]:
    """clause id → (number, uid) in the current draft."""
    return {d.clause.id: (d.number, d.uid) for d in draft(session, position)}
