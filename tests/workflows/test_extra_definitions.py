"""Two more processes written only as TOML (tests/workflows/definitions): they load and run on the engine alone."""

from pathlib import Path

from workflows.engine import available, fire
from workflows.loader import load_all

from .conftest import Subject, User

DEFINITIONS = Path(__file__).resolve().parent / "definitions"


def test_the_cbd_cop_definition_runs_from_national_draft_to_archived(fakes):
    cop = load_all(DEFINITIONS, fakes.registry)["cbd-cop"]
    pen_holder, lead = User("pen_holder"), User("delegation_lead")
    subject = Subject(cop.initial)

    for name, user in [("submit", pen_holder), ("withdraw", pen_holder), ("submit", pen_holder), ("agree", lead),
                       ("prepare_brief", pen_holder), ("adopt", lead), ("archive", pen_holder)]:
        fire(cop, subject, name, user, fakes.registry)

    assert subject.stage == "archived" and cop.frozen_states == {"final", "archived"}
    assert [(p.label, p.audience) for p in cop.phases.values()] == [
        ("National position", "belgian"), ("EU coordination for the COP", "eu"), ("COP brief", "delegation")]
    assert cop.stages_for("eu") == ["eu_coordination"]
    assert [(t.name, t.outcome) for t in cop.transitions if t.outcome] == [("withdraw", "withdrawn"), ("agree", "consensus")]
    assert fakes.effects_run() == ["take_version", "open_consultation", "close_consultation", "take_version",
                                   "open_consultation", "close_consultation", "take_version", "freeze"]


def test_the_domestic_review_is_three_states_in_one_belgian_phase(fakes):
    review = load_all(DEFINITIONS, fakes.registry)["domestic-review"]

    assert (review.initial, list(review.states), review.frozen_states) == ("draft", ["draft", "review", "approved"], {"approved"})
    assert {review.phase_of(stage).audience for stage in review.states} == {"belgian"}
    [send] = available(review, Subject("draft"), User("official"), fakes.registry)
    assert (send.name, send.allowed, send.blocked_by) == ("send", False, ["only the pen-holder can do this"])
