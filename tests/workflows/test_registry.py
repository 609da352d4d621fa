"""The registry of named guards and effects."""

import pytest

from workflows.engine import WorkflowError
from workflows.registry import Registry, Role, default_registry


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


def test_roles_keep_their_words_and_order():
    registry = Registry()
    registry.role("pen_holder", "pen-holder", only="only the pen-holder can do this")
    registry.role("chair", "chair")
    registry.role("chair", "chair")  # declaring the same role again is harmless

    assert registry.role_names() == ["pen_holder", "chair"]
    assert registry.get_role("chair") == Role("chair", "chair", None)
    assert registry.get_role("nobody") is None
    with pytest.raises(ValueError, match="role 'chair' is already declared as 'chair'"):
        registry.role("chair", "president")


def test_an_effect_may_ask_for_an_outcome():
    registry = Registry()
    registry.effect("close_consultation", outcomes=("consensus", "withdrawn"))(lambda ctx: None)
    registry.effect("freeze")(lambda ctx: None)

    assert registry.outcomes_of("close_consultation") == ("consensus", "withdrawn")
    assert registry.outcomes_of("freeze") == ()
