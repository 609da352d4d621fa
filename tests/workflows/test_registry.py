"""The registry of named guards and effects."""

import pytest

from workflows.engine import WorkflowError
from workflows.registry import Registry, default_registry


def test_decorators_register_and_return_the_function():
    registry = Registry()

    @registry.guard("has_clauses")
    def has_clauses(ctx):
        return None

    @registry.effect("freeze")
    def freeze(ctx):
        pass

    assert registry.get_guard("has_clauses") is has_clauses
    assert registry.get_effect("freeze") is freeze
    assert registry.has_guard("has_clauses") and not registry.has_guard("freeze")
    assert registry.has_effect("freeze") and not registry.has_effect("has_clauses")


def test_names_are_sorted():
    registry = Registry()
    for name in ("b", "a"):
        registry.guard(name)(lambda ctx: None)
        registry.effect(name + "_x")(lambda ctx: None)

    assert registry.guard_names() == ["a", "b"]
    assert registry.effect_names() == ["a_x", "b_x"]


def test_a_name_cannot_be_taken_twice():
    registry = Registry()

    def first(ctx):
        return None

    registry.guard("consensus")(first)
    registry.guard("consensus")(first)  # registering the same function again is harmless

    with pytest.raises(ValueError, match="guard 'consensus' is already registered"):
        registry.guard("consensus")(lambda ctx: None)


def test_unknown_names_raise_a_workflow_error():
    registry = Registry()
    registry.effect("freeze")(lambda ctx: None)

    with pytest.raises(WorkflowError, match="no guard named 'consensus'"):
        registry.get_guard("consensus")
    with pytest.raises(WorkflowError, match=r"no effect named 'thaw' \(known: freeze\)"):
        registry.get_effect("thaw")


def test_default_registry_exists():
    assert isinstance(default_registry, Registry)
