"""The engine is framework-free and imports nothing of ours; the application gives it roles and words."""

import ast
from pathlib import Path

import pytest

from workflows.engine import available
from workflows.messages import Label, LowerLabel, Msg

from .conftest import Subject, User

ENGINE_MODULES = ("engine.py", "loader.py", "registry.py", "messages.py")
WORKFLOWS = Path(__file__).resolve().parents[2] / "workflows"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_the_engine_imports_nothing_of_ours_nor_flask(module):
    ours = {"app", "positions", "exports", "workflows", "flask", "sqlalchemy"}
    assert {name for name in imported_modules(WORKFLOWS / module) if name.split(".")[0] in ours} == set()


def test_role_words_come_from_the_registry(ipbes, fakes):
    conclude = ipbes.transition("conclude", "be_consultation")
    fakes.registry.role("chair", "chair of the session")
    chaired = type(conclude)("conclude", "Conclude", "be_consultation", "be_agreed", frozenset({"chair", "pen_holder"}))
    workflow = type(ipbes)(ipbes.key, ipbes.label, ipbes.states, [chaired], ipbes.initial, phases=ipbes.phases)

    [step] = available(workflow, Subject("be_consultation"), User("viewer"), fakes.registry)

    assert step.blocked_by == ["only the pen-holder or chair of the session can do this"]
    assert step.blocked_by[0].template == "only the %(who)s can do this"
    assert step.blocked_by[0].params["who"].template == "%(first)s or %(last)s"


def test_engine_messages_keep_their_template_for_translation():
    message = Msg("cannot %(step)s from %(stage)s", step=LowerLabel("Approve final brief"), stage=Label("Belgian draft"))

    assert message == "cannot approve final brief from Belgian draft"
    assert message.template == "cannot %(step)s from %(stage)s"
    assert message.params["step"].source == "Approve final brief"
    assert Msg("nobody can do this").params == {}
