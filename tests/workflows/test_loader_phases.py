"""Phases with their audiences, consultation outcomes and roles come from the definition; mistakes name file, key and line."""

import pytest

from workflows.engine import AUDIENCES, DefinitionError, Phase
from workflows.loader import load_all, load_workflow

from .test_loader import VALID, broken, line_of

CONSULTED = VALID.replace('effects = ["freeze"]', 'effects = ["close_consultation", "freeze"]\noutcome = "consensus"')


def test_phases_keep_their_label_audience_and_order(tmp_path, fakes):
    text = VALID.replace("[states.draft]", '[phases.eu]\nlabel = "EU coordination"\naudience = "eu"\n\n[states.draft]')
    path = tmp_path / "mini.toml"
    path.write_text(text.replace('label = "Done"\nphase = "drafting"', 'label = "Done"\nphase = "eu"'))

    workflow = load_workflow(path, fakes.registry)

    assert list(workflow.phases.values()) == [Phase("drafting", "Drafting", "belgian"), Phase("eu", "EU coordination", "eu")]
    assert workflow.phase_of("done").label == "EU coordination"
    assert workflow.stages_for("eu") == ["done"] and workflow.stages_for("delegation") == []


def test_the_audiences_are_the_documented_ones():
    assert AUDIENCES == ("belgian", "eu", "delegation")


def test_unknown_audience(tmp_path, fakes):
    text = VALID.replace('audience = "belgian"', 'audience = "belgium"')
    error = broken(tmp_path, fakes, text)

    assert error.key == "phases.drafting.audience"
    assert error.line == line_of(text, 'audience = "belgium"')
    assert "unknown audience 'belgium' (did you mean 'belgian'?) (expected one of belgian, eu, delegation)" in str(error)


def test_phase_without_audience(tmp_path, fakes):
    text = VALID.replace('audience = "belgian"\n', "")
    error = broken(tmp_path, fakes, text)

    assert (error.key, error.line) == ("phases.drafting", line_of(text, "[phases.drafting]"))
    assert "missing required field 'audience'" in str(error)


def test_unknown_phase_of_a_state(tmp_path, fakes):
    text = VALID.replace('label = "Done"\nphase = "drafting"', 'label = "Done"\nphase = "Drafting"')
    error = broken(tmp_path, fakes, text)

    assert error.key == "states.done.phase"
    assert error.line == line_of(text, 'phase = "Drafting"')
    assert "unknown phase 'Drafting' (did you mean 'drafting'?) (declare it under [phases.Drafting])" in str(error)


def test_every_state_names_its_phase(tmp_path, fakes):
    text = VALID.replace('label = "Done"\nphase = "drafting"', 'label = "Done"')
    error = broken(tmp_path, fakes, text)

    assert (error.key, error.line) == ("states.done", line_of(text, "[states.done]"))
    assert "missing required field 'phase'" in str(error)


def test_a_definition_without_phases(tmp_path, fakes):
    error = broken(tmp_path, fakes, VALID.replace('[phases.drafting]\nlabel = "Drafting"\naudience = "belgian"\n', ""))

    assert error.key == "phases" and "missing required field 'phases'" in str(error)


def test_a_phase_no_state_is_in(tmp_path, fakes):
    text = VALID.replace("[states.draft]", '[phases.brief]\nlabel = "Brief"\naudience = "delegation"\n\n[states.draft]')
    error = broken(tmp_path, fakes, text)

    assert (error.key, error.line) == ("phases.brief", line_of(text, "[phases.brief]"))
    assert "no state is in this phase" in str(error)


def test_a_transition_closing_a_consultation_declares_its_outcome(tmp_path, fakes):
    path = tmp_path / "mini.toml"
    path.write_text(CONSULTED)

    [finish] = load_workflow(path, fakes.registry).transitions

    assert finish.outcome == "consensus"


def test_closing_a_consultation_without_an_outcome(tmp_path, fakes):
    text = CONSULTED.replace('outcome = "consensus"\n', "")
    error = broken(tmp_path, fakes, text)

    assert (error.key, error.line) == ("transitions[0].outcome", line_of(text, "[[transitions]]"))
    assert "'finish': missing required field 'outcome' (one of consensus, blocked, withdrawn)" in str(error)


def test_unknown_outcome(tmp_path, fakes):
    text = CONSULTED.replace('outcome = "consensus"', 'outcome = "consent"')
    error = broken(tmp_path, fakes, text)

    assert (error.key, error.line) == ("transitions[0].outcome", line_of(text, 'outcome = "consent"'))
    assert "unknown outcome 'consent' (did you mean 'consensus'?)" in str(error)


def test_an_outcome_no_effect_uses(tmp_path, fakes):
    text = VALID.replace('effects = ["freeze"]', 'effects = ["freeze"]\noutcome = "consensus"')
    error = broken(tmp_path, fakes, text)

    assert (error.key, error.line) == ("transitions[0].outcome", line_of(text, "outcome ="))
    assert "none of its effects uses an outcome (only close_consultation do)" in str(error)


def test_roles_are_the_ones_the_registry_declares(tmp_path, fakes):
    fakes.registry.role("chair", "chair")
    path = tmp_path / "mini.toml"
    path.write_text(VALID.replace('roles = ["pen_holder"]', 'roles = ["chair"]'))

    [finish] = load_workflow(path, fakes.registry).transitions

    assert finish.roles == {"chair"}


def test_one_key_in_two_folders_is_refused(tmp_path, fakes):
    first, second = tmp_path / "shipped", tmp_path / "extra"
    first.mkdir(), second.mkdir()
    (first / "mini.toml").write_text(VALID)
    (second / "copy.toml").write_text(VALID)

    with pytest.raises(DefinitionError) as caught:
        load_all([first, second], fakes.registry)

    assert (caught.value.file, caught.value.key, caught.value.line) == (str(second / "copy.toml"), "key", 1)
    assert f"'mini' is already defined in {first / 'mini.toml'}" in str(caught.value)


def test_folders_load_in_order(tmp_path, fakes):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    (first / "z.toml").write_text(VALID.replace('key = "mini"', 'key = "zed"'))
    (second / "a.toml").write_text(VALID)

    assert list(load_all([first, second], fakes.registry)) == ["zed", "mini"]


def test_a_phase_may_list_whom_its_consultations_ask(tmp_path, fakes):
    text = VALID.replace('audience = "belgian"', 'audience = "eu"\nconsults = ["eu", "belgian", "eu"]')
    path = tmp_path / "mini.toml"
    path.write_text(text)

    phase = load_workflow(path, fakes.registry).phases["drafting"]

    assert phase.consults == ("eu", "belgian") and phase.consulted_audiences == ("eu", "belgian")
    assert Phase("x", "X", "eu").consulted_audiences == ("eu",)


def test_unknown_audience_to_consult(tmp_path, fakes):
    text = VALID.replace('audience = "belgian"', 'audience = "eu"\nconsults = ["eu", "belgain"]')
    error = broken(tmp_path, fakes, text)

    assert error.key == "phases.drafting.consults"
    assert error.line == line_of(text, 'consults = ["eu", "belgain"]')
    assert "unknown audience 'belgain' (did you mean 'belgian'?)" in str(error)
