"""The application's workflows: loading them, starting a position in one, running it in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

import workflows.guards  # noqa: F401  (fills the registry before definitions load)
from positions import audit
from positions.clock import now
from positions.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from positions.messages import Amount, Joined, Label, Msg, one_of
from positions.models import Consultation, Position, User, Version
from positions.services import approvals, library_uses
from positions.services.locking import lock_position
from positions.services.positions import DEFAULT_WORKFLOW, create_position, touch
from workflows.engine import (
    Availability,
    Context,
    DefinitionError,
    FiredTransition,
    InvalidArguments,
    TransitionNotAllowed,
    UnknownTransition,
    Workflow,
    WorkflowError,
    available,
    fire,
)
from workflows.guards import MEMO, approver
from workflows.loader import definitions_dir, load_all
from workflows.registry import Registry, default_registry

MAX_NOTE = 1000
Workflows = dict[str, Workflow]
_current: Callable[[], Workflows | None] = lambda: None  # noqa: E731  (init_app replaces it)


@dataclass(frozen=True)
class Step:
    """One transition as the panel and the API show it: allowed or blocked, with reasons."""

    name: str
    label: str
    target: str
    target_label: str
    allowed: bool
    blocked_by: list[str]
    args: tuple[str, ...]
    approves: bool = False  # firing it records the user's approval of the version (the lead on an approve_version step)
    warnings: list[str] = field(default_factory=list)  # what its warning guards say now; they never block

    @property
    def takes_deadline(self) -> bool:
        return "deadline" in self.args


def load_workflows(folder: str | Path | None = None, registry: Registry = default_registry) -> Workflows:
    """The shipped definitions, then every ``*.toml`` in ``folder``, validated; one key defined twice is an error."""
    folders = [definitions_dir()]
    if folder:
        if not Path(folder).is_dir():
            raise DefinitionError("WORKFLOW_PATH names no folder", file=str(folder))
        folders.append(Path(folder))
    return load_all(folders, registry)


def workflow_folder(config: Any, instance_path: str) -> Path | None:
    """The folder of extra definitions: WORKFLOW_PATH, else ``<instance>/workflows`` if it exists; "" means none."""
    configured = config.get("WORKFLOW_PATH")
    if configured is not None:
        return Path(configured) if configured else None
    default = Path(instance_path) / "workflows"
    return default if default.is_dir() else None


def init_app(app: Any, current: Callable[[], Workflows | None]) -> None:
    """Load and validate the app's workflows onto ``app.extensions["workflows"]``; a bad definition raises DefinitionError."""
    # ``current`` returns the workflows of the app at work, or None outside any app: the app passes
    # current_app's (workflows/ imports no Flask), so two apps in one process never share their sets.
    global _current
    app.extensions["workflows"] = load_workflows(workflow_folder(app.config, app.instance_path))
    _current = current


@lru_cache(maxsize=1)
def _shipped() -> Workflows:
    return load_workflows()


def all_workflows() -> Workflows:
    """The workflows of the app at work (outside any app: the shipped ones), by key, in loading order."""
    workflows = _current()
    return workflows if workflows is not None else _shipped()


def known_workflow(key: str) -> Workflow:
    """The workflow ``key``; refuse, naming the known ones, a key no definition gives."""
    workflows = all_workflows()
    if key not in workflows:
        raise ValidationFailed(Msg("There is no workflow '%(workflow)s'; choose one of: %(known)s.", workflow=key,
                                   known=one_of(list(workflows))), {"workflow": key, "known": list(workflows)})
    return workflows[key]


def start_position(session: Session, actor: User | None, *, workflow_key: str = DEFAULT_WORKFLOW, **fields: Any) -> Position:
    """Open a new position in the initial state of its workflow (fields as positions.services.positions.create_position)."""
    workflow = known_workflow(workflow_key)
    return create_position(session, actor, workflow_key=workflow.key, stage=workflow.initial, **fields)


def workflow_for(position: Position) -> Workflow:
    """The workflow a position follows."""
    workflow = all_workflows().get(position.workflow_key)
    if workflow is None:
        raise WorkflowError(f"position {position.id} follows the workflow {position.workflow_key!r}, which is not loaded "
                            "(was its definition removed from WORKFLOW_PATH?)")
    return workflow


def stage_label(position: Position) -> str:
    """The human name of the position's stage."""
    return workflow_for(position).state(position.stage).label


def phase_label(position: Position) -> str:
    """The label of the phase (Belgian position, EU coordination, plenary brief) of the stage."""
    phase = workflow_for(position).phase_of(position.stage)
    return phase.label if phase else ""


def consulted_audiences(position: Position) -> tuple[str, ...]:
    """Whom a consultation opened now asks: the audiences of the position's current phase (Belgian without one)."""
    phase = workflow_for(position).phase_of(position.stage)
    return phase.consulted_audiences if phase is not None else ("belgian",)


def latest_version_for(position: Position, audience: str, before: Version | None = None) -> Version | None:
    """The newest version taken in a stage whose phase speaks to ``audience`` (e.g. "eu"), older than ``before``."""
    stages = workflow_for(position).stages_for(audience)
    query = select(Version).where(Version.position_id == position.id, Version.stage.in_(stages))
    if before is not None:
        query = query.where(Version.number < before.number)
    return object_session(position).scalar(query.order_by(Version.number.desc()).limit(1))


