"""What workflow definitions may name: guards, effects and roles, registered by the application."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .engine import Context, WorkflowError

Guard = Callable[[Context], str | None]
Effect = Callable[[Context], None]


@dataclass(frozen=True)
class Role:
    """A role a transition may be restricted to, with the words that name it."""

    name: str
    label: str
    only: str | None = None  # "only the pen-holder can do this", where a language needs its own sentence


class Registry:
    """Guards (``fn(ctx) -> str | None``), effects (``fn(ctx) -> None``) and roles by name."""

    def __init__(self) -> None:
        self._guards: dict[str, Guard] = {}
        self._effects: dict[str, Effect] = {}
        self._outcomes: dict[str, tuple[str, ...]] = {}
        self._roles: dict[str, Role] = {}

    def guard(self, name: str) -> Callable[[Guard], Guard]:
        """Register the decorated function as the guard ``name``."""

        def register(fn: Guard) -> Guard:
            _add(self._guards, "guard", name, fn)
            return fn

        return register

    def effect(self, name: str, *, outcomes: tuple[str, ...] = ()) -> Callable[[Effect], Effect]:
        """Register the decorated function as the effect ``name``; with ``outcomes``, transitions naming it
        must declare ``outcome = "<one of them>"``."""

        def register(fn: Effect) -> Effect:
            _add(self._effects, "effect", name, fn)
            if outcomes:
                self._outcomes[name] = tuple(outcomes)
            return fn

        return register

    def role(self, name: str, label: str, *, only: str | None = None) -> Role:
        """Declare the role ``name``, shown as ``label``; ``only`` is its own "only the … can do this"."""
        role = Role(name, label, only)
        existing = self._roles.get(name)
        if existing is not None and existing != role:
            raise ValueError(f"role {name!r} is already declared as {existing.label!r}")
        self._roles[name] = role
        return role

    def get_guard(self, name: str) -> Guard:
        """Return the guard ``name``; raise WorkflowError if unknown."""
        return _get(self._guards, "guard", name)

    def get_effect(self, name: str) -> Effect:
        """Return the effect ``name``; raise WorkflowError if unknown."""
        return _get(self._effects, "effect", name)

    def get_role(self, name: str) -> Role | None:
        """Return the role ``name``, or None if it was never declared."""
        return self._roles.get(name)

    def has_guard(self, name: str) -> bool:
        """Tell whether a guard called ``name`` is registered."""
        return name in self._guards

    def has_effect(self, name: str) -> bool:
        """Tell whether an effect called ``name`` is registered."""
        return name in self._effects

    def guard_names(self) -> list[str]:
        """Return the registered guard names, sorted."""
        return sorted(self._guards)

    def effect_names(self) -> list[str]:
        """Return the registered effect names, sorted."""
        return sorted(self._effects)

    def role_names(self) -> list[str]:
        """Return the declared role names, in the order they were declared."""
        return list(self._roles)

    def outcomes_of(self, effect: str) -> tuple[str, ...]:
        """Return the outcomes a transition running ``effect`` must choose from (empty: it needs none)."""
        return self._outcomes.get(effect, ())


def _add(table: dict[str, Callable], kind: str, name: str, fn: Callable) -> None:
    """Add ``fn`` under ``name``, refusing to silently replace another function."""
    existing = table.get(name)
    if existing is not None and existing is not fn:
        raise ValueError(f"{kind} {name!r} is already registered ({existing.__qualname__})")
    table[name] = fn


def _get(table: dict[str, Callable], kind: str, name: str) -> Callable:
    """Look ``name`` up or raise a WorkflowError naming what is known."""
    try:
        return table[name]
    except KeyError:
        known = ", ".join(sorted(table)) or "none"
        raise WorkflowError(f"no {kind} named {name!r} (known: {known})") from None


default_registry = Registry()
