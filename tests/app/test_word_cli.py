"""`plenipo export` and `plenipo import` on the command line."""

from __future__ import annotations

import io

import docx
import pytest

from exports.imports.ooxml_read import accept_all
from positions.models import Event, Position, User
from positions.services import drafting
from tests.exports.helpers import open_doc

from .word_support import (
    SECRET,
    bad_files,
    commented_position,
    document_text,
    expected_paragraphs,
    word_comments,
)


@pytest.fixture
def pos(session, people):
    return commented_position(session, people)


def test_export_the_draft_and_versions(runner, session, pos, tmp_path):
    out = tmp_path / "draft.docx"
    result = runner.invoke(args=["export", str(pos.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "draft" in result.output
    assert open_doc(out.read_bytes()).core_properties.title == pos.title and SECRET not in document_text(out.read_bytes())
    commented = tmp_path / "v2.docx"
    assert runner.invoke(args=["export", str(pos.id), "--version", "2", "--comments", "-o", str(commented)]).exit_code == 0
    assert any(author == "Jan Janssens (VL-OMG)" for author, _ in word_comments(commented.read_bytes()))
    redline = tmp_path / "redline.docx"
    assert runner.invoke(args=["export", str(pos.id), "--version", "2", "--redline-from", "1", "-o", str(redline)]).exit_code == 0
    assert accept_all(redline.read_bytes(), clauses_only=True) == expected_paragraphs(session, pos, 2)
    brief = tmp_path / "brief.docx"
    assert runner.invoke(args=["export", str(pos.id), "--layout", "brief", "-o", str(brief)]).exit_code == 0
    table = tmp_path / "comments.csv"
    assert runner.invoke(args=["export", str(pos.id), "--layout", "comments_table", "-o", str(table)]).exit_code == 0
    assert "Which biennium?" in table.read_bytes().decode("utf-8-sig")
    events = session.query(Event).filter(Event.verb.like("export.%")).all()
    assert len(events) == 5 and all(e.actor_id is None for e in events)


@pytest.mark.parametrize(("args", "code", "message"), [
    (["export", "999", "-o", "x.docx"], 1, "There is no position 999"),
    (["export", "{id}", "--version", "9", "-o", "x.docx"], 1, "There is no version 9"),
    (["export", "{id}", "--layout", "poster", "-o", "x.docx"], 2, "poster"),
    (["export", "{id}", "--layout", "brief", "--comments", "-o", "x.docx"], 1, "'brief' layout does not take these options: comments"),
    (["export", "{id}"], 2, "--output"),
])
def test_export_errors(runner, pos, tmp_path, args, code, message):
    args = [a.replace("{id}", str(pos.id)).replace("x.docx", str(tmp_path / "x.docx")) for a in args]
    result = runner.invoke(args=args)
    assert result.exit_code == code and message in result.output, result.output
    assert not (tmp_path / "x.docx").exists()


def test_import_creates_a_position_as_the_first_pen_holder(runner, session, people, pos, tmp_path):
    exported = tmp_path / "position.docx"
    runner.invoke(args=["export", str(pos.id), "--version", "2", "-o", str(exported)])
    result = runner.invoke(args=["import", str(exported), "--consulted", "VL-OMG,BXL-ENV"])
    assert result.exit_code == 0, result.output
    assert people.pen.email in result.output
    created = session.query(Position).order_by(Position.id.desc()).first()
    assert created.id != pos.id and created.title == pos.title and created.meeting == "IPBES-12"
    assert [a.code for a in created.consulted] == ["BXL-ENV", "VL-OMG"]
    assert len(drafting.draft(session, created)) == 5
    event = session.query(Event).filter_by(verb="import.position").one()
    assert event.actor_id == people.pen.id and event.data["file"] == "position.docx"


def _handmade(path):
    document = docx.Document()
    document.add_heading("Pollinators", level=1)
    document.add_paragraph("Line to take: Stress the role of wild pollinators.", style="List Number")
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_import_of_a_handmade_file_asks_for_all_it_lacks_at_once_and_prints_warnings(runner, session, people, tmp_path):
    path = _handmade(tmp_path / "pollinators.docx")
    missing = runner.invoke(args=["import", str(path)])
    assert missing.exit_code == 2 and "does not say its meeting, agenda item: give --meeting … --agenda-item …" in missing.output
    assert "title" not in missing.output.split("says")[0] and session.query(Position).count() == 0
    ok = runner.invoke(args=["import", str(path), "--meeting", "IPBES-12", "--agenda-item", "Item 9", "--as", people.pen.email])
    assert ok.exit_code == 0, ok.output
    assert "Warning: The title was taken from the first heading; check it." in ok.output
    created = session.query(Position).filter_by(title="Pollinators").one()
    assert [(d.revision.kind, d.revision.body) for d in drafting.draft(session, created)] == [
        ("heading", ""), ("line_to_take", "Stress the role of wild pollinators.")]


def test_import_errors(runner, session, people, pos, tmp_path):
    exported = tmp_path / "position.docx"
    runner.invoke(args=["export", str(pos.id), "-o", str(exported)])
    official = runner.invoke(args=["import", str(exported), "--as", people.flemish.email])
    assert official.exit_code == 1 and "Only the pen-holder" in official.output
    nobody = runner.invoke(args=["import", str(exported), "--as", "nobody@example.be"])
    assert nobody.exit_code == 1 and "no user" in nobody.output
    for kind, data in bad_files(exported.read_bytes()).items():
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(data)
        result = runner.invoke(args=["import", str(path)])
        assert result.exit_code == 1 and "Error:" in result.output and "Traceback" not in result.output, (kind, result.output)
    assert session.query(Position).count() == 1


def test_import_without_any_pen_holder(runner, session, people, pos, tmp_path):
    exported = tmp_path / "position.docx"
    runner.invoke(args=["export", str(pos.id), "-o", str(exported)])
    session.query(User).filter_by(role="pen_holder").update({"active": False})
    session.commit()
    result = runner.invoke(args=["import", str(exported)])
    assert result.exit_code == 1 and "no active pen-holder" in result.output
