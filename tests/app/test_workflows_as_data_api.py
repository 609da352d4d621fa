"""A workflow dropped into WORKFLOW_PATH works through the API and the CLI; a bad one stops the app from starting."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import create_app
from positions.models import Consultation, Position
from positions.services import approvals, consultations, drafting, versions
from tests.app.test_workflows_as_data_web import DEFINITIONS, extra_definitions
from tests.conftest import _config_for
from tests.factories import DEFAULT_CLAUSES
from tests.helpers import bearer
from workflows import DefinitionError
from workflows.service import workflow_folder

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = (date.today() + timedelta(days=10)).isoformat()
NEW_POSITION = {"title": "Belgian comments on the SBSTTA draft", "meeting": "SBSTTA-27", "agenda_item": "Item 4",
                "consulted": ["VL-OMG", "SPW-ARNE", "BXL-ENV"]}


@pytest.fixture
def app_settings(tmp_path):
    return {"WORKFLOW_PATH": str(extra_definitions(tmp_path))}


@pytest.fixture
def pen(client, people):
    return bearer(client, people.pen)


def fire(client, headers, position_id, name, **body):
    return client.post(f"/api/v1/positions/{position_id}/transitions/{name}", headers=headers, json=body)


def test_a_domestic_review_runs_to_the_end_through_the_api(client, session, people, pen):
    created = client.post("/api/v1/positions", headers=pen, json={**NEW_POSITION, "workflow": "domestic-review"})
    assert created.status_code == 201, created.get_json()
    assert (created.get_json()["workflow"], created.get_json()["stage"]) == ("domestic-review", "draft")
    pos = session.get(Position, created.get_json()["id"])
    for kind, heading, body in DEFAULT_CLAUSES:
        drafting.add_clause(session, people.pen, pos, kind=kind, heading=heading, body=body)
    session.commit()

    listed = client.get(f"/api/v1/positions/{pos.id}/transitions", headers=pen).get_json()
    assert listed == [{"name": "send", "label": "Send to the administrations", "target": "review",
                       "target_label": "With the administrations", "allowed": True, "blocked_by": [], "args": ["deadline", "note"], "warnings": []}]
    sent = fire(client, pen, pos.id, "send", deadline=DEADLINE)
    assert sent.status_code == 200 and sent.get_json() == {
        "transition": "send", "from": "draft", "stage": "review", "stage_label": "With the administrations",
        "phase": "Internal review", "frozen": False, "warnings": []}

    lead = bearer(client, people.lead)
    blocked = fire(client, lead, pos.id, "approve")
    assert blocked.status_code == 409
    assert "the delegation lead has not approved v1" in blocked.get_json()["error"]["details"]["reasons"]
    wrong_role = fire(client, pen, pos.id, "approve")
    assert wrong_role.status_code == 403
    assert wrong_role.get_json()["error"]["details"]["reasons"][0] == "only the delegation lead can do this"

    v1 = versions.get_version(session, pos, 1)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, v1, "agree")
    approvals.decide(session, people.lead, pos, v1, "approve")
    session.commit()
    approved = fire(client, lead, pos.id, "approve", note="Fine for the SBSTTA")
    assert approved.status_code == 200 and approved.get_json() == {
        "transition": "approve", "from": "review", "stage": "approved", "stage_label": "Approved for use",
        "phase": "Internal review", "frozen": True, "warnings": []}
    assert client.get(f"/api/v1/positions/{pos.id}/transitions", headers=pen).get_json() == []
    assert session.query(Consultation).one().outcome == "consensus"
    refused = client.post(f"/api/v1/positions/{pos.id}/clauses", headers=pen, json={"kind": "text", "body": "Late addition."})
    assert refused.status_code == 409


def test_a_cbd_cop_position_is_listed_with_its_first_stage(client, pen):
    created = client.post("/api/v1/positions", headers=pen, json={**NEW_POSITION, "workflow": "cbd-cop"})
    assert created.status_code == 201

    [step] = client.get(f"/api/v1/positions/{created.get_json()['id']}/transitions", headers=pen).get_json()
    assert (step["name"], step["target_label"], step["args"]) == ("submit", "National consultation", ["deadline", "note"])


def test_the_api_refuses_an_unknown_workflow(client, session, pen):
    refused = client.post("/api/v1/positions", headers=pen, json={**NEW_POSITION, "workflow": "unfccc-sb"})

    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["message"] == ("There is no workflow 'unfccc-sb'; choose one of: "
                                "ipbes-position, simple-review, cbd-cop, domestic-review.")
    assert error["details"]["known"] == ["ipbes-position", "simple-review", "cbd-cop", "domestic-review"]
    assert session.query(Position).count() == 0


def test_the_cli_imports_into_a_new_workflow_and_refuses_an_unknown_one(runner, session, people, tmp_path):
    from tests.app.test_word_cli import _handmade

    path = _handmade(tmp_path / "pollinators.docx")
    common = ["import", str(path), "--title", "Pollinators", "--meeting", "CBD COP 17", "--agenda-item", "Item 9"]

    unknown = runner.invoke(args=[*common, "--workflow", "unfccc-sb"])
    assert unknown.exit_code == 1
    assert "There is no workflow 'unfccc-sb'; choose one of: ipbes-position, simple-review, cbd-cop, domestic-review." in unknown.output
    ok = runner.invoke(args=[*common, "--workflow", "cbd-cop"])
    assert ok.exit_code == 0, ok.output
    assert session.query(Position).filter_by(title="Pollinators").one().stage == "national_draft"


def bad_folder(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    text = (DEFINITIONS / "cbd-cop.toml").read_text(encoding="utf-8")
    assert old in text
    (folder / "cbd-cop.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def line_of(path: Path, snippet: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if snippet in line)


@pytest.mark.parametrize(("old", "new", "key", "problem"), [
    ('audience = "eu"', 'audience = "european"', "phases.eu.audience", "unknown audience 'european'"),
    ('phase = "cop"', 'phase = "plenary"', "states.cop_brief.phase", "unknown phase 'plenary'"),
    ('outcome = "consensus"', 'outcome = "agreed"', "transitions[2].outcome", "unknown outcome 'agreed'"),
    ('roles = ["pen_holder"]', 'roles = ["chair"]', "transitions[0].roles", "unknown role 'chair'"),
])
def test_create_app_refuses_a_bad_definition_naming_file_key_and_line(tmp_path, old, new, key, problem):
    folder = bad_folder(tmp_path, old, new)

    with pytest.raises(DefinitionError) as refused:
        create_app(_config_for("sqlite", WORKFLOW_PATH=str(folder)))

    path = folder / "cbd-cop.toml"
    assert (refused.value.file, refused.value.key, refused.value.line) == (str(path), key, line_of(path, new))
    assert f"{path}:{line_of(path, new)}: {key}: " in str(refused.value) and problem in str(refused.value)


def test_create_app_refuses_a_second_definition_of_a_shipped_key(tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "my-ipbes.toml").write_text((ROOT / "workflows/definitions/ipbes-position.toml").read_text())

    with pytest.raises(DefinitionError, match=r"my-ipbes\.toml:4: key: workflow 'ipbes-position' is already defined in"):
        create_app(_config_for("sqlite", WORKFLOW_PATH=str(folder)))


def test_create_app_refuses_a_workflow_path_that_is_no_folder(tmp_path):
    with pytest.raises(DefinitionError, match="WORKFLOW_PATH names no folder"):
        create_app(_config_for("sqlite", WORKFLOW_PATH=str(tmp_path / "missing")))


def test_the_default_folder_is_workflows_in_the_instance_folder(tmp_path):
    assert workflow_folder({"WORKFLOW_PATH": None}, str(tmp_path)) is None  # absent: only the shipped definitions
    (tmp_path / "workflows").mkdir()
    assert workflow_folder({"WORKFLOW_PATH": None}, str(tmp_path)) == tmp_path / "workflows"
    assert workflow_folder({"WORKFLOW_PATH": "/srv/plenipo/workflows"}, str(tmp_path)) == Path("/srv/plenipo/workflows")
    assert workflow_folder({"WORKFLOW_PATH": ""}, str(tmp_path)) is None


@pytest.mark.slow
def test_the_environment_variable_is_read_and_a_bad_file_stops_the_start(tmp_path):
    folder = bad_folder(tmp_path, 'audience = "eu"', 'audience = "europe"')
    env = {**os.environ, "WORKFLOW_PATH": str(folder), "DATABASE_URL": "sqlite://", "PLENIPO_ENV": "development"}
    start = [sys.executable, "-c", "from app import create_app; create_app()"]

    stopped = subprocess.run(start, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    assert stopped.returncode != 0
    path = folder / "cbd-cop.toml"
    assert f"DefinitionError: {path}:{line_of(path, 'europe')}: phases.eu.audience: unknown audience 'europe'" in stopped.stderr
    good = subprocess.run(start, cwd=ROOT, env={**env, "WORKFLOW_PATH": str(DEFINITIONS)}, capture_output=True, text=True,
                          timeout=120)
    assert good.returncode == 0, good.stderr
