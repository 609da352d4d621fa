"""Loading definitions: every mistake names the file, the key and the line."""

import pytest

from workflows.engine import DefinitionError
from workflows.loader import load_all, load_workflow

VALID = """\
key = "mini"
label = "Mini"
initial = "draft"
frozen = ["done"]

[args]
note = "Note"

[phases.drafting]
label = "Drafting"
audience = "belgian"

[states.draft]
label = "Draft"
phase = "drafting"

[states.done]
label = "Done"
phase = "drafting"

[[transitions]]
name = "finish"
label = "Finish"
from = "draft"
to = "done"
roles = ["pen_holder"]
guards = ["has_clauses"]
effects = ["freeze"]
args = ["note"]
"""

EXTRA_TRANSITION = """
[[transitions]]
name = "{name}"
label = "Again"
from = "{source}"
to = "{target}"
roles = ["pen_holder"]
"""


def line_of(text: str, snippet: str, occurrence: int = 1) -> int:
    """Return the 1-based line of the n-th line containing ``snippet``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if snippet in line]
    return hits[occurrence - 1]


def broken(tmp_path, fakes, text: str) -> DefinitionError:
    """Load ``text`` as mini.toml and return the DefinitionError it raises."""
    path = tmp_path / "mini.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_workflow(path, fakes.registry)
    error = caught.value
    assert error.file == str(path)
    assert str(path) in str(error)
    if error.key:
        assert error.key in str(error)
    if error.line:
        assert f"mini.toml:{error.line}:" in str(error)
    return error


def test_valid_definition_loads(tmp_path, fakes):
    path = tmp_path / "mini.toml"
    path.write_text(VALID, encoding="utf-8")

    workflow = load_workflow(path, fakes.registry)

    assert workflow.key == "mini"
    assert workflow.args == {"note": "Note"}
    [finish] = workflow.transitions
    assert (finish.source, finish.target, finish.roles) == ("draft", "done", {"pen_holder"})


def test_toml_syntax_error_keeps_line_and_column(tmp_path, fakes):
    error = broken(tmp_path, fakes, VALID.replace('label = "Mini"', 'label = "Mini'))

    assert error.line == 2
    assert error.key == "label"
    assert "invalid TOML" in str(error) and "line 2, column" in str(error)


def test_missing_top_level_field(tmp_path, fakes):
    error = broken(tmp_path, fakes, VALID.replace('initial = "draft"\n', ""))

    assert error.key == "initial"
    assert "missing required field 'initial'" in str(error)


def test_missing_state_label(tmp_path, fakes):
    text = VALID.replace('label = "Done"\n', "")
    error = broken(tmp_path, fakes, text)

    assert error.key == "states.done"
    assert error.line == line_of(text, "[states.done]")
    assert "missing required field 'label'" in str(error)


def test_missing_transition_field(tmp_path, fakes):
    text = VALID.replace('to = "done"\n', "")
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0]"
    assert error.line == line_of(text, "[[transitions]]")
    assert "missing required field 'to'" in str(error)


def test_unknown_target_state(tmp_path, fakes):
    text = VALID.replace('to = "done"', 'to = "dome"')
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].to"
    assert error.line == line_of(text, 'to = "dome"')
    assert "'finish': unknown state 'dome' (did you mean 'done'?)" in str(error)


def test_unknown_source_state(tmp_path, fakes):
    text = VALID.replace('from = "draft"', 'from = "nowhere"')
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].from"
    assert error.line == line_of(text, 'from = "nowhere"')


def test_unknown_initial_state(tmp_path, fakes):
    text = VALID.replace('initial = "draft"', 'initial = "drfat"')
    error = broken(tmp_path, fakes, text)

    assert error.key == "initial"
    assert error.line == 3
    assert "unknown state 'drfat' (did you mean 'draft'?)" in str(error)


def test_unknown_frozen_state(tmp_path, fakes):
    error = broken(tmp_path, fakes, VALID.replace('frozen = ["done"]', 'frozen = ["gone"]'))

    assert (error.key, error.line) == ("frozen", 4)


def test_unreachable_state(tmp_path, fakes):
    text = VALID.replace("[[transitions]]", '[states.orphan]\nlabel = "Orphan"\nphase = "drafting"\n\n[[transitions]]')
    error = broken(tmp_path, fakes, text)

    assert error.key == "states.orphan"
    assert error.line == line_of(text, "[states.orphan]")
    assert "unreachable from the initial state 'draft'" in str(error)


def test_unknown_guard(tmp_path, fakes):
    text = VALID.replace('guards = ["has_clauses"]', 'guards = ["has_clause"]')
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].guards"
    assert error.line == line_of(text, "guards =")
    assert "unknown guard 'has_clause' (did you mean 'has_clauses'?)" in str(error)


def test_unknown_effect(tmp_path, fakes):
    text = VALID.replace('effects = ["freeze"]', 'effects = ["thaw"]')
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].effects"
    assert error.line == line_of(text, "effects =")
    assert "unknown effect 'thaw'" in str(error)


def test_transition_without_roles(tmp_path, fakes):
    text = VALID.replace('roles = ["pen_holder"]', "roles = []")
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].roles"
    assert error.line == line_of(text, "roles =")
    assert "needs at least one role" in str(error)


def test_transition_missing_roles_field(tmp_path, fakes):
    error = broken(tmp_path, fakes, VALID.replace('roles = ["pen_holder"]\n', ""))

    assert error.key == "transitions[0]"
    assert "missing required field 'roles'" in str(error)


def test_unknown_role(tmp_path, fakes):
    text = VALID.replace('roles = ["pen_holder"]', 'roles = ["pen_holder", "chair"]')
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].roles"
    assert error.line == line_of(text, "roles =")
    assert "unknown role 'chair'" in str(error)


def test_duplicate_transition_from_the_same_source(tmp_path, fakes):
    text = VALID + EXTRA_TRANSITION.format(name="finish", source="draft", target="done")
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[1].name"
    assert error.line == line_of(text, 'name = "finish"', occurrence=2)
    assert "'finish' from 'draft' is already defined at transitions[0]" in str(error)


def test_same_transition_name_from_different_sources_is_fine(tmp_path, fakes):
    path = tmp_path / "mini.toml"
    path.write_text(VALID + EXTRA_TRANSITION.format(name="finish", source="done", target="done"))

    workflow = load_workflow(path, fakes.registry)

    assert [(t.name, t.source) for t in workflow.transitions] == [
        ("finish", "draft"),
        ("finish", "done"),
    ]


def test_undeclared_argument(tmp_path, fakes):
    text = VALID.replace('args = ["note"]', 'args = ["note", "deadline"]')
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].args"
    assert error.line == line_of(text, "args = [")
    assert "unknown argument 'deadline' (declare it under [args])" in str(error)


def test_misspelt_field_is_not_silently_ignored(tmp_path, fakes):
    text = VALID.replace("guards =", "gaurds =")
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].gaurds"
    assert error.line == line_of(text, "gaurds =")
    assert "did you mean 'guards'?" in str(error)


def test_wrong_type(tmp_path, fakes):
    text = VALID.replace('roles = ["pen_holder"]', 'roles = "pen_holder"')
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].roles"
    assert "must be a list of strings" in str(error)


def test_transition_name_must_fit_in_a_url(tmp_path, fakes):
    error = broken(tmp_path, fakes, VALID.replace('name = "finish"', 'name = "Finish now"'))

    assert error.key == "transitions[0].name"


def test_load_all_refuses_two_files_with_one_key(tmp_path, fakes):
    (tmp_path / "a.toml").write_text(VALID)
    (tmp_path / "b.toml").write_text(VALID)

    with pytest.raises(DefinitionError) as caught:
        load_all(tmp_path, fakes.registry)

    assert caught.value.file == str(tmp_path / "b.toml")
    assert caught.value.key == "key" and caught.value.line == 1
    assert "'mini' is already defined in" in str(caught.value)


def test_load_all_of_an_empty_directory(tmp_path, fakes):
    assert load_all(tmp_path, fakes.registry) == {}


def test_a_final_text_cannot_go_back_to_drafting(tmp_path, fakes):
    text = VALID + EXTRA_TRANSITION.format(name="reopen", source="done", target="draft")
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[1].to"
    assert error.line == line_of(text, 'to = "draft"')
    assert "leads from the frozen state 'done' to 'draft', which is not frozen" in str(error)


def test_warnings_name_guards_that_only_warn(tmp_path, fakes):
    path = tmp_path / "mini.toml"
    path.write_text(VALID.replace('guards = ["has_clauses"]', 'guards = ["has_clauses"]\nwarnings = ["no_open_brackets"]'), encoding="utf-8")
    finish = load_workflow(path, fakes.registry).transition("finish", "draft")
    assert (finish.guards, finish.warnings) == (("has_clauses",), ("no_open_brackets",))


def test_unknown_warning(tmp_path, fakes):
    text = VALID.replace('guards = ["has_clauses"]', 'guards = ["has_clauses"]\nwarnings = ["no_brackets"]')
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].warnings"
    assert error.line == line_of(text, "warnings =")
    assert "unknown guard 'no_brackets' (did you mean 'no_open_brackets'?) (warnings name guards that only warn)" in str(error)


def test_a_guard_cannot_both_block_and_warn(tmp_path, fakes):
    text = VALID.replace('guards = ["has_clauses"]', 'guards = ["has_clauses"]\nwarnings = ["has_clauses"]')
    error = broken(tmp_path, fakes, text)

    assert error.key == "transitions[0].warnings"
    assert "'has_clauses' is listed in both guards (blocking) and warnings" in str(error)


def test_automatic_at_deadline_is_read_and_checked(tmp_path, fakes):
    path = tmp_path / "mini.toml"
    path.write_text(VALID.replace('args = ["note"]', 'args = ["note"]\nautomatic_at_deadline = true'), encoding="utf-8")
    workflow = load_workflow(path, fakes.registry)
    assert workflow.deadline_transition("draft").name == "finish" and workflow.deadline_transition("done") is None

    error = broken(tmp_path, fakes, VALID.replace('args = ["note"]', 'args = ["note"]\nautomatic_at_deadline = "yes"'))
    assert error.key == "transitions[0].automatic_at_deadline" and "must be true or false" in str(error)

    twice = (VALID.replace('args = ["note"]', 'args = ["note"]\nautomatic_at_deadline = true')
             + EXTRA_TRANSITION.format(name="again", source="draft", target="done") + "automatic_at_deadline = true\n")
    error = broken(tmp_path, fakes, twice)
    assert "'finish' is already taken at the deadline from 'draft'" in str(error)
