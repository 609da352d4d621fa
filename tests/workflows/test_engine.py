"""The engine: what is available, and firing with locks, guards and effects."""

import pytest

from workflows.engine import (
    FiredTransition,
    InvalidArguments,
    Phase,
    TransitionNotAllowed,
    UnknownTransition,
    WorkflowError,
    available,
    fire,
)

from .conftest import Hooks, Subject, User


def test_available_lists_transitions_from_stage_in_definition_order(ipbes, fakes, lead):
    result = available(ipbes, Subject("be_consultation"), lead, fakes.registry)

    assert [(a.name, a.target) for a in result] == [
        ("conclude", "be_agreed"),
        ("revise", "be_draft"),
    ]
    conclude, revise = result
    assert conclude.allowed and conclude.blocked_by == []
    assert conclude.label == "Conclude consultation"
    assert not revise.allowed
    assert revise.blocked_by == ["only the pen-holder can do this"]


def test_available_lists_role_and_every_failing_guard(ipbes, fakes):
    fakes.block("consensus", "Walloon Region has objected to v4")
    fakes.block("four_eyes", "you wrote v4; someone else must conclude")

    [conclude, _] = available(ipbes, Subject("be_consultation"), User("official"), fakes.registry)

    assert not conclude.allowed
    assert conclude.blocked_by == [
        "only the pen-holder or delegation lead can do this",
        "Walloon Region has objected to v4",
        "you wrote v4; someone else must conclude",
    ]


def test_available_evaluates_guards_for_the_right_role_too(ipbes, fakes, pen_holder):
    fakes.block("has_clauses", "the position has no clauses yet")

    [submit] = available(ipbes, Subject("be_draft"), pen_holder, fakes.registry)

    assert submit.blocked_by == ["the position has no clauses yet"]


def test_available_gives_guards_only_the_declared_arguments(ipbes, fakes, pen_holder):
    seen = []
    fakes.replace("has_clauses", lambda ctx: seen.append(ctx.args))

    available(ipbes, Subject("be_draft"), pen_holder, fakes.registry, note="hi", bogus=1)

    assert seen == [{"note": "hi"}]


def test_available_refuses_a_stage_the_workflow_does_not_know(ipbes, fakes, lead):
    with pytest.raises(WorkflowError, match="no state 'limbo'"):
        available(ipbes, Subject("limbo"), lead, fakes.registry)


def test_fire_runs_effects_in_order_moves_and_records(ipbes, fakes, pen_holder):
    subject, hooks = Subject("be_draft"), Hooks()

    fired = fire(
        ipbes,
        subject,
        "submit",
        pen_holder,
        fakes.registry,
        hooks=hooks,
        deadline="2025-03-01",
        note="first round",
    )

    assert fired == FiredTransition("submit", "be_draft", "be_consultation")
    assert subject.stage == "be_consultation"
    assert fakes.effects_run() == ["take_version", "open_consultation"]
    ctx = fakes.calls[0][1]
    assert ctx.subject is subject and ctx.user is pen_holder and ctx.workflow is ipbes
    assert ctx.transition.name == "submit"
    assert ctx.args == {"deadline": "2025-03-01", "note": "first round"}
    assert hooks.log == [
        ("lock", "be_draft"),
        (
            "record",
            "submit",
            "be_draft",
            "be_consultation",
            {"deadline": "2025-03-01", "note": "first round"},
        ),
    ]


def test_effects_run_before_the_stage_changes(ipbes, fakes, pen_holder):
    stages = []
    fakes.replace("take_version", lambda ctx: stages.append(ctx.subject.stage))

    fire(ipbes, Subject("be_draft"), "submit", pen_holder, fakes.registry)

    assert stages == ["be_draft"]


def test_fire_blocked_raises_all_reasons_and_changes_nothing(ipbes, fakes):
    fakes.block("consultation_settled", "2 administrations have not answered; deadline 1 March")
    fakes.block("lead_approved", "the delegation lead has not approved v3")
    subject, hooks = Subject("be_consultation"), Hooks()

    with pytest.raises(TransitionNotAllowed) as caught:
        fire(ipbes, subject, "conclude", User("viewer"), fakes.registry, hooks=hooks)

    assert caught.value.transition == "conclude"
    assert caught.value.reasons == [
        "only the pen-holder or delegation lead can do this",
        "2 administrations have not answered; deadline 1 March",
        "the delegation lead has not approved v3",
    ]
    assert subject.stage == "be_consultation"
    assert fakes.calls == []
    assert [entry[0] for entry in hooks.log] == ["lock"]


def test_fire_refuses_when_the_stage_moved_under_the_lock(ipbes, fakes, lead):
    def someone_else_revised(subject):
        subject.stage = "be_draft"

    subject = Subject("be_consultation")
    hooks = Hooks(on_lock=someone_else_revised)

    with pytest.raises(TransitionNotAllowed) as caught:
        fire(ipbes, subject, "conclude", lead, fakes.registry, hooks=hooks)

    assert caught.value.reasons == ["the stage changed to Belgian draft meanwhile"]
    assert subject.stage == "be_draft"
    assert fakes.calls == []
    assert [entry[0] for entry in hooks.log] == ["lock"]


def test_fire_checks_guards_after_taking_the_lock(ipbes, fakes, lead):
    hooks = Hooks(on_lock=lambda subject: fakes.block("consensus", "BXL-ENV objected"))
    subject = Subject("be_consultation")

    with pytest.raises(TransitionNotAllowed) as caught:
        fire(ipbes, subject, "conclude", lead, fakes.registry, hooks=hooks)

    assert caught.value.reasons == ["BXL-ENV objected"]
    assert subject.stage == "be_consultation"
    assert fakes.calls == []


