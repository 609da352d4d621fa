"""Response bodies of the JSON API as pydantic models: the serializers build them, the OpenAPI document shows them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from positions.models.administration import ADMINISTRATION_KINDS
from positions.models.clause import CLAUSE_KINDS
from positions.models.comment import COMMENT_KINDS, COMMENT_STATUSES
from positions.models.consultation import CONSENT_STATES
from positions.models.user import ROLES

Timestamp = Annotated[str, Field(description="ISO 8601, UTC", json_schema_extra={"format": "date-time"})]
DiffOp = Annotated[tuple[Literal[-1, 0, 1], str], Field(description="(-1 deleted | 0 kept | 1 inserted, text)")]


class Out(BaseModel):
    """A response body: every field is declared, nothing else is sent."""

    model_config = ConfigDict(extra="forbid", validate_by_name=True, serialize_by_alias=True)


class ErrorBody(Out):
    code: str = Field(description="Stable machine-readable code, e.g. 'not_found', 'conflict', 'invalid'.")
    message: str = Field(description="A sentence for people.")
    details: dict[str, Any] = Field(description="Which fields or objects are concerned (may be empty).")


class ErrorOut(Out):
    """Every 4xx and 5xx answer of the API."""

    error: ErrorBody


class AdministrationOut(Out):
    code: str
    name: str
    kind: Literal[ADMINISTRATION_KINDS]
    active: bool


class AdministrationList(Out):
    administrations: list[AdministrationOut]


class UserOut(Out):
    id: int
    email: str
    name: str
    role: Literal[ROLES]
    locale: str
    administration: AdministrationOut


class TokenOut(Out):
    token: str = Field(description="Send it as 'Authorization: Bearer <token>'.")
    user: UserOut
    id: int
    label: str | None
    expires_at: Timestamp


class TokenInfo(Out):
    id: int
    label: str | None
    created_at: Timestamp
    last_used_at: Timestamp | None = Field(description="Updated at most once a minute.")
    expires_at: Timestamp
    current: bool = Field(description="Whether this request was sent with this token.")


class TokenList(Out):
    """The caller's tokens that still work (never their secrets)."""

    tokens: list[TokenInfo]


class TokenRevoked(Out):
    id: int
    revoked: bool


class PositionSummary(Out):
    id: int
    title: str
    meeting: str
    agenda_item: str
    document_symbol: str
    workflow: str
    stage: str
    confidentiality: Literal["public", "limited", "restricted"]
    consulted: list[str] = Field(description="Codes of the consulted administrations.")
    last_change: Timestamp | None


class PositionList(Out):
    positions: list[PositionSummary]


class ClauseOut(Out):
    uid: str
    number: str
    level: int
    kind: Literal[CLAUSE_KINDS]
    heading: str
    body: str
    revision: int = Field(description="The revision to send as base_revision when editing.")
    brackets: int = Field(description="How many [square bracket] passages the body holds.")
    updated_at: Timestamp | None


class VersionOut(Out):
    number: int
    stage: str
    note: str
    author: str
    created_at: Timestamp | None
    content_hash: str


class PositionDetail(PositionSummary):
    objective: str
    clauses: list[ClauseOut]
    versions: list[VersionOut]


class ClauseEdited(Out):
    clause: ClauseOut
    merged: bool = Field(description="True when the edit was merged with someone else's.")
    changed: bool


class ClauseDeleted(Out):
    uid: str
    deleted: bool
    revision: int


class RevisionOut(Out):
    revision: int
    base_revision: int | None
    author: str
    created_at: Timestamp | None
    kind: Literal[CLAUSE_KINDS]
    heading: str
    body: str
    deleted: bool


class ClauseHistory(Out):
    uid: str
    revisions: list[RevisionOut]


class VersionDetail(VersionOut):
    clauses: list[ClauseOut]


class ComparisonSummary(Out):
    changed: int
    added: int
    removed: int
    moved: int
    unchanged: int
    text: str


class ClauseChangeOut(Out):
    uid: str
    status: Literal["added", "removed", "moved", "modified", "unchanged"]
    moved: bool
    old_number: str | None
    new_number: str | None
    heading_ops: list[DiffOp]
    body_ops: list[DiffOp]


class ComparisonOut(Out):
    from_: str = Field(alias="from")
    to: str
    summary: ComparisonSummary
    clauses: list[ClauseChangeOut]


class CommentOut(Out):
    id: int
    clause: str | None = Field(description="The clause uid.")
    kind: Literal[COMMENT_KINDS]
    status: Literal[COMMENT_STATUSES]
    body: str
    quote: str | None
    proposed_text: str | None
    parent_id: int | None
    revision: int | None
    author: str
    administration: str
    created_at: Timestamp | None
    resolution_note: str | None
    resolved_at: Timestamp | None


class CommentList(Out):
    comments: list[CommentOut]


class CommentResolved(CommentOut):
    applied_revision: int | None = Field(description="The clause revision an accepted amendment produced.")
    merged: bool


class ConsentOut(Out):
    administration: str
    state: Literal[CONSENT_STATES]
    note: str | None
    answered_at: Timestamp | None


class ConsultationOpened(Out):
    version: int
    deadline: Timestamp | None
    consents: list[ConsentOut]


class VerdictOut(Out):
    state: Literal["consensus", "blocked", "pending"]
    text: str
    counts: dict[str, int]


class ConsentsOut(Out):
    """The consultation of a version; deadline, closed_at and verdict are null when none was opened."""

    version: int
    deadline: Timestamp | None
    closed_at: Timestamp | None
    consents: list[ConsentOut]
    verdict: VerdictOut | None


class ApprovalOut(Out):
    version: int
    decision: Literal["approve", "reject"]
    content_hash: str = Field(description="The content hash of the version the decision is bound to.")
    approver: str
    note: str | None
    created_at: Timestamp | None


class StepOut(Out):
    name: str
    label: str
    target: str
    target_label: str
    allowed: bool
    blocked_by: list[str] = Field(description="Why the transition is blocked (empty when allowed).")
    args: list[str] = Field(description="Arguments the transition takes, e.g. 'deadline'.")


class StepList(RootModel[list[StepOut]]):
    """Every transition from the position's stage."""


class TransitionFired(Out):
    transition: str
    from_: str = Field(alias="from")
    stage: str
    stage_label: str
    phase: str
    frozen: bool


class EventActor(Out):
    id: int
    name: str
    administration: str


class EventObject(Out):
    type: str
    id: str


class EventOut(Out):
    id: int
    at: Timestamp | None
    verb: str
    actor: EventActor | None
    object: EventObject
    data: dict[str, Any]
    prev_hash: str
    hash: str
    intact: bool = Field(description="False when the audit chain does not verify at this event.")
    problem: str | None


class EventPage(Out):
    events: list[EventOut]
    page: int
    per_page: int
    total: int
    pages: int
