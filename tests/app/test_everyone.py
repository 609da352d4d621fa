"""Everyone: my tasks per role, each position's open items and next deadline, deadlines in Brussels time, the login language."""

from __future__ import annotations

from datetime import datetime

from positions.models import User
from positions.services import comments, consultations, drafting, versions
from positions.services.deadlines import parse_deadline
from tests.factories import position
from tests.helpers import bearer, login
from workflows.service import fire_transition


def _consulted(session, people):
    pos = position(session, people.pen, title="Pollinators")
    uid = drafting.draft(session, pos)[1].uid
    fire_transition(pos, "submit", people.pen, deadline="2031-11-30")
    session.commit()
    return pos, uid


def test_a_day_ends_at_2359_in_brussels_and_deadlines_say_their_zone(client, session, people):
    assert parse_deadline("2026-11-30") == datetime(2026, 11, 30, 22, 59)  # 23:59 CET, not 23:59 UTC (00:59 in Brussels)
    assert parse_deadline("2026-07-30") == datetime(2026, 7, 30, 21, 59)  # summer time
    pos, _ = _consulted(session, people)
    login(client, people.flemish)
    dashboard = client.get("/").get_data(as_text=True)
    matrix = client.get(f"/positions/{pos.id}/consultation").get_data(as_text=True)
    assert "30 Nov 2031, 23:59 CET" in dashboard and "11/30/31" not in dashboard  # day-month-year, with the zone
    assert "30 Nov 2031, 23:59 CET" in matrix


def test_my_tasks_of_an_official(client, session, people):
    pos, uid = _consulted(session, people)
    amendment = comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="", quote="Belgium",
                                      proposed_text="The Kingdom of Belgium")
    question = comments.post_comment(session, people.flemish, pos, uid, kind="question", body="Which one?")
    comments.post_comment(session, people.walloon, pos, uid, kind="comment", body="This one.", parent_id=question.id)
    comments.resolve(session, people.pen, pos, amendment, "rejected", "No.")
    session.commit()
    headers = bearer(client, people.flemish)
    tasks = client.get("/api/v1/me/tasks", headers=headers).json["tasks"]
    kinds = {t["kind"]: t for t in tasks}
    assert set(kinds) == {"consultation", "amendment_outcome", "reply"}
    assert kinds["consultation"]["title"] == "Answer for VL-OMG on v1 of “Pollinators”"
    assert kinds["consultation"]["due"].startswith("2031-11-30T22:59") and kinds["consultation"]["url"] == f"/positions/{pos.id}/consultation"
    assert kinds["amendment_outcome"]["title"] == "Your amendment on “Pollinators” was rejected"
    assert kinds["reply"]["title"] == "Marie Lambert replied to you on “Pollinators”" and kinds["reply"]["url"].startswith("/comments/")
    login(client, people.flemish)
    html = client.get("/").get_data(as_text=True)
    assert "My tasks" in html and "Marie Lambert replied to you" in html
    consultations.answer(session, people.flemish, pos, versions.get_version(session, pos, 1), "agree")
    session.commit()
    assert "consultation" not in {t["kind"] for t in client.get("/api/v1/me/tasks", headers=headers).json["tasks"]}


def test_my_tasks_of_the_pen_holder_and_the_lead_and_the_dashboard_columns(client, session, people):
    pos, uid = _consulted(session, people)
    comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="", quote="Belgium", proposed_text="We")
    comments.post_comment(session, people.walloon, pos, uid, kind="comment", body="Fine.")
    consultations.answer(session, people.walloon, pos, versions.get_version(session, pos, 1), "agree")
    session.commit()
    pen = {t["kind"]: t["title"] for t in client.get("/api/v1/me/tasks", headers=bearer(client, people.pen)).json["tasks"]}
    lead = client.get("/api/v1/me/tasks", headers=bearer(client, people.lead)).json["tasks"]
    assert pen["open_items"] == "“Pollinators”: 1 open amendment, 1 open comment"
    assert pen["running_consultation"] == "Consultation on v1 of “Pollinators”: 1 answered, 2 pending"
    assert [t["title"] for t in lead] == ["Approve v1 of “Pollinators”"]
    assert client.get("/api/v1/me/tasks", headers=bearer(client, people.viewer)).json == {"tasks": [], "next_steps": []}
    login(client, people.pen)
    html = client.get("/").get_data(as_text=True)
    assert "Open items" in html and "1 amendment, 1 comment" in html and "30 Nov 2031, 23:59 CET" in html


def test_a_language_chosen_on_the_login_page_is_kept_after_logging_in(client, session, people):
    client.post("/locale", data={"locale": "nl", "next": "/login"})
    login(client, people.flemish)
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    session.expire_all()
    assert session.get(User, people.flemish.id).locale == "nl"
    client.post("/logout")
    login(client, people.walloon)  # the next person did not choose: their own language stays
    session.expire_all()
    assert session.get(User, people.walloon.id).locale == "en"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
