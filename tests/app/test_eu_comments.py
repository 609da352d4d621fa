"""Delegates comment, reply and suggest on the EU text, and never see anything Belgian (issue 17).

While the EU phase runs, an invited delegate comments on the clauses the EU text shares, through the EU page
and the API; those comments (and the Belgian side's on the EU text) have the audience 'eu'. The delegate reads
only them, with every Belgian author shown as Belgium; the Belgian side reads them on the position page,
marked EU. After the EU phase the EU text is read-only.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from positions.models import Comment, Event
from positions.services import comments, drafting, participants
from tests import factories
from tests.app.test_eu_text import DEADLINE, agree_and_approve
from tests.helpers import bearer, login, token
from workflows import eu_comments
from workflows.service import fire_transition

DELEGATE_PASSWORD = "ein sicheres Passwort"
BELGIAN_SECRET = "Flemish misgivings about the budget"


@pytest.fixture
def eu(session, people):
    """A position with a Belgian-phase comment, in its EU draft; Anna (DE) invited to it, Claire (FR) to another."""
    factories.administrations_eu(session)
    pos = factories.position(session, people.pen)
    other = factories.position(session, people.pen, title="Budget of the Platform")
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    clauses = drafting.draft(session, pos)
    text, line = clauses[1], clauses[2]
    belgian = comments.post_comment(session, people.flemish, pos, text.uid, kind="comment", body=BELGIAN_SECRET)
    agree_and_approve(session, people, pos, 1)
    fire_transition(pos, "conclude", people.lead)
    anna = participants.invite(session, people.pen, pos, email="anna@bmuv.example.de", name="Anna Schmidt", administration="DE")
    claire = participants.invite(session, people.pen, other, email="claire@example.fr", name="Claire Martin", administration="FR")
    for invited in (anna, claire):
        participants.accept(session, invited.secret, DELEGATE_PASSWORD)
    fire_transition(pos, "start_eu", people.pen)
    session.commit()
    return SimpleNamespace(pos=pos, other=other, text=text.uid, line=line.uid, rev=text.revision.id, belgian=belgian,
                           anna=anna.participant.user, claire=claire.participant.user)


def as_delegate(client, delegate):
    client.post("/logout")
    login(client, delegate, DELEGATE_PASSWORD)


def delegate_bearer(client, delegate) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(client, delegate, DELEGATE_PASSWORD)}"}


def eu_comments_of(session, pos) -> list[Comment]:
    session.expire_all()
    return list(session.scalars(select(Comment).where(Comment.position_id == pos.id, Comment.audience == "eu").order_by(Comment.id)))


def test_a_delegate_comments_replies_and_suggests_on_the_eu_draft(client, session, people, eu):
    as_delegate(client, eu.anna)
    page = client.get(f"/eu/positions/{eu.pos.id}").get_data(as_text=True)
    assert f'action="/eu/positions/{eu.pos.id}/clauses/{eu.text}/comments"' in page and "csrf_token" in page
    posted = client.post(f"/eu/positions/{eu.pos.id}/clauses/{eu.text}/comments",
                         data={"kind": "question", "body": "Which documentation exactly?"})
    assert posted.status_code == 302 and f"/eu/positions/{eu.pos.id}#comment-" in posted.headers["Location"]
    question = eu_comments_of(session, eu.pos)[0]
    assert (question.audience, question.administration.code, question.author_id) == ("eu", "DE", eu.anna.id)
    client.post(f"/eu/positions/{eu.pos.id}/clauses/{eu.text}/comments", data={"parent_id": question.id, "body": "And its date."})
    suggested = client.post(f"/eu/positions/{eu.pos.id}/clauses/{eu.text}/suggest",
                            data={"body": "Belgium warmly thanks the Executive Secretary for the documentation.",
                                  "base_revision": eu.rev, "note": "Warmer."})
    assert suggested.status_code == 302
    made = eu_comments_of(session, eu.pos)
    assert [(c.kind, c.parent_id) for c in made] == [("question", None), ("comment", question.id), ("amendment", None)]
    assert "warmly" in made[2].proposed_text and all(c.audience == "eu" for c in made)
    page = client.get(f"/eu/positions/{eu.pos.id}").get_data(as_text=True)
    assert "Which documentation exactly?" in page and "And its date." in page and "Anna Schmidt" in page


def test_the_pen_holder_decides_a_delegates_amendment_on_the_position_page(client, session, people, eu):
    made = eu_comments.suggest(session, eu.anna, eu.pos.id, eu.text, body="Belgium warmly thanks the Executive Secretary "
                               "for the documentation.", base_revision=eu.rev)
    session.commit()
    login(client, people.flemish)
    html = client.get(f"/positions/{eu.pos.id}").get_data(as_text=True)
    thread = html[html.index(f'id="comment-{made[0].id}"'):][:1500]
    assert "eu-badge" in thread and "DE" in thread and "Anna Schmidt" in thread
    # A reply in an EU thread is made on the EU text: a plain link there, which margin.js does not open inside the thread.
    assert f'<a class="eu-reply-link" href="/eu/positions/{eu.pos.id}#comment-{made[0].id}">Reply on the EU text' in thread
    assert "eu-badge" in client.get(f"/positions/{eu.pos.id}/comments").get_data(as_text=True)
    comments.resolve(session, people.pen, eu.pos, made[0], "accepted")
    session.commit()
    assert "warmly" in drafting.draft(session, eu.pos)[1].revision.body


def test_belgian_authors_are_belgium_to_a_delegate(client, session, people, eu):
    flemish = bearer(client, people.flemish)
    answer = client.post(f"/api/v1/positions/{eu.pos.id}/clauses/{eu.text}/comments", headers=flemish,
                         json={"kind": "support", "body": "We agree with the EU text.", "audience": "eu"})
    assert answer.status_code == 201 and answer.get_json()["audience"] == "eu"
    assert answer.get_json()["administration"] == "VL-OMG"  # the Belgian side knows its own
    pen_reply = eu_comments.post(session, people.pen, eu.pos.id, eu.text, body="Coordinated with the regions.",
                                 parent_id=answer.get_json()["id"])
    session.commit()
    as_delegate(client, eu.anna)
    page = client.get(f"/eu/positions/{eu.pos.id}").get_data(as_text=True)
    assert "We agree with the EU text." in page and "Coordinated with the regions." in page
    for name in ("VL-OMG", "Jan Janssens", "BBPF", people.pen.name, BELGIAN_SECRET):
        assert name not in page, name
    assert re.search(r'admin-badge">BE</span> <strong>Belgium</strong>', page)
    listed = client.get(f"/api/v1/positions/{eu.pos.id}/comments", headers=delegate_bearer(client, eu.anna)).get_json()
    shown = {(c["administration"], c["author"]) for c in listed["comments"]}
    assert shown == {("BE", "Belgium")} and listed["total"] == 2 and pen_reply.id in [c["id"] for c in listed["comments"]]
    by_code = f"/api/v1/positions/{eu.pos.id}/comments?administration="
    assert client.get(by_code + "be", headers=delegate_bearer(client, eu.anna)).get_json()["total"] == 2
    assert client.get(by_code + "VL-OMG", headers=delegate_bearer(client, eu.anna)).get_json()["total"] == 0
    client.post("/logout")
    login(client, people.viewer)
    assert "VL-OMG" in client.get(f"/eu/positions/{eu.pos.id}").get_data(as_text=True)  # Belgian readers know who


def test_delegates_comment_only_on_the_shared_clauses_of_their_positions(client, session, people, eu):
    as_delegate(client, eu.anna)
    base = f"/eu/positions/{eu.pos.id}/clauses"
    assert client.post(f"{base}/{eu.line}/comments", data={"body": "What is this line?"}).status_code == 404  # a line to take
    assert client.post(f"{base}/{eu.line}/suggest", data={"body": "x", "base_revision": "1"}).status_code == 404
    assert client.post(f"{base}/nope/comments", data={"body": "?"}).status_code == 404
    refused = client.post(f"{base}/{eu.text}/comments", data={"parent_id": eu.belgian.id, "body": "Me too."})
    assert refused.status_code == 302 and not eu_comments_of(session, eu.pos)  # no Belgian thread to reply to
    other = client.post(f"/eu/positions/{eu.other.id}/clauses/{eu.text}/comments", data={"body": "Hello"})
    assert other.status_code == 404
    as_delegate(client, eu.claire)
    assert client.post(f"{base}/{eu.text}/comments", data={"body": "Hello"}).status_code == 404
    headers = delegate_bearer(client, eu.anna)
    api = f"/api/v1/positions/{eu.pos.id}/clauses"
    for uid in (eu.line, "nope"):
        refused = client.post(f"{api}/{uid}/comments", headers=headers, json={"body": "?"})
        assert refused.status_code == 404 and "line" not in refused.get_data(as_text=True).lower()
    reply = client.post(f"{api}/{eu.text}/comments", headers=headers, json={"body": "Me too.", "parent_id": eu.belgian.id})
    assert reply.status_code == 422 and BELGIAN_SECRET not in reply.get_data(as_text=True)
    assert client.post(f"/api/v1/comments/{eu.belgian.id}/resolve", headers=headers, json={"status": "withdrawn"}).status_code == 404
    assert not eu_comments_of(session, eu.pos)


def test_after_the_eu_phase_the_eu_text_is_read_only(client, session, people, eu):
    eu_comments.post(session, eu.anna, eu.pos.id, eu.text, kind="comment", body="Early EU remark.")
    fire_transition(eu.pos, "submit", people.pen, deadline=DEADLINE)  # EU version 1, still in the EU phase
    session.commit()
    eu.pos.stage = "brief_draft"  # the EU phase is over
    session.commit()
    as_delegate(client, eu.anna)
    page = client.get(f"/eu/positions/{eu.pos.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Early EU remark." in html and "/comments\"" not in html and "/suggest\"" not in html
    refused = client.post(f"/eu/positions/{eu.pos.id}/clauses/{eu.text}/comments", data={"body": "Late."}, follow_redirects=True)
    assert "read-only" in refused.get_data(as_text=True)
    api = client.post(f"/api/v1/positions/{eu.pos.id}/clauses/{eu.text}/comments", headers=delegate_bearer(client, eu.anna), json={"body": "Late."})
    assert api.status_code == 409
    assert [c.body for c in eu_comments_of(session, eu.pos)] == ["Early EU remark."]


def test_a_delegate_uses_the_api_for_eu_comments_only(client, session, people, eu):
    headers = delegate_bearer(client, eu.anna)
    api = f"/api/v1/positions/{eu.pos.id}"
    made = client.post(f"{api}/clauses/{eu.text}/comments", headers=headers, json={"kind": "reservation", "body": "Scrutiny reservation."})
    assert made.status_code == 201 and made.get_json()["audience"] == "eu" and made.get_json()["administration"] == "DE"
    suggested = client.post(f"{api}/clauses/{eu.text}/suggestions", headers=headers,
                            json={"body": "Belgium thanks the Executive Secretary for the documents.", "base_revision": eu.rev})
    assert suggested.status_code == 201 and suggested.get_json()["amendments"][0]["audience"] == "eu"
    listed = client.get(f"{api}/comments", headers=headers)
    assert listed.status_code == 200 and BELGIAN_SECRET not in listed.get_data(as_text=True)
    assert [c["kind"] for c in listed.get_json()["comments"]] == ["reservation", "amendment"]
    assert client.get(f"{api}/comments?kind=amendment", headers=headers).get_json()["total"] == 1
    withdrawn = client.post(f"/api/v1/comments/{made.get_json()['id']}/resolve", headers=headers, json={"status": "withdrawn"})
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    for url in (api, f"{api}/versions/1", f"{api}/events", f"{api}/export.csv", "/api/v1/search?q=Flemish"):
        assert client.get(url, headers=headers).status_code in (403, 404), url
    other = delegate_bearer(client, eu.claire)
    assert client.get(f"{api}/comments", headers=other).status_code == 404
    assert client.post(f"{api}/clauses/{eu.text}/comments", headers=other, json={"body": "Hi"}).status_code == 404


def test_the_author_withdraws_their_eu_comment_while_the_eu_phase_runs(client, session, people, eu):
    mine = eu_comments.post(session, eu.anna, eu.pos.id, eu.text, kind="question", body="Mine.")
    flemish = eu_comments.post(session, people.flemish, eu.pos.id, eu.text, kind="question", body="Flemish.")
    session.commit()
    as_delegate(client, eu.anna)
    page = client.get(f"/eu/positions/{eu.pos.id}").get_data(as_text=True)
    assert f'action="/eu/comments/{mine.id}/withdraw"' in page and f"/eu/comments/{flemish.id}/withdraw" not in page
    assert client.post(f"/eu/comments/{flemish.id}/withdraw").status_code == 403
    assert client.post(f"/eu/comments/{eu.belgian.id}/withdraw").status_code == 404  # a Belgian-phase comment: not there
    assert client.post(f"/eu/comments/{mine.id}/withdraw").status_code == 302
    session.expire_all()
    assert (mine.status, flemish.status) == ("withdrawn", "open")
    as_delegate(client, eu.claire)
    assert client.post(f"/eu/comments/{flemish.id}/withdraw").status_code == 404


def test_belgian_comments_made_on_the_position_page_stay_belgian(client, session, people, eu):
    login(client, people.walloon)
    client.post(f"/positions/{eu.pos.id}/clauses/{eu.text}/comments", data={"kind": "comment", "body": "Internal remark."})
    session.expire_all()
    internal = session.scalar(select(Comment).where(Comment.body == "Internal remark."))
    assert internal.audience == "belgian"
    as_delegate(client, eu.anna)
    assert "Internal remark." not in client.get(f"/eu/positions/{eu.pos.id}").get_data(as_text=True)


def test_a_revoked_delegate_comments_no_more(client, session, people, eu):
    participants.revoke(session, people.pen, eu.pos, participants.list_participants(session, people.pen, eu.pos)[0].id)
    session.commit()
    as_delegate(client, eu.anna)
    assert client.post(f"/eu/positions/{eu.pos.id}/clauses/{eu.text}/comments", data={"body": "Still here?"}).status_code == 404
    assert not eu_comments_of(session, eu.pos)


def test_the_belgian_side_comments_on_the_eu_text_only_in_the_eu_phase(client, session, people, eu):
    viewer = client.post(f"/api/v1/positions/{eu.pos.id}/clauses/{eu.text}/comments", headers=bearer(client, people.viewer),
                         json={"body": "A viewer speaks.", "audience": "eu"})
    assert viewer.status_code == 403
    before = factories.position(session, people.pen, title="Not yet in the EU phase")
    uid = drafting.draft(session, before)[1].uid
    early = client.post(f"/api/v1/positions/{before.id}/clauses/{uid}/comments", headers=bearer(client, people.flemish),
                        json={"body": "Too early.", "audience": "eu"})
    assert early.status_code == 404


# ---- the roles on the EU routes while the EU phase runs (the authorization matrix's world is still Belgian) ---------
ROLES = ("anon", "viewer", "official", "other", "pen", "lead", "admin", "delegate", "stranger")
SUGGESTION = "Belgium thanks the Executive Secretary for all the documentation."
EU_ROUTES = [
    # method, url, body,                                                   anon viewer official other pen  lead admin delegate stranger
    ("GET", "/eu/positions/{pos}", None,                                   "login", 200, 200, 200, 200, 200, 404, 200, 404),
    ("POST", "/eu/positions/{pos}/clauses/{uid}/comments", {"data": {"kind": "question", "body": "Why?"}},
                                                                           "login", 403, 302, 302, 302, 302, 404, 302, 404),
    ("POST", "/eu/positions/{pos}/clauses/{uid}/suggest", {"data": {"body": SUGGESTION, "base_revision": "{rev}"}},
                                                                           "login", 403, 302, 302, 302, 302, 404, 302, 404),
    ("GET", "/api/v1/positions/{pos}/comments", None,                      401, 200, 200, 200, 200, 200, 403, 200, 404),
    ("POST", "/api/v1/positions/{pos}/clauses/{uid}/comments", {"json": {"body": "Why?", "audience": "eu"}},
                                                                           401, 403, 201, 201, 201, 201, 403, 201, 404),
    ("POST", "/api/v1/positions/{pos}/clauses/{uid}/suggestions", {"json": {"body": SUGGESTION, "base_revision": "{rev}", "audience": "eu"}},
                                                                           401, 403, 201, 201, 201, 201, 403, 201, 404),
]


def fill(fields: dict, ids: dict, as_json: bool) -> dict:
    """The request's fields with the world's ids (a JSON body's base revision is a number)."""
    filled = {name: value.format(**ids) for name, value in fields.items()}
    return {**filled, "base_revision": int(filled["base_revision"])} if as_json and "base_revision" in filled else filled


@pytest.mark.parametrize("route", EU_ROUTES, ids=[f"{r[0]} {r[1]}" for r in EU_ROUTES])
def test_the_roles_on_the_eu_routes_in_the_eu_phase(app, session, people, eu, route):
    method, url, body, *statuses = route
    users = {"viewer": people.viewer, "official": people.flemish, "other": people.outsider, "pen": people.pen, "lead": people.lead,
             "admin": people.admin, "delegate": eu.anna, "stranger": eu.claire}
    ids = {"pos": eu.pos.id, "uid": eu.text, "rev": eu.rev}
    problems = []
    for role, expected in zip(ROLES, statuses, strict=True):
        client, headers = app.test_client(), {}
        password = DELEGATE_PASSWORD if role in ("delegate", "stranger") else factories.PASSWORD
        if role != "anon" and url.startswith("/api/"):
            headers = {"Authorization": f"Bearer {token(client, users[role], password)}"}
        elif role != "anon":
            login(client, users[role], password)
        kwargs = {kind: fill(fields, ids, kind == "json") for kind, fields in (body or {}).items()}
        before = session.scalar(select(func.count()).select_from(Event))
        response = client.open(url.format(**ids), method=method, headers=headers, **kwargs)
        status = "login" if response.status_code == 302 and "/login" in response.headers.get("Location", "") else response.status_code
        if status != expected:
            problems.append(f"{role}: expected {expected}, got {response.status_code} {response.get_data(as_text=True)[:150]!r}")
        session.expire_all()
        grew = session.scalar(select(func.count()).select_from(Event)) != before
        if grew != (expected in (201, 302) and method == "POST"):
            problems.append(f"{role}: the audit log {'grew' if grew else 'did not grow'}")
    assert not problems, "\n".join(problems)


def test_the_api_document_names_the_audience(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    for name in ("CommentCreate", "SuggestionCreate"):
        assert set(schemas[name]["properties"]["audience"]["enum"]) >= {"belgian", "eu"}, name
    assert schemas["CommentOut"]["properties"]["audience"]["enum"] == ["belgian", "eu"]
    assert "Belgium" in schemas["CommentOut"]["properties"]["administration"]["description"]
    post = document["paths"]["/api/v1/positions/{position_id}/clauses/{uid}/comments"]["post"]
    assert {"403", "404", "409"} <= set(post["responses"])
