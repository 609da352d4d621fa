"""A small workflow engine: states, transitions, named guards and effects.

Framework-free on purpose, and importing nothing of ours: the subject is anything
with a read/write ``stage`` attribute and the user anything with a ``role`` string.
Guards, effects and roles are looked up by name in a
:class:`~workflows.registry.Registry` that the application fills.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .messages import Label, LowerLabel, Msg

if TYPE_CHECKING:
    from .registry import Registry

# Who takes part in a phase: the Belgian administrations, the EU member states, or the delegation alone.
AUDIENCES = ("belgian", "eu", "delegation")


class WorkflowError(Exception):
    """Base class of every workflow error."""


class TransitionNotAllowed(WorkflowError):
    """The transition exists but may not be fired now, for the given reasons."""

    def __init__(self, transition: str, reasons: list[str]) -> None:
        self.transition = transition
        self.reasons = list(reasons)
        super().__init__(f"{transition!r} is not allowed: " + "; ".join(self.reasons))


class UnknownTransition(WorkflowError):
    """The workflow defines no transition of that name."""

    def __init__(self, transition: str, workflow: str) -> None:
        self.transition = transition
        self.workflow = workflow
        super().__init__(f"workflow {workflow!r} has no transition {transition!r}")


class InvalidArguments(WorkflowError, ValueError):
    """The caller passed arguments the transition does not declare."""

    def __init__(self, transition: str, unexpected: list[str], accepted: tuple[str, ...]) -> None:
        self.transition = transition
        self.unexpected = unexpected
        self.accepted = accepted
        takes = ", ".join(accepted) if accepted else "no arguments"
        super().__init__(
            f"{transition!r} does not accept {', '.join(unexpected)} (it takes {takes})"
        )


class DefinitionError(WorkflowError):
    """A workflow definition file is invalid; names the file, key and line."""

    def __init__(
        self, problem: str, *, file: str, key: str | None = None, line: int | None = None
    ) -> None:
        self.problem = problem
        self.file = file
        self.key = key
        self.line = line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {key}: {problem}" if key else f"{where}: {problem}")


@dataclass(frozen=True)
class Phase:
    key: str
    label: str
    audience: str
    consults: tuple[str, ...] = ()  # whose answers its consultations ask for; empty: its audience's

    @property
    def consulted_audiences(self) -> tuple[str, ...]:
        """The audiences a consultation of this phase asks: ``consults`` if the definition says, else the phase's audience."""
        return self.consults or (self.audience,)


@dataclass(frozen=True)
class State:
    key: str
    label: str
    phase: str = ""  # the key of its Phase


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: str
    target: str
    roles: frozenset[str]
    guards: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    outcome: str | None = None  # how the consultation it closes ends, e.g. "consensus"
    warnings: tuple[str, ...] = ()  # guards that only warn: their reasons are shown, the step may still be fired
    automatic_at_deadline: bool = False  # the system takes it when the open consultation's deadline passes


@dataclass(frozen=True)
class Workflow:
    key: str
    label: str
    states: dict[str, State]
    transitions: list[Transition]
    initial: str
    frozen_states: frozenset[str] = frozenset()
    args: dict[str, str] = field(default_factory=dict)
    phases: dict[str, Phase] = field(default_factory=dict)

    def state(self, key: str) -> State:
        """Return the state called ``key``; raise WorkflowError if there is none."""
        try:
            return self.states[key]
        except KeyError:
            raise WorkflowError(f"workflow {self.key!r} has no state {key!r}") from None

    def phase_of(self, stage: str) -> Phase | None:
        """Return the phase ``stage`` belongs to (None for a state that names no phase)."""
        return self.phases.get(self.state(stage).phase)

    def stages_for(self, audience: str) -> list[str]:
        """Return the stages of every phase whose audience is ``audience``, in definition order."""
        return [key for key, state in self.states.items() if state.phase in self.phases
                and self.phases[state.phase].audience == audience]

    def transitions_from(self, stage: str) -> list[Transition]:
        """Return the transitions leaving ``stage``, in definition order."""
        return [t for t in self.transitions if t.source == stage]

    def transition(self, name: str, source: str) -> Transition | None:
        """Return the transition ``name`` leaving ``source``, or None."""
        return next((t for t in self.transitions_from(source) if t.name == name), None)

    def deadline_transition(self, stage: str) -> Transition | None:
        """The transition the system takes from ``stage`` when its consultation's deadline passes, or None."""
        return next((t for t in self.transitions_from(stage) if t.automatic_at_deadline), None)

    def has_transition(self, name: str) -> bool:
        """Tell whether any state has a transition called ``name``."""
        return any(t.name == name for t in self.transitions)

    def is_frozen(self, stage: str) -> bool:
        """Tell whether the text is frozen in ``stage``."""
        return stage in self.frozen_states


@dataclass
class Context:
    """What a guard or effect gets to look at."""

    subject: Any
    user: Any
    transition: Transition
    workflow: Workflow
    args: dict[str, Any] = field(default_factory=dict)
    automatic: bool = False  # the system fires it at a deadline, not a person


@dataclass(frozen=True)
class Availability:
    name: str
    label: str
    target: str
    allowed: bool
    blocked_by: list[str]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FiredTransition:
    name: str
    source: str
    target: str
    warnings: tuple[str, ...] = ()  # what the step's warning guards said when it was fired


