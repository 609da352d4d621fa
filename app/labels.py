"""The reader's words for the codes the domain stores: clause and comment kinds, answers, roles, statuses.

One table per code list, translated at display time; the clause kinds' labels come from positions/kinds.py.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.i18n import label
from positions.kinds import KINDS
from workflows import service as workflow_service

KIND_LABELS = {kind.code: _l(kind.label) for kind in KINDS}  # the labels live in positions/kinds.py


COMMENT_KIND_LABELS = {
    "comment": _l("Comment"),
    "question": _l("Question"),
    "support": _l("Support"),
    "reservation": _l("Reservation"),
    "amendment": _l("Amendment"),
}
COMMENT_STATUS_LABELS = {
    "open": _l("open"),
    "resolved": _l("resolved"),
    "accepted": _l("accepted"),
    "rejected": _l("rejected"),
    "withdrawn": _l("withdrawn"),
}
CONSENT_LABELS = {
    "pending": _l("pending"),
    "agree": _l("agrees"),
    "agree_with_reservation": _l("agrees with reservation"),
    "object": _l("objects"),
    "silent": _l("silent (counts as agreement)"),
    "unanswered": _l("did not answer before it closed"),
}

ROLE_LABELS = {
    "viewer": _l("viewer"),
    "official": _l("official"),
    "pen_holder": _l("pen-holder"),
    "delegation_lead": _l("delegation lead"),
    "admin": _l("admin"),
    "delegate": _l("delegate"),
}
ADMINISTRATION_KIND_LABELS = {
    "federal": _l("federal"),
    "regional": _l("regional"),
    "community": _l("community"),
    "scientific": _l("scientific"),
    "member_state": _l("EU member state"),
    "eu_institution": _l("EU institution"),
}
EU_INSTITUTION_NAMES = {
    "COM": _l("European Commission"),
    "PRES": _l("Council Presidency"),
}
CONFIDENTIALITY_LABELS = {
    "public": _l("public"),
    "limited": _l("limited"),
    "restricted": _l("restricted"),
}
CONFIDENTIALITY_MEANINGS = {
    "public": _l("Public: every Plenipo user can read it, and it may be shared outside the administrations."),
    "limited": _l("Limited: every Plenipo user can read it; not to be shared outside the administrations."),
    "restricted": _l("Restricted: only the pen-holder's administration, the consulted administrations and the "
                     "delegation lead can open it, in pages, exports and the API."),
}


def confidentiality_help() -> str:
    """What each confidentiality level means, shown where it is chosen."""
    return " ".join(str(CONFIDENTIALITY_MEANINGS[level]) for level in ("public", "limited", "restricted"))


REVISION_LABELS = {
    "created": _l("created"),
    "deleted": _l("deleted"),
    "moved": _l("moved"),
    "edited": _l("edited"),
}
CONSULTATION_OUTCOMES = {
    "consensus": _l("consensus"),
    "blocked": _l("blocked"),
    "withdrawn": _l("withdrawn"),
}

STATUS_LABELS = {
    "added": _l("added"),
    "removed": _l("removed"),
    "moved": _l("moved"),
    "modified": _l("modified"),
    "unchanged": _l("unchanged"),
}


def kind_label(kind: str) -> str:
    """The reader's name for a clause kind."""
    return str(KIND_LABELS.get(kind, kind))


def label_of(labels: dict, key: str | None) -> str:
    """A translated label from one of the label tables, or the key itself."""
    return str(labels.get(key, key)) if key is not None else ""


def stage_label(position) -> str:
    """The position's stage, translated."""
    return label(workflow_service.stage_label(position))


def phase_label(position) -> str:
    """The phase of the position's stage, translated."""
    return label(workflow_service.phase_label(position))


def stage_name(position, key: str) -> str:
    """Any stage of the position's workflow by key (e.g. the stage a version was taken at), translated."""
    states = workflow_service.workflow_for(position).states
    return label(states[key].label) if key in states else key
