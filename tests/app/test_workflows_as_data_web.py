"""A workflow added as a TOML file in WORKFLOW_PATH, with no code: a CBD COP position in the browser."""

from __future__ import annotations

import html
import shutil
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from exports.documents import build_document
from positions.models import Consultation, Event, Position
from positions.services import approvals, consultations, drafting, editing, versions
from tests.factories import DEFAULT_CLAUSES
from tests.helpers import login
from workflows.service import all_workflows, latest_version_for

DEFINITIONS = Path(__file__).resolve().parents[1] / "workflows" / "definitions"
EU_WORDING = "The EU and its member states support the resource mobilisation strategy."
DEADLINE = (date.today() + timedelta(days=14)).isoformat()
NEW_POSITION = {"title": "Belgian position for CBD COP 17", "meeting": "CBD COP 17", "agenda_item": "Item 9: Resource mobilisation",
                "confidentiality": "limited", "consulted": ["VL-OMG", "SPW-ARNE", "BXL-ENV"]}


def extra_definitions(tmp_path: Path) -> Path:
    """A WORKFLOW_PATH holding the two test definitions, copied as a ministry would drop them there."""
    folder = tmp_path / "workflows"
    folder.mkdir()
    for name in ("cbd-cop.toml", "domestic-review.toml"):
        shutil.copy(DEFINITIONS / name, folder / name)
    return folder


@pytest.fixture
def app_settings(tmp_path):
    return {"WORKFLOW_PATH": str(extra_definitions(tmp_path))}


@pytest.fixture
def as_(app, people):
    """A logged-in browser per user."""
    clients = {}

    def browser(user):
        if user.email not in clients:
            clients[user.email] = app.test_client()
            assert login(clients[user.email], user).status_code == 302
        return clients[user.email]

    return browser


def step(client, pos, name, **form) -> str:
    response = client.post(f"/positions/{pos.id}/transitions/{name}", data=form, follow_redirects=True)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def page(client, pos) -> str:
    response = client.get(f"/positions/{pos.id}")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def approve_latest(session, people, pos, *, answer: bool) -> None:
    version = versions.list_versions(session, pos)[-1]
    if answer:
        for official in (people.flemish, people.walloon, people.brussels):
            consultations.answer(session, official, pos, version, "agree")
    approvals.decide(session, people.lead, pos, version, "approve")
    session.commit()


def test_the_new_workflows_are_offered_when_creating_a_position(as_, people):
    form = html.unescape(as_(people.pen).get("/positions/new").get_data(as_text=True))

    for key, label in (("ipbes-position", "IPBES position"), ("simple-review", "Simple review"),
                       ("cbd-cop", "CBD COP position"), ("domestic-review", "Domestic review")):
        assert f'<option value="{key}">{label}</option>' in form or f'<option selected value="{key}">{label}</option>' in form


