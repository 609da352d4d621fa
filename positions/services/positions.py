"""Creating, listing and finding positions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, selectinload

from positions import audit
from positions.clock import now
from positions.errors import NotFound, ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.member_states import BELGIAN_KINDS
from positions.messages import N_, Amount, Msg
from positions.models import (
    CONFIDENTIALITY,
    Administration,
    Event,
    Position,
    User,
    consulted_administration,
)
from positions.permissions import CONTENT_ROLES, can_create_position, can_view, require

DEFAULT_WORKFLOW = "ipbes-position"
MAX_CONSULTED = 100  # every Belgian administration, member state and EU institution fits several times over
MAX_CODE_CHARS = 20  # Administration.code
READ_ONLY_PREFIX = "export."  # events that record a reading (an export), not a change: not a position's last change


@dataclass(frozen=True)
class PositionRow:
    """A line of the dashboard."""

    position: Position
    last_change: datetime


REQUIRED = {
    "title": Msg("The title is required."),
    "meeting": Msg("The meeting is required."),
    "agenda_item": Msg("The agenda item is required."),
}
TOO_LONG = {
    "title": N_("The title is longer than %(limit)s characters."),
    "meeting": N_("The meeting is longer than %(limit)s characters."),
    "agenda_item": N_("The agenda item is longer than %(limit)s characters."),
}


def _required(value: str | None, field: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(REQUIRED[field], {field: "required"})
    if len(value) > limit:
        raise ValidationFailed(Msg(TOO_LONG[field], limit=limit), {field: "too long"})
    refuse_hidden_characters(value, field)
    return value


def consulted_codes(consulted: list[str] | None) -> list[str]:
    """The administration codes to consult, cleaned and without repeats; a list too long or holding non-codes is refused."""
    consulted = consulted or []
    if len(consulted) > MAX_CONSULTED:
        raise ValidationFailed(
            Msg("A position can consult at most %(limit)s administrations; %(count)s codes were sent.",
                limit=MAX_CONSULTED, count=Amount(len(consulted))),
            {"consulted": "too many", "limit": MAX_CONSULTED},
        )
    codes: dict[str, None] = {}
    for value in consulted:
        if not isinstance(value, str) or len(value.strip()) > MAX_CODE_CHARS:
            raise ValidationFailed(Msg("'%(value)s' is not an administration code.", value=str(value)[:40]), {"consulted": str(value)[:40]})
        if value.strip():
            codes[value.strip().upper()] = None
    return list(codes)


def consultable_administrations(session: Session) -> list[Administration]:
    """The administrations a Belgian phase can consult: the active Belgian ones (member states join the EU phase)."""
    query = select(Administration).where(Administration.active, Administration.kind.in_(BELGIAN_KINDS))
    return list(session.scalars(query.order_by(Administration.code)))


def belgian_administrations(session: Session, codes: list[str]) -> list[Administration]:
    """The administrations of these codes; unknown codes and member states or EU institutions are refused."""
    administrations = list(session.scalars(select(Administration).where(Administration.code.in_(codes))))
    missing = sorted(set(codes) - {a.code for a in administrations})
    if missing:
        raise ValidationFailed(Msg("Unknown administration(s): %(codes)s.", codes=", ".join(missing)), {"consulted": missing})
    foreign = sorted(a.code for a in administrations if a.kind not in BELGIAN_KINDS)
    if foreign:
        raise ValidationFailed(
            Msg("%(codes)s: member states and EU institutions take part in the EU phase, not in the Belgian consultation.",
                codes=", ".join(foreign)), {"consulted": foreign})
    return administrations


def create_position(
    session: Session,
    actor: User,
    *,
    title: str,
    meeting: str,
    agenda_item: str,
    consulted: list[str] | None = None,
    document_symbol: str = "",
    confidentiality: str = "limited",
    workflow_key: str,
    stage: str,
    objective: str = "",
    language: str | None = None,
) -> Position:
    """Open a new position at ``stage`` of its workflow (workflows.service.start_position: the initial state)."""
    require(can_create_position(actor), Msg("Only the pen-holder can create positions."))
    if language not in (None, "", *POSITION_LANGUAGES):
        raise ValidationFailed(Msg("Unknown language '%(value)s'. Choose one of: %(choices)s.", value=str(language)[:10],
                                   choices=", ".join(POSITION_LANGUAGES)), {"language": str(language)[:10]})
    if confidentiality not in CONFIDENTIALITY:
        raise ValidationFailed(Msg("Unknown confidentiality '%(value)s'.", value=confidentiality), {"confidentiality": confidentiality})
    codes = consulted_codes(consulted)
    administrations = belgian_administrations(session, codes)
    position = Position(
        title=_required(title, "title", 300),
        meeting=_required(meeting, "meeting", 200),
        agenda_item=_required(agenda_item, "agenda_item", 200),
        document_symbol=_optional(document_symbol, "document_symbol", 100),
        confidentiality=confidentiality,
        workflow_key=workflow_key,
        stage=stage,
        objective=objective or "",
        language=language or None,
        created_by_id=actor.id,
        consulted=administrations,
    )
    session.add(position)
    session.flush()
    audit.record(session, actor, "position.created", position, position_id=position.id, data={"title": position.title, "consulted": codes})
    return position


def _optional(value: str | None, field: str, limit: int) -> str:
    value = (value or "").strip()[:limit]
    refuse_hidden_characters(value, field)
    return value


POSITION_LANGUAGES = ("en", "fr", "nl")  # what a position's text may be declared in (search stems it so)


def touch(position: Position) -> None:
    """Mark the position as changed now."""
    position.updated_at = now()


def visible_to(user: User) -> ColumnElement[bool]:
    """SQL for the positions the user may read: restricted ones only in their circle (permissions.in_circle)."""
    if user.role not in CONTENT_ROLES:  # admins and delegates read no Belgian position through this
        return false()
    if user.role == "delegation_lead":
        return true()
    creator_administration = select(User.administration_id).where(User.id == Position.created_by_id).scalar_subquery()
    consulted = exists().where(consulted_administration.c.position_id == Position.id,
                               consulted_administration.c.administration_id == user.administration_id)
    return or_(Position.confidentiality != "restricted", creator_administration == user.administration_id, consulted)


def list_positions(session: Session, actor: User) -> list[PositionRow]:
    """Every position the user may read, newest change first, in one query."""
    require(can_view(actor), Msg("Your role does not give access to positions."))
    last = (
        select(Event.position_id, func.max(Event.at).label("last"))
        .where(Event.position_id.is_not(None), ~Event.verb.startswith(READ_ONLY_PREFIX))
        .group_by(Event.position_id)
        .subquery()
    )
    rows = session.execute(
        select(Position, last.c.last)
        .outerjoin(last, last.c.position_id == Position.id)
        .where(visible_to(actor))
        .options(selectinload(Position.consulted))
        .order_by(Position.updated_at.desc(), Position.id.desc())
    ).all()
    return [PositionRow(p, max(filter(None, [p.updated_at, at]))) for p, at in rows]


def get_position(session: Session, actor: User, position_id: int) -> Position:
    """The position with this id, if the user may read it (to a member state's delegate no Belgian position is there)."""
    missing = NotFound(Msg("There is no position %(id)s.", id=position_id), {"position": position_id})
    if getattr(actor, "role", None) == "delegate":  # they read the EU text only (workflows.eu_text), never this
        raise missing
    require(can_view(actor), Msg("Your role does not give access to positions."))
    position = session.get(Position, position_id)
    if position is None or not can_view(actor, position):  # a restricted position outside one's circle is not there
        raise missing
    return position