@contextmanager
def _memo(session: Session) -> Iterator[None]:
    """Let guards share their reads during one evaluation, and forget them after."""
    session.info[MEMO] = {}
    try:
        yield
    finally:
        session.info.pop(MEMO, None)


class _PositionHooks:
    """Row locks before the guards are re-checked, and the audit event after the move."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lock(self, subject: Position) -> Position:
        """Lock the position, then its open consultation, and read everything afresh."""
        self.session.flush()
        position = lock_position(self.session, subject)
        # Answers lock the consultation too: a consent is either seen by the guards or refused as closed.
        self.session.execute(
            select(Consultation.id).where(Consultation.position_id == position.id, Consultation.closed_at.is_(None)).with_for_update()
        )
        self.session.expire_all()
        self.session.info[MEMO] = {}
        return position

    def may_freeze(self, ctx: Context) -> list[str]:
        """A final text must be exactly the version the lead approved (or approves by this step), re-checked under the lock."""
        problem = approvals.freeze_problem(self.session, ctx.subject, approving=approver(ctx) is not None)
        return [problem] if problem else []

    def freeze(self, ctx: Context) -> None:
        """Mark the text frozen (from now on every write to the position is refused); its lines to take enter the library.

        After the effects, the approval must be on record for exactly this text (a step that approves has just written it).
        """
        problem = approvals.freeze_problem(self.session, ctx.subject)
        if problem:
            raise TransitionNotAllowed(ctx.transition.name, [problem])
        if ctx.subject.frozen_at is None:
            ctx.subject.frozen_at = now()
        library_uses.add_lines_to_take(self.session, ctx.user, ctx.subject)

    def record(self, ctx: Context, from_stage: str, to_stage: str) -> None:
        """Write the transition.fired event."""
        touch(ctx.subject)
        audit.record(
            self.session, ctx.user, "transition.fired", ctx.subject, position_id=ctx.subject.id,
            data={"transition": ctx.transition.name, "from": from_stage, "to": to_stage,
                  "args": {k: str(v) for k, v in ctx.args.items()}, **({"by": "deadline"} if ctx.automatic else {})},
        )


def transitions(position: Position, user: User) -> list[Step]:
    """Every transition from the current stage, allowed or blocked with the reasons."""
    workflow = workflow_for(position)
    with _memo(object_session(position)):
        found = available(workflow, position, user, default_registry)
    return [_step(workflow, position, user, a) for a in found]


def approving_step(position: Position, user: User) -> Step | None:
    """The step from the current stage by which ``user`` approves the version and moves on at once, if there is one."""
    return next((step for step in transitions(position, user) if step.approves), None)


def _step(workflow: Workflow, position: Position, user: User, a: Availability) -> Step:
    transition = workflow.transition(a.name, position.stage)
    approves = approver(Context(position, user, transition, workflow)) is not None and user.role in transition.roles
    return Step(a.name, a.label, a.target, workflow.state(a.target).label, a.allowed, a.blocked_by, transition.args, approves, a.warnings)


def fire_transition(position: Position, name: str, user: User, *, automatic: bool = False, **args: Any) -> FiredTransition:
    """Fire a transition under row locks, in the caller's transaction; refusals are domain errors with reasons.

    ``automatic``: the system takes it at a consultation's deadline (see workflows.deadlines)."""
    session = object_session(position)
    workflow = workflow_for(position)
    transition = workflow.transition(name, position.stage)
    if args.get("note") is not None:
        args["note"] = str(args["note"]).strip() or None
        if args["note"] and len(args["note"]) > MAX_NOTE:
            raise ValidationFailed(Msg("The note is longer than %(limit)s characters.", limit=Amount(MAX_NOTE)), {"fields": {"note": "too long"}})
    try:
        with _memo(session):
            return fire(workflow, position, name, user, default_registry, hooks=_PositionHooks(session), automatic=automatic, **args)
    except UnknownTransition as error:
        known = sorted({t.name for t in workflow.transitions})
        raise NotFound(Msg("There is no step '%(step)s' in the %(workflow)s workflow.", step=name, workflow=Label(workflow.label)),
                       {"transition": name, "known": known}) from error
    except InvalidArguments as error:
        takes = ", ".join(error.accepted) or Msg("nothing")
        raise ValidationFailed(
            Msg("'%(step)s' does not take %(unexpected)s; it takes %(takes)s.", step=Label(transition.label if transition else name),
                unexpected=", ".join(error.unexpected), takes=takes),
            {"fields": {field: "not accepted" for field in error.unexpected}},
        ) from error
    except TransitionNotAllowed as error:
        label = Label(transition.label if transition else name)
        details = {"transition": name, "step": label, "reasons": error.reasons}
        message = Msg("%(step)s is not possible: %(reasons)s.", step=label, reasons=Joined(error.reasons, "; "))
        if not automatic and transition is not None and getattr(user, "role", None) not in transition.roles:
            raise PermissionDenied(message, details) from error
        raise Conflict(message, details) from error
