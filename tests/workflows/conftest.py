"""Fakes for workflow tests: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from workflows.engine import Context
from workflows.loader import definitions_dir, load_workflow
from workflows.registry import Registry

GUARDS = (
    "has_clauses",
    "no_open_amendments",
    "consensus",
    "consultation_settled",
    "lead_approved",
    "four_eyes",
    "not_frozen",
    "no_open_brackets",
)
EFFECTS = ("take_version", "open_consultation", "approve_version", "close_consultation", "freeze")
OUTCOMES = ("consensus", "blocked", "withdrawn")
ROLES = {  # name: (label, its own "only …" sentence)
    "viewer": ("viewer", "only the viewer can do this"),
    "official": ("official", "only the official can do this"),
    "pen_holder": ("pen-holder", "only the pen-holder can do this"),
    "delegation_lead": ("delegation lead", "only the delegation lead can do this"),
    "admin": ("admin", "only the admin can do this"),
}


@dataclass
class Subject:
    stage: str


@dataclass
class User:
    role: str
    name: str = "Test User"


@dataclass
class Fakes:
    """A registry whose guards pass unless told otherwise, whose effects log calls, with the app's roles."""

    registry: Registry = field(default_factory=Registry)
    reasons: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[str, Context]] = field(default_factory=list)
    overrides: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in GUARDS:
            self.registry.guard(name)(self._guard(name))
        for name in EFFECTS:
            outcomes = OUTCOMES if name == "close_consultation" else ()
            self.registry.effect(name, outcomes=outcomes)(self._effect(name))
        for name, (label, only) in ROLES.items():
            self.registry.role(name, label, only=only)

    def block(self, guard: str, reason: str) -> None:
        """Make ``guard`` fail with ``reason``."""
        self.reasons[guard] = reason

    def replace(self, name: str, fn: Any) -> None:
        """Run ``fn(ctx)`` instead of the fake guard or effect ``name``."""
        self.overrides[name] = fn

    def effects_run(self) -> list[str]:
        """Return the names of the effects run so far, in order."""
        return [name for name, _ in self.calls]

    def _guard(self, name: str):
        def guard(ctx: Context) -> str | None:
            if name in self.overrides:
                return self.overrides[name](ctx)
            return self.reasons.get(name)

        return guard

    def _effect(self, name: str):
        def effect(ctx: Context) -> None:
            if name in self.overrides:
                self.overrides[name](ctx)
            else:
                self.calls.append((name, ctx))

        return effect


@dataclass
class Hooks:
    """Records lock/record calls; ``on_lock`` may meddle with the subject."""

    on_lock: Any = None
    replacement: Any = None
    freeze_refusals: list[str] = field(default_factory=list)
    log: list[tuple] = field(default_factory=list)

    def lock(self, subject: Any) -> Any:
        self.log.append(("lock", subject.stage))
        if self.on_lock:
            self.on_lock(subject)
        return self.replacement

    def record(self, ctx: Context, from_stage: str, to_stage: str) -> None:
        self.log.append(("record", ctx.transition.name, from_stage, to_stage, dict(ctx.args)))

    def may_freeze(self, ctx: Context) -> list[str]:
        self.log.append(("may_freeze", ctx.subject.stage))
        return list(self.freeze_refusals)

    def freeze(self, ctx: Context) -> None:
        self.log.append(("freeze", ctx.subject.stage))


@pytest.fixture
def fakes() -> Fakes:
    return Fakes()


@pytest.fixture
def ipbes(fakes: Fakes):
    return load_workflow(definitions_dir() / "ipbes-position.toml", fakes.registry)


@pytest.fixture
def pen_holder() -> User:
    return User("pen_holder")


@pytest.fixture
def lead() -> User:
    return User("delegation_lead")
