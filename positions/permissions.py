"""Who may do what: plain functions of (user, object), shared by views, API, CLI and tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from positions.actors import is_system
from positions.errors import PermissionDenied
from positions.messages import Msg

if TYPE_CHECKING:
    from positions.models import Administration, Comment, Position, User

CONTENT_ROLES = frozenset({"viewer", "official", "pen_holder", "delegation_lead"})


def is_active_user(user: User | None) -> bool:
    """Tell whether this is a logged-in account that may act now: it and its (current) administration are active."""
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def can_view(user: User | None, position: Position | None = None) -> bool:
    """Read positions: every active role except the admin; a restricted one only its circle (see in_circle)."""
    if is_system(user):
        return True
    if not (is_active_user(user) and user.role in CONTENT_ROLES):
        return False
    return position is None or position.confidentiality != "restricted" or in_circle(user, position)


def in_circle(user: User, position: Position) -> bool:
    """Who may read a restricted position: the pen-holder's administration, the consulted ones, the delegation lead."""
    return (
        user.role == "delegation_lead"
        or user.administration_id == position.created_by.administration_id
        or any(a.id == user.administration_id for a in position.consulted)
    )


INTERNAL_NOTE_READERS = CONTENT_ROLES  # the Belgian side; readers outside it (EU delegates, to come) are left out


def can_read_internal_notes(user: User | None) -> bool:
    """Internal notes (and comments on them) never leave the Belgian delegation: search and exports skip them."""
    return is_system(user) or (is_active_user(user) and user.role in INTERNAL_NOTE_READERS)


def is_frozen(position: Position) -> bool:
    """A final text takes no more edits, versions or comments."""
    return position.frozen_at is not None


def can_create_position(user: User | None) -> bool:
    """Only the pen-holder opens new positions."""
    return is_active_user(user) and user.role == "pen_holder"


def can_edit(user: User | None, position: Position) -> bool:
    """Edit clauses and take versions: the pen-holder, while the text is not frozen."""
    return is_active_user(user) and user.role == "pen_holder" and not is_frozen(position)


def can_comment(user: User | None, position: Position, audience: str = "belgian") -> bool:
    """Comment and reply: officials for their administration, the pen-holder and the lead; on the EU text
    (audience 'eu') delegates too — whether this delegate is invited and the EU phase runs is workflows.eu_comments'."""
    roles = {"official", "pen_holder", "delegation_lead"} | ({"delegate"} if audience == "eu" else set())
    return is_active_user(user) and user.role in roles and not is_frozen(position)


def can_endorse(user: User | None, position: Position) -> bool:
    """Endorse another administration's amendment or reservation: an official, for their own administration."""
    return is_active_user(user) and user.role == "official" and not is_frozen(position)


def can_resolve(user: User | None, position: Position) -> bool:
    """Resolve comments and accept or reject amendments: the pen-holder."""
    return can_edit(user, position)


def can_withdraw(user: User | None, comment: Comment) -> bool:
    """Only the author withdraws their own comment, and only while still acting for the comment's administration."""
    return is_active_user(user) and comment.author_id == user.id and comment.administration_id == user.administration_id


def can_answer_for(user: User | None, position: Position, administration: Administration, *, invited: bool = False) -> bool:
    """Answer a consultation: an official of that very administration, if it is consulted; or a delegate of that
    very member state or institution, if `invited` (the caller read that they are invited to the position, not revoked)."""
    if not (is_active_user(user) and user.administration_id == administration.id):
        return False
    if user.role == "delegate":
        return invited
    return user.role == "official" and any(a.id == administration.id for a in position.consulted)


def can_import_reviewed(user: User | None, position: Position) -> bool:
    """Import a reviewed Word file: an official of a consulted administration, for that administration only."""
    return is_active_user(user) and can_answer_for(user, position, user.administration) and not is_frozen(position)


def can_manage_participants(user: User | None, position: Position) -> bool:
    """Invite and revoke member-state delegates: the pen-holder, while the text is not frozen."""
    return can_edit(user, position)


def can_approve(user: User | None, position: Position) -> bool:
    """Approve or reject versions: the delegation lead."""
    return is_active_user(user) and user.role == "delegation_lead"


def can_administer(user: User | None) -> bool:
    """Manage users and administrations: the admin role, and the system (an operator at the command line)."""
    return is_system(user) or (is_active_user(user) and user.role == "admin")


def can_read_library(user: User | None) -> bool:
    """Browse the agreed-language library: everyone who reads positions."""
    return can_view(user)


def can_manage_library(user: User | None) -> bool:
    """Add and edit library entries: the pen-holder (the focal point) and the delegation lead."""
    return is_system(user) or (is_active_user(user) and user.role in {"pen_holder", "delegation_lead"})


def can_read_official(user: User | None) -> bool:
    """Read the Secretariat's official documents: every content role (they are public texts)."""
    return is_system(user) or (is_active_user(user) and user.role in CONTENT_ROLES)


def can_manage_official(user: User | None) -> bool:
    """Import official documents and their revisions: the pen-holder."""
    return is_system(user) or (is_active_user(user) and user.role == "pen_holder")


def can_comment_official(user: User | None) -> bool:
    """Comment on an official document for one's own administration: officials, the pen-holder and the lead."""
    return is_active_user(user) and user.role in {"official", "pen_holder", "delegation_lead"}


def can_track_plenary(user: User | None, position: Position) -> bool:
    """Record what happened in the room: the pen-holder and the delegation lead (the delegation)."""
    return is_active_user(user) and user.role in {"pen_holder", "delegation_lead"} and not is_frozen(position)


def require(allowed: bool, message: str = Msg("You are not allowed to do this.")) -> None:
    """Raise PermissionDenied unless allowed."""
    if not allowed:
        raise PermissionDenied(message)
