"""`plenipo library`: list, show, add and import as a named user, with the web's permission checks and the API's shapes;
every bad input one line and exit status 2."""

from __future__ import annotations

import json

import pytest

from positions.models import LibraryEntry
from positions.services import library
from tests import factories
from tests.helpers import bearer
from tests.library.test_library_import import decision_docx


def add(runner, *extra):
    return runner.invoke(args=["library", "add", "--text", "Welcomes the nexus assessment;", "--source-meeting", "IPBES-11",
                               "--symbol", "IPBES-11/1", "--paragraph", "3", "--status", "adopted_plenary", "--date",
                               "2024-12-16", "--tag", "nexus", "--tag", "assessments, EU", *extra])


def test_add_then_list_and_show_answer_as_the_api_does(runner, client, session, people):
    added = add(runner, "--as", people.lead.email)
    assert added.exit_code == 0, added.output
    entry = session.query(LibraryEntry).one()
    assert (entry.text, entry.meeting, entry.symbol, entry.paragraph, entry.status, entry.tags, entry.created_by_id) == (
        "Welcomes the nexus assessment;", "IPBES-11", "IPBES-11/1", "3", "adopted_plenary", ["nexus", "assessments", "eu"],
        people.lead.id)
    assert f"Added library entry {entry.id} (IPBES-11/1, para. 3" in added.output and people.lead.email in added.output
    library.create_entry(session, people.pen, text="Takes note of the report.", language="en", status="proposed")
    session.commit()

    headers = bearer(client, people.walloon)
    listed = runner.invoke(args=["library", "list", "--json", "--as", people.walloon.email])
    assert listed.exit_code == 0 and json.loads(listed.stdout) == client.get("/api/v1/library", headers=headers).get_json()
    filtered = runner.invoke(args=["library", "list", "--json", "--q", "nexus", "--status", "adopted_plenary", "--as", people.walloon.email])
    api = client.get("/api/v1/library?q=nexus&status=adopted_plenary", headers=headers).get_json()
    assert json.loads(filtered.stdout) == api and api["total"] == 1
    shown = runner.invoke(args=["library", "show", str(entry.id), "--json", "--as", people.walloon.email])
    assert json.loads(shown.stdout) == client.get(f"/api/v1/library/{entry.id}", headers=headers).get_json()

    text = runner.invoke(args=["library", "list", "--q", "report"])
    assert text.exit_code == 0 and text.stdout.count("\n") == 1 and "Takes note of the report." in text.stdout
    readable = runner.invoke(args=["library", "show", str(entry.id)])
    assert "Symbol:    IPBES-11/1" in readable.stdout and "Tags:      nexus, assessments, eu" in readable.stdout
    assert readable.stdout.rstrip().endswith("Welcomes the nexus assessment;")


def test_the_web_s_permission_checks_apply(runner, session, people):
    refused = add(runner, "--as", people.walloon.email)
    assert refused.exit_code == 2 and session.query(LibraryEntry).count() == 0
    assert refused.output.strip() == "Error: Only the pen-holder and the delegation lead add wording to the library."
    admin = runner.invoke(args=["library", "list", "--as", people.admin.email])
    assert admin.exit_code == 2 and "Your role does not give access to the library." in admin.output

    secret = factories.position(session, people.pen, title="Restricted budget", consulted=("VL-OMG",), confidentiality="restricted")
    entry = library.create_entry(session, people.pen, text="No drawing on the working capital reserve.", language="en")
    entry.origin_position_id = secret.id
    session.commit()
    assert "working capital" in runner.invoke(args=["library", "list", "--as", people.flemish.email]).stdout
    assert runner.invoke(args=["library", "list", "--as", people.walloon.email]).stdout == ""
    hidden = runner.invoke(args=["library", "show", str(entry.id), "--as", people.walloon.email])
    assert hidden.exit_code == 2 and hidden.output.strip() == f"Error: There is no library entry {entry.id}."


