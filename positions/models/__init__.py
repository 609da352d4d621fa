"""Every model of Plenipo's domain, one module per aggregate."""

from positions.models.administration import ADMINISTRATION_KINDS, Administration
from positions.models.approval import DECISIONS, Approval
from positions.models.base import Base
from positions.models.clause import CLAUSE_KINDS, Clause, ClauseRevision
from positions.models.comment import COMMENT_KINDS, COMMENT_STATUSES, Comment
from positions.models.consultation import CONSENT_STATES, Consent, Consultation
from positions.models.event import Event
from positions.models.notification import (
    MAIL_MODES,
    NOTIFICATION_KINDS,
    Follow,
    Notification,
    NotificationPreference,
)
from positions.models.participant import Invitation, Participant
from positions.models.position import (
    CONFIDENTIALITY,
    TEXT_LIMITS,
    Position,
    consulted_administration,
)
from positions.models.upload import PendingUpload
from positions.models.user import LOCALES, ROLES, ApiToken, LoginSession, User
from positions.models.version import Version, VersionClause

__all__ = [
    "ADMINISTRATION_KINDS",
    "CLAUSE_KINDS",
    "COMMENT_KINDS",
    "COMMENT_STATUSES",
    "CONFIDENTIALITY",
    "CONSENT_STATES",
    "DECISIONS",
    "LOCALES",
    "MAIL_MODES",
    "NOTIFICATION_KINDS",
    "ROLES",
    "TEXT_LIMITS",
    "Administration",
    "ApiToken",
    "Approval",
    "Base",
    "Clause",
    "ClauseRevision",
    "Comment",
    "Consent",
    "Consultation",
    "Event",
    "Invitation",
    "LoginSession",
    "Participant",
    "Follow",
    "LoginSession",
    "Notification",
    "NotificationPreference",
    "PendingUpload",
    "Position",
    "User",
    "Version",
    "VersionClause",
    "consulted_administration",
]
