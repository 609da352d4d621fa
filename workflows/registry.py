"""Named guards and effects that workflow definitions refer to."""

from __future__ import annotations

from collections.abc import Callable

from .engine import Context, WorkflowError

Guard = Callable[[Context], str | None]
Effect = Callable[[Context], None]


class Registry:
    """Guards (``fn(ctx) -> str | None``) and effects (``fn(ctx) -> None``) by name."""

    def __init__(self) -> None:
        self._guards: dict[str, Guard] = {}
        self._effects: dict[str, Effect] = {}

    def guard(self, name: str) -> Callable[[Guard], Guard]:
        """Register the decorated function as the guard ``name``."""

        def register(fn: Guard) -> Guard:
            _add(self._guards, "guard", name, fn)
            return fn

        return register

    def effect(self, name: str) -> Callable[[Effect], Effect]:
        """Register the decorated function as the effect ``name``."""

        def register(fn: Effect) -> Effect:
            _add(self._effects, "effect", name, fn)
            return fn

        return register

    def get_guard(self, name: str) -> Guard:
        """Return the guard ``name``; raise WorkflowError if unknown."""
        return _get(self._guards, "guard", name)

    def get_effect(self, name: str) -> Effect:
        """Return the effect ``name``; raise WorkflowError if unknown."""
        return _get(self._effects, "effect", name)

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