class Hooks(Protocol):
    """What the application plugs into :func:`fire`."""

    def lock(self, subject: Any) -> Any:
        """Lock the subject's row and reload it; may return a fresh subject or None."""

    def record(self, ctx: Context, from_stage: str, to_stage: str) -> None:
        """Record the fired transition (an audit event)."""

    def may_freeze(self, ctx: Context) -> list[str]:
        """Reasons the subject may not enter a frozen state now (checked under the lock; empty: it may)."""

    def freeze(self, ctx: Context) -> None:
        """Freeze the subject as it enters a frozen state."""


def roles_reason(roles: frozenset[str], registry: Registry) -> str:
    """Say in words who may fire a transition restricted to ``roles``, in the registry's order of roles."""
    order = registry.role_names()
    ranked = sorted(roles, key=lambda r: (order.index(r) if r in order else len(order), r))
    declared = [registry.get_role(r) for r in ranked]
    labels = [role.label if role else name.replace("_", " ") for name, role in zip(ranked, declared, strict=True)]
    if not labels:
        return Msg("nobody can do this")
    if len(declared) == 1 and declared[0] is not None and declared[0].only:
        return Msg(declared[0].only)
    if len(labels) == 1:
        return Msg("only the %(who)s can do this", who=labels[0])
    who = Msg("%(first)s or %(last)s", first=labels[0] if len(labels) == 2 else ", ".join(labels[:-1]), last=labels[-1])
    return Msg("only the %(who)s can do this", who=who)


def blocking_reasons(ctx: Context, registry: Registry) -> list[str]:
    """Return every reason the transition in ``ctx`` is blocked (empty if allowed)."""
    reasons = []
    if ctx.automatic:  # no role: the definition itself lets the system take it at a deadline
        if not ctx.transition.automatic_at_deadline:
            reasons.append(Msg("this step is never taken automatically"))
    elif getattr(ctx.user, "role", None) not in ctx.transition.roles:
        reasons.append(roles_reason(ctx.transition.roles, registry))
    for name in ctx.transition.guards:
        reason = registry.get_guard(name)(ctx)
        if reason is not None:
            reasons.append(reason)
    return reasons


def warning_reasons(ctx: Context, registry: Registry) -> list[str]:
    """Return what the transition's warning guards say (empty: nothing to warn about); they never block."""
    return [reason for name in ctx.transition.warnings if (reason := registry.get_guard(name)(ctx)) is not None]


def available(
    workflow: Workflow, subject: Any, user: Any, registry: Registry, **args: Any
) -> list[Availability]:
    """List every transition from the subject's stage, allowed or not, with reasons."""
    workflow.state(subject.stage)
    result = []
    for transition in workflow.transitions_from(subject.stage):
        ctx = Context(subject, user, transition, workflow, _accepted(transition, args))
        reasons = blocking_reasons(ctx, registry)
        result.append(Availability(transition.name, transition.label, transition.target, not reasons, reasons,
                                   warning_reasons(ctx, registry)))
    return result


def fire(
    workflow: Workflow,
    subject: Any,
    name: str,
    user: Any,
    registry: Registry,
    *,
    hooks: Hooks | None = None,
    automatic: bool = False,
    **args: Any,
) -> FiredTransition:
    """Fire transition ``name`` on ``subject``: lock, re-check, run effects, move, record.

    ``automatic``: the system takes the transition at a deadline; only one marked ``automatic_at_deadline``
    may be taken so, whatever its roles, and its guards are checked as for anyone.

    Entering a frozen state is checked once more by ``hooks.may_freeze`` under the lock, whatever
    guards the definition names, and ``hooks.freeze`` freezes the subject.
    """
    stage = subject.stage
    transition = _resolve(workflow, name, stage)
    given = {k: v for k, v in args.items() if v is not None}
    unexpected = sorted(set(given) - set(transition.args))
    if unexpected:
        raise InvalidArguments(name, unexpected, transition.args)

    if hooks is not None:
        locked = hooks.lock(subject)
        if locked is not None:
            subject = locked
        if subject.stage != stage:
            now = workflow.state(subject.stage).label
            raise TransitionNotAllowed(name, [Msg("the stage changed to %(stage)s meanwhile", stage=Label(now))])

    ctx = Context(subject, user, transition, workflow, given, automatic)
    reasons = blocking_reasons(ctx, registry)
    freezing = workflow.is_frozen(transition.target) and not workflow.is_frozen(stage)
    if freezing and hooks is not None and not reasons:
        reasons = hooks.may_freeze(ctx)
    if reasons:
        raise TransitionNotAllowed(name, reasons)
    warnings = tuple(warning_reasons(ctx, registry))
    for effect in transition.effects:
        registry.get_effect(effect)(ctx)
    subject.stage = transition.target
    if hooks is not None:
        if freezing:
            hooks.freeze(ctx)
        hooks.record(ctx, transition.source, transition.target)
    return FiredTransition(transition.name, transition.source, transition.target, warnings)


def _resolve(workflow: Workflow, name: str, stage: str) -> Transition:
    """Return transition ``name`` from ``stage`` or raise the fitting error."""
    transition = workflow.transition(name, stage)
    if transition is not None:
        return transition
    if not workflow.has_transition(name):
        raise UnknownTransition(name, workflow.key)
    label = next(t.label for t in workflow.transitions if t.name == name)
    here = workflow.state(stage).label
    raise TransitionNotAllowed(name, [Msg("cannot %(step)s from %(stage)s", step=LowerLabel(label), stage=Label(here))])


def _accepted(transition: Transition, args: dict[str, Any]) -> dict[str, Any]:
    """Keep the non-None arguments the transition declares."""
    return {k: v for k, v in args.items() if k in transition.args and v is not None}