def test_fire_uses_the_subject_the_lock_returns(ipbes, fakes, lead):
    stale, fresh = Subject("be_consultation"), Subject("be_consultation")

    fire(ipbes, stale, "conclude", lead, fakes.registry, hooks=Hooks(replacement=fresh))

    assert fresh.stage == "be_agreed"
    assert stale.stage == "be_consultation"
    assert fakes.calls[0][1].subject is fresh


def test_fire_unknown_transition(ipbes, fakes, lead):
    with pytest.raises(UnknownTransition, match="no transition 'teleport'"):
        fire(ipbes, Subject("be_draft"), "teleport", lead, fakes.registry)


def test_fire_transition_from_another_stage(ipbes, fakes, lead):
    subject = Subject("be_draft")

    with pytest.raises(TransitionNotAllowed) as caught:
        fire(ipbes, subject, "approve", lead, fakes.registry)

    assert caught.value.reasons == ["cannot approve final brief from Belgian draft"]
    assert subject.stage == "be_draft"


def test_fire_refuses_undeclared_arguments_before_locking(ipbes, fakes, pen_holder):
    subject, hooks = Subject("be_consultation"), Hooks()

    with pytest.raises(InvalidArguments) as caught:
        fire(
            ipbes, subject, "revise", pen_holder, fakes.registry, hooks=hooks, deadline="2025-03-01"
        )

    assert isinstance(caught.value, ValueError)
    assert "'revise' does not accept deadline (it takes note)" in str(caught.value)
    assert subject.stage == "be_consultation"
    assert hooks.log == [] and fakes.calls == []


def test_fire_ignores_arguments_left_empty(ipbes, fakes, pen_holder):
    subject = Subject("be_consultation")

    fire(ipbes, subject, "revise", pen_holder, fakes.registry, deadline=None, note=None)

    assert subject.stage == "be_draft"
    assert fakes.calls[0][1].args == {}


def test_failing_effect_leaves_the_stage_alone(ipbes, fakes, pen_holder):
    def broken(ctx):
        raise RuntimeError("disk full")

    fakes.replace("open_consultation", broken)
    subject, hooks = Subject("be_draft"), Hooks()

    with pytest.raises(RuntimeError):
        fire(ipbes, subject, "submit", pen_holder, fakes.registry, hooks=hooks)

    assert subject.stage == "be_draft"
    assert [entry[0] for entry in hooks.log] == ["lock"]


def test_user_without_a_role_is_blocked(ipbes, fakes):
    [submit] = available(ipbes, Subject("be_draft"), None, fakes.registry)

    assert submit.blocked_by == ["only the pen-holder can do this"]


def test_workflow_helpers(ipbes):
    assert ipbes.state("eu_draft").phase == "eu"
    assert ipbes.phase_of("eu_draft") == Phase("eu", "EU coordination", "eu", ("eu", "belgian"))
    assert ipbes.phase_of("eu_draft").consulted_audiences == ("eu", "belgian")
    assert ipbes.phase_of("be_draft").consulted_audiences == ("belgian",)
    assert ipbes.stages_for("eu") == ["eu_draft", "eu_consultation", "eu_agreed"]
    assert ipbes.stages_for("delegation") == ["brief_draft", "brief_review", "final", "archived"]
    assert [t.name for t in ipbes.transitions_from("brief_review")] == ["revise", "approve"]
    assert ipbes.transition("submit", "eu_draft").target == "eu_consultation"
    assert ipbes.transition("submit", "final") is None
    assert ipbes.is_frozen("final") and not ipbes.is_frozen("brief_review")
    with pytest.raises(WorkflowError):
        ipbes.state("nowhere")


def test_entering_a_frozen_state_is_checked_and_frozen_by_the_hooks(ipbes, fakes, lead):
    subject, hooks = Subject("brief_review"), Hooks()

    fire(ipbes, subject, "approve", lead, fakes.registry, hooks=hooks)

    assert [entry[0] for entry in hooks.log] == ["lock", "may_freeze", "freeze", "record"]
    assert subject.stage == "final"


def test_entering_a_frozen_state_is_refused_when_the_hooks_say_so_whatever_the_guards(ipbes, fakes, lead):
    subject = Subject("brief_review")
    hooks = Hooks(freeze_refusals=["the text has changed since v3"])

    with pytest.raises(TransitionNotAllowed) as refused:
        fire(ipbes, subject, "approve", lead, fakes.registry, hooks=hooks)

    assert refused.value.reasons == ["the text has changed since v3"]
    assert subject.stage == "brief_review" and fakes.effects_run() == []


def test_moving_between_frozen_states_needs_no_new_check(ipbes, fakes, lead):
    subject, hooks = Subject("final"), Hooks(freeze_refusals=["never asked"])

    fire(ipbes, subject, "archive", lead, fakes.registry, hooks=hooks)

    assert subject.stage == "archived" and "may_freeze" not in [entry[0] for entry in hooks.log]


def test_warnings_are_shown_and_returned_but_never_block(ipbes, fakes, lead):
    fakes.block("no_open_brackets", "2 square-bracketed passages are still open, in clause 1.2")
    subject = Subject("brief_review")

    approve = next(a for a in available(ipbes, subject, lead, fakes.registry) if a.name == "approve")
    assert approve.allowed and approve.blocked_by == []
    assert approve.warnings == ["2 square-bracketed passages are still open, in clause 1.2"]
    fired = fire(ipbes, subject, "approve", lead, fakes.registry)
    assert subject.stage == "final" and fired.warnings == ("2 square-bracketed passages are still open, in clause 1.2",)