BAD = [
    (["library", "add", "--status", "agreed_eu"], "Missing option '--text'"),
    (["library", "add", "--text", "x", "--status", "agreed_everywhere"], "'agreed_everywhere' is not one of"),
    (["library", "add", "--text", "x", "--language", "pt"], "'pt' is not one of"),
    (["library", "add", "--text", "x", "--date", "16/12/2024"], "wrong: source_date (source_date: not a date (YYYY-MM-DD))."),
    (["library", "add", "--text", "   "], "The wording is required."),
    (["library", "add", "--text", "x" * 20_001], "text: longer than"),
    (["library", "add", "--text", "x", "--as", "nobody@example.be"], "There is no user 'nobody@example.be'."),
    (["library", "add", "--text", "x", "--as", "{inactive}"], "is deactivated"),
    (["library", "show", "abc"], "'abc' is not a valid integer"),
    (["library", "show", "999"], "There is no library entry 999."),
    (["library", "show", "99999999999999"], "99999999999999"),
    (["library", "list", "--status", "maybe"], "'maybe' is not one of"),
    (["library", "list", "--q", "x" * 300], "A filter is longer than 200 characters."),
    (["library", "list", "--page", "0"], "--page"),
    (["library", "frobnicate"], "No such command 'frobnicate'"),
    (["library", "import", "{missing}", "--meeting", "IPBES-11"], "does not exist"),
    (["library", "import", "{pdf}", "--meeting", "IPBES-11"], "Word"),
    (["library", "import", "{docx}", "--date", "tomorrow"], "source_date: not a date"),
]


@pytest.mark.parametrize(("args", "says"), BAD, ids=[" ".join(a[1:3])[:30] for a, _ in BAD])
def test_every_bad_input_is_one_line_and_exit_status_2(runner, session, people, tmp_path, args, says):
    people.viewer.active = False
    session.commit()
    (tmp_path / "decision.pdf").write_bytes(b"%PDF-1.7 not a Word file")
    (tmp_path / "decision.docx").write_bytes(decision_docx())
    names = {"{inactive}": people.viewer.email, "{missing}": str(tmp_path / "missing.docx"),
             "{pdf}": str(tmp_path / "decision.pdf"), "{docx}": str(tmp_path / "decision.docx")}
    result = runner.invoke(args=[names.get(a, a) for a in args])
    assert result.exit_code == 2, result.output
    assert says in result.output and result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert session.query(LibraryEntry).count() == 0


def test_import_adds_each_numbered_paragraph_as_the_web_does(runner, session, people, tmp_path):
    path = tmp_path / "decision.docx"
    path.write_bytes(decision_docx())
    dry = runner.invoke(args=["library", "import", str(path), "--dry-run"])
    assert dry.exit_code == 0 and session.query(LibraryEntry).count() == 0 and "2 (a)\tto report on progress" in dry.stdout
    done = runner.invoke(args=["library", "import", str(path), "--meeting", "IPBES-11", "--symbol", "IPBES-11/1",
                               "--date", "2024-12-16", "--tag", "work programme", "--as", people.lead.email])
    assert done.exit_code == 0, done.output
    assert "Added 7 entries to the library from decision.docx" in done.output and "Warning:" in done.output  # the preamble
    entries = session.query(LibraryEntry).order_by(LibraryEntry.id).all()
    assert [e.paragraph for e in entries] == ["1", "2", "2 (a)", "2 (b)", "3", "7", "7 (a)"]
    assert {(e.meeting, e.symbol, e.status, e.created_by_id, tuple(e.tags)) for e in entries} == {
        ("IPBES-11", "IPBES-11/1", "adopted_plenary", people.lead.id, ("work programme",))}
    assert entries[0].text == "**Welcomes** the nexus assessment and its summary for policymakers;"
    viewer = runner.invoke(args=["library", "import", str(path), "--as", people.viewer.email])
    assert viewer.exit_code == 2 and "Only the pen-holder and the delegation lead" in viewer.output
    assert session.query(LibraryEntry).count() == 7


def test_plenipo_library_list_loads_neither_the_api_nor_the_word_reader(tmp_path):
    from tests.app.test_cli import _modules_after

    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}", "PLENIPO_ENV": "development"}
    for step in (["db", "upgrade"], ["demo"]):
        _modules_after(step, env)
    listed = _modules_after(["library", "list", "--json"], env)
    assert "app.cli.library" in listed and "app.library.shapes" in listed
    assert not {"app.api", "app.library.routes", "exports.imports.library_reader", "exports.imports.new_position"} & listed