def test_a_cbd_cop_position_runs_from_national_draft_to_archived_in_the_browser(session, people, as_):
    pen, lead, flemish = as_(people.pen), as_(people.lead), as_(people.flemish)
    created = pen.post("/positions/new", data={**NEW_POSITION, "workflow": "cbd-cop"})
    assert created.status_code == 302
    pos = session.get(Position, int(created.headers["Location"].rsplit("/", 1)[1]))
    assert (pos.workflow_key, pos.stage) == ("cbd-cop", "national_draft")
    for kind, heading, body in DEFAULT_CLAUSES:
        drafting.add_clause(session, people.pen, pos, kind=kind, heading=heading, body=body)
    session.commit()

    panel = page(pen, pos)
    assert "CBD COP position" in panel and "Phase: <strong>National position</strong>" in panel
    assert "National draft" in panel and "EU coordination for the COP" in panel and "COP brief" in panel
    assert "Submit for national consultation" in panel and 'type="date"' in panel and "You can do this now." in panel
    assert "only the pen-holder can do this" in page(flemish, pos)

    assert "now at the stage National consultation" in step(pen, pos, "submit", deadline=DEADLINE, note="First round")
    assert "Withdraw the consultation" in page(pen, pos) and "Agree the national position" in page(pen, pos)
    blocked = step(lead, pos, "agree")
    assert "Agree the national position is not possible now:" in blocked and "the delegation lead has not approved v1" in blocked
    approve_latest(session, people, pos, answer=True)
    assert "now at the stage Coordination with the member states" in step(lead, pos, "agree")
    assert session.query(Consultation).one().outcome == "consensus"
    assert "Phase: <strong>EU coordination for the COP</strong>" in page(pen, pos)

    line = drafting.draft(session, pos)[2]
    editing.edit_clause(session, people.pen, pos, line.uid, base_revision=line.revision.id, body=EU_WORDING)
    session.commit()
    assert "now at the stage COP brief in preparation" in step(pen, pos, "prepare_brief", note="EU text as agreed in Brussels")
    eu_text = latest_version_for(pos, "eu")
    assert (eu_text.number, eu_text.stage) == (2, "eu_coordination")
    assert EU_WORDING in [c.body for c in build_document(session, pos, None, annex=True).annex_clauses]  # the brief's annex
    approve_latest(session, people, pos, answer=False)
    assert "now at the stage COP brief final" in step(lead, pos, "adopt")
    session.expire_all()
    assert pos.stage == "final" and pos.frozen_at is not None
    assert "Final: the text is frozen and read-only" in page(pen, pos)
    assert "now at the stage Archived after the COP" in step(pen, pos, "archive")
    assert "This is the last stage" in page(pen, pos)

    fired = [(e.data["transition"], e.data["to"]) for e in session.query(Event).filter_by(verb="transition.fired").order_by(Event.id)]
    assert fired == [("submit", "national_consultation"), ("agree", "eu_coordination"), ("prepare_brief", "cop_brief"),
                     ("adopt", "final"), ("archive", "archived")]


def test_withdrawing_a_consultation_is_recorded_with_the_outcome_the_definition_declares(session, people, as_):
    pen = as_(people.pen)
    created = pen.post("/positions/new", data={**NEW_POSITION, "workflow": "cbd-cop"})
    pos = session.get(Position, int(created.headers["Location"].rsplit("/", 1)[1]))
    drafting.add_clause(session, people.pen, pos, kind="line_to_take", heading="", body="Belgium supports the target.")
    session.commit()
    step(pen, pos, "submit", deadline=DEADLINE)

    assert "now at the stage National draft" in step(pen, pos, "withdraw", note="Budget remark from Wallonia")
    assert session.query(Consultation).one().outcome == "withdrawn"


def test_an_unknown_workflow_is_refused_with_a_clear_message(session, people, as_):
    response = as_(people.pen).post("/positions/new", data={**NEW_POSITION, "workflow": "unfccc-sb"})

    assert response.status_code == 422
    assert ("There is no workflow 'unfccc-sb'; choose one of: ipbes-position, simple-review, cbd-cop, domestic-review."
            in html.unescape(response.get_data(as_text=True)))
    assert session.query(Position).count() == 0


def test_the_engine_reasons_of_a_new_workflow_are_translated(session, people, as_):
    pen, flemish = as_(people.pen), as_(people.flemish)
    created = pen.post("/positions/new", data={**NEW_POSITION, "workflow": "cbd-cop"})
    pos = session.get(Position, int(created.headers["Location"].rsplit("/", 1)[1]))
    drafting.add_clause(session, people.pen, pos, kind="line_to_take", heading="", body="Belgium supports the target.")
    session.commit()
    step(pen, pos, "submit", deadline=DEADLINE)
    flemish.post("/locale", data={"locale": "fr", "next": "/"})

    panel = page(flemish, pos)
    assert "réservé au rôle : plume ou chef de délégation" in panel  # roles and their labels come from the registry
    assert "seule la plume peut le faire" in panel
    assert "Agree the national position" in panel  # a label no catalogue knows is shown as written


def test_each_app_has_its_own_workflows(app, tmp_path):
    from app import create_app
    from tests.conftest import _config_for

    other = create_app(_config_for("sqlite"))
    with other.app_context():
        assert list(all_workflows()) == ["ipbes-position", "simple-review"]
    with app.app_context():
        assert list(all_workflows()) == ["ipbes-position", "simple-review", "cbd-cop", "domestic-review"]
    outside = []
    thread = threading.Thread(target=lambda: outside.append(list(all_workflows())))  # a thread starts with no app
    thread.start()
    thread.join()
    assert outside == [["ipbes-position", "simple-review"]]  # outside any app: the shipped definitions
