"""The shipped workflow definitions."""

import pytest

from workflows.engine import available, fire
from workflows.loader import definitions_dir, load_all

from .conftest import EFFECTS, GUARDS, Subject, User


def test_both_shipped_definitions_load(fakes):
    workflows = load_all(definitions_dir(), fakes.registry)

    assert sorted(workflows) == ["ipbes-position", "simple-review"]
    assert workflows["ipbes-position"].label == "IPBES position"
    assert workflows["simple-review"].initial == "draft"


def test_ipbes_states_and_phases(ipbes):
    phases = {key: ipbes.phase_of(key).label for key in ipbes.states}

    assert phases == {
        "be_draft": "Belgian position",
        "be_consultation": "Belgian position",
        "be_agreed": "Belgian position",
        "eu_draft": "EU coordination",
        "eu_consultation": "EU coordination",
        "eu_agreed": "EU coordination",
        "brief_draft": "Plenary brief",
        "brief_review": "Plenary brief",
        "final": "Plenary brief",
        "archived": "Plenary brief",
    }
    assert ipbes.initial == "be_draft"
    assert ipbes.frozen_states == {"final", "archived"}
    assert {p.key: p.audience for p in ipbes.phases.values()} == {"be": "belgian", "eu": "eu", "brief": "delegation"}


def test_ipbes_transitions_follow_the_design(ipbes):
    edges = {(t.source, t.name, t.target) for t in ipbes.transitions}

    assert edges == {
        ("be_draft", "submit", "be_consultation"),
        ("be_consultation", "conclude", "be_agreed"),
        ("be_consultation", "revise", "be_draft"),
        ("be_agreed", "start_eu", "eu_draft"),
        ("eu_draft", "submit", "eu_consultation"),
        ("eu_consultation", "conclude", "eu_agreed"),
        ("eu_consultation", "revise", "eu_draft"),
        ("eu_agreed", "start_brief", "brief_draft"),
        ("brief_draft", "submit", "brief_review"),
        ("brief_review", "approve", "final"),
        ("brief_review", "revise", "brief_draft"),
        ("final", "archive", "archived"),
    }


@pytest.mark.parametrize("source", ["be_draft", "eu_draft", "brief_draft"])
def test_ipbes_submit(ipbes, source):
    submit = ipbes.transition("submit", source)

    assert submit.roles == {"pen_holder"}
    assert submit.guards == ("has_clauses", "no_open_amendments")
    assert submit.effects == ("take_version", "open_consultation")
    assert submit.args == ("deadline", "note")


@pytest.mark.parametrize("source", ["be_consultation", "eu_consultation"])
def test_ipbes_conclude(ipbes, source):
    conclude = ipbes.transition("conclude", source)

    assert conclude.roles == {"pen_holder", "delegation_lead"}
    assert conclude.guards == ("consultation_settled", "consensus", "lead_approved", "four_eyes")
    assert conclude.effects == ("close_consultation",)


def test_ipbes_approve_and_archive(ipbes):
    approve = ipbes.transition("approve", "brief_review")
    archive = ipbes.transition("archive", "final")

    assert approve.roles == {"delegation_lead"}
    assert approve.guards == ("no_open_amendments", "lead_approved", "four_eyes")
    assert approve.effects == ("approve_version", "close_consultation", "freeze")  # one step: the lead approves and freezes
    assert archive.roles == {"pen_holder", "delegation_lead"}


@pytest.mark.parametrize("source", ["be_consultation", "eu_consultation", "brief_review"])
def test_ipbes_revise_closes_the_round(ipbes, source):
    revise = ipbes.transition("revise", source)

    assert revise.roles == {"pen_holder"}
    assert revise.effects == ("close_consultation",)
    assert revise.args == ("note",)


def test_definitions_use_only_the_documented_names(fakes):
    for workflow in load_all(definitions_dir(), fakes.registry).values():
        for t in workflow.transitions:
            assert set(t.guards) <= set(GUARDS)
            assert set(t.effects) <= set(EFFECTS)


def test_ipbes_runs_from_belgian_draft_to_archived(ipbes, fakes):
    pen_holder, lead = User("pen_holder"), User("delegation_lead")
    steps = [
        ("submit", pen_holder, {"deadline": "2025-03-01"}),
        ("revise", pen_holder, {"note": "Walloon remarks"}),
        ("submit", pen_holder, {"deadline": "2025-03-15"}),
        ("conclude", lead, {}),
        ("start_eu", pen_holder, {}),
        ("submit", pen_holder, {}),
        ("conclude", lead, {}),
        ("start_brief", pen_holder, {}),
        ("submit", pen_holder, {}),
        ("approve", lead, {"note": "good to go"}),
        ("archive", pen_holder, {}),
    ]
    subject = Subject(ipbes.initial)
    visited = [subject.stage]

    for name, user, args in steps:
        assert name in [
            a.name for a in available(ipbes, subject, user, fakes.registry) if a.allowed
        ]
        fire(ipbes, subject, name, user, fakes.registry, **args)
        visited.append(subject.stage)

    assert visited == [
        "be_draft",
        "be_consultation",
        "be_draft",
        "be_consultation",
        "be_agreed",
        "eu_draft",
        "eu_consultation",
        "eu_agreed",
        "brief_draft",
        "brief_review",
        "final",
        "archived",
    ]
    assert fakes.effects_run().count("take_version") == 4
    assert fakes.effects_run()[-3:] == ["approve_version", "close_consultation", "freeze"]
    assert available(ipbes, subject, lead, fakes.registry) == []


def test_simple_review_cycle(fakes):
    workflow = load_all(definitions_dir(), fakes.registry)["simple-review"]
    subject = Subject("draft")

    fire(workflow, subject, "submit", User("pen_holder"), fakes.registry)
    fire(workflow, subject, "revise", User("pen_holder"), fakes.registry, note="more work")
    fire(workflow, subject, "submit", User("pen_holder"), fakes.registry)
    fire(workflow, subject, "approve", User("delegation_lead"), fakes.registry)

    assert subject.stage == "approved"
    assert workflow.frozen_states == {"approved"}
    assert fakes.effects_run() == ["take_version", "take_version", "approve_version", "freeze"]
