"""Every model of Plenipo's domain, one module per aggregate."""

from positions.models.administration import ADMINISTRATION_KINDS, Administration
from positions.models.approval import DECISIONS, Approval
from positions.models.base import Base
from positions.models.clause import CLAUSE_KINDS, Clause, ClauseRevision
from positions.models.comment import COMMENT_KINDS, COMMENT_STATUSES, Comment
from positions.models.consultation import CONSENT_STATES, Consent, Consultation
from positions.models.endorsement import Endorsement
from positions.models.event import Event
from positions.models.library import (
    LIBRARY_LANGUAGES,
    LIBRARY_LIMITS,
    LIBRARY_STATUSES,
    LibraryEntry,
    LibraryUse,
)
from positions.models.notification import (
    DELEGATE_KINDS,
    MAIL_MODES,
    NOTIFICATION_KINDS,
    Follow,
    Notification,
    NotificationPreference,
)
from positions.models.official import (
    OFFICIAL_LIMITS,
    PARAGRAPH_KINDS,
    PLENARY_OUTCOMES,
    OfficialComment,
    OfficialDocument,
    OfficialLink,
    OfficialParagraph,
    PlenaryOutcome,
)
from positions.models.participant import Invitation, Participant
from positions.models.position import (
    CONFIDENTIALITY,
    TEXT_LIMITS,
    Position,
    consulted_administration,
)
from positions.models.search import SEARCH_LANGUAGES, SearchEntry
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
    "LIBRARY_LANGUAGES",
    "LIBRARY_LIMITS",
    "LIBRARY_STATUSES",
    "LOCALES",
    "DELEGATE_KINDS",
    "MAIL_MODES",
    "NOTIFICATION_KINDS",
    "OFFICIAL_LIMITS",
    "PARAGRAPH_KINDS",
    "PLENARY_OUTCOMES",
    "ROLES",
    "SEARCH_LANGUAGES",
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
    "Endorsement",
    "Event",
    "LibraryEntry",
    "LibraryUse",
    "Invitation",
    "LoginSession",
    "Participant",
    "Follow",
    "LoginSession",
    "Notification",
    "NotificationPreference",
    "PendingUpload",
    "SearchEntry",
    "OfficialComment",
    "OfficialDocument",
    "OfficialLink",
    "OfficialParagraph",
    "PendingUpload",
    "PlenaryOutcome",
    "Position",
    "User",
    "Version",
    "VersionClause",
    "consulted_administration",
]
