"""My tasks say what blocks each of the pen-holder's positions' next step, with the workflow panel's reasons."""

from __future__ import annotations

from positions.services import comments, drafting
from tests.factories import position
from tests.helpers import bearer, login


def test_the_pen_holder_sees_what_blocks_the_next_step_in_the_api_and_on_the_dashboard(client, session, people):
    pos = position(session, people.pen, title="Pollinators")
    uid = drafting.draft(session, pos)[1].uid
    comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="", quote="Belgium", proposed_text="We")
    empty = position(session, people.pen, title="Empty", clauses=[])
    session.commit()

    found = client.get("/api/v1/me/tasks", headers=bearer(client, people.pen)).json["next_steps"]
    by_title = {n["title"]: n for n in found}
    assert by_title["Pollinators"]["stage"] == "be_draft" and by_title["Pollinators"]["stage_label"] == "Belgian draft"
    assert by_title["Pollinators"]["url"] == f"/positions/{pos.id}#workflow"
    assert [(s["name"], s["allowed"], s["blocked_by"]) for s in by_title["Pollinators"]["steps"]] == [
        ("submit", False, ["1 amendment is still open"])]
    assert by_title["Empty"]["position_id"] == empty.id
    assert by_title["Empty"]["steps"][0]["blocked_by"] == ["the position has no clauses yet"]
    assert client.get("/api/v1/me/tasks", headers=bearer(client, people.flemish)).json["next_steps"] == []

    login(client, people.pen)
    html = client.get("/").get_data(as_text=True)
    section = html.split('id="next-steps-h"')[1].split("</section>")[0]
    assert "What blocks the next step" in html and "Submit for consultation → Belgian consultation" in section
    assert "Not possible now: 1 amendment is still open" in section and "the position has no clauses yet" in section


def test_what_blocks_the_next_step_is_in_the_reader_s_language(client, session, people):
    position(session, people.pen, title="Pollinators", clauses=[])
    people.pen.locale = "fr"
    session.commit()
    found = client.get("/api/v1/me/tasks", headers={**bearer(client, people.pen), "Accept-Language": "fr"}).json["next_steps"]
    assert found[0]["steps"][0]["label"] != "Submit for consultation" and found[0]["steps"][0]["blocked_by"][0] != "the position has no clauses yet"
