"""Property: no response to a delegate carries anything Belgian (issue 17, design section 10).

Hypothesis builds positions through their Belgian phase into the EU phase, with Belgian comments, replies,
amendments, consultation answers, resolution notes, lines to take, red lines and internal notes holding random
marker strings, a text clause whose Belgian wording (with a marker) is rewritten in the EU phase, and EU comments
by the Belgian side (whose authors the delegate must read as Belgium) and by the delegate. Then the delegate asks
every route they can reach — and the Belgian ones they cannot — on the web and through the API (pages, comment
lists, exports, search, notifications, the live stream's hello, refusals of writes): no response holds a marker,
a Belgian administration's code or a Belgian official's name. The OpenAPI document (static, the same for all,
with illustrative codes in its examples) is the one route left out.
"""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.cli.demo_data import ADMINISTRATIONS
from positions.member_states import is_belgian
from positions.services import (
    accounts,
    approvals,
    comments,
    consultations,
    drafting,
    editing,
    participants,
    versions,
)
from tests import factories
from tests.app.test_eu_comments import DELEGATE_PASSWORD
from tests.app.test_eu_text import DEADLINE
from tests.helpers import login, token
from workflows import eu_comments
from workflows.service import fire_transition

BELGIAN_CODES = tuple(code for code, _, kind in ADMINISTRATIONS if is_belgian(kind))
INVITER = "Anne Peeters"  # the pen-holder who invites: her invitation mail names her (and nothing else Belgian)
marker = st.text(alphabet="BCDFGHJKLMNPQRSTVWXZ", min_size=10, max_size=10).map(lambda s: f"qx{s}")
belgian_comment = st.tuples(st.integers(0, 2), st.sampled_from(("comment", "question", "reservation", "amendment")),
                            st.integers(0, 4), marker, st.booleans())
eu_remark = st.tuples(st.integers(0, 3), st.sampled_from(("comment", "support", "question")), st.booleans())


@pytest.fixture
def world(session, people):
    """Belgian people with telling names, the member states, a German delegate, and a position she is not invited to."""
    factories.administrations_eu(session)
    accounts.update_user(session, people.admin, people.pen, name=INVITER, email=people.pen.email, administration_code="BBPF",
                         role="pen_holder", active=True)
    stranger = participants.invite(session, people.pen, factories.position(session, people.pen, title="qxSTRANGERTITLE"),
                                   email="claire@example.fr", name="Claire Martin", administration="FR")
    participants.accept(session, stranger.secret, DELEGATE_PASSWORD)
    anna = participants.invite(session, people.pen, factories.position(session, people.pen, title="First EU position"),
                               email="anna@bmuv.example.de", name="Anna Schmidt", administration="DE")
    participants.accept(session, anna.secret, DELEGATE_PASSWORD)
    session.commit()
    return SimpleNamespace(people=people, anna=anna.participant.user, claire=stranger.participant.user, positions=[], secrets=set())


def through_the_belgian_phase(session, w, marks: list[str], said: list[tuple]) -> tuple:
    """A position whose Belgian phase is full of markers, then in its EU draft; (position, uids by kind)."""
    p = w.people
    officials = (p.flemish, p.walloon, p.brussels)
    clauses = [("heading", "General remarks", ""), ("text", "", f"Belgium thanks the Secretariat {marks[0]}."),
               ("text", "", "Belgium welcomes the assessment."), ("line_to_take", "", f"Push for {marks[1]}."),
               ("red_line", "", f"Never {marks[2]}."), ("internal_note", "", f"Ask {marks[3]} first.")]
    pos = factories.position(session, p.pen, clauses=clauses, title="Position on the nexus assessment")
    draft = drafting.draft(session, pos)
    fire_transition(pos, "submit", p.pen, deadline=DEADLINE)
    for author, kind, target, secret, reply in said:
        clause = draft[target + 1]
        extra = {"proposed_text": f"{clause.revision.body} {secret}"} if kind == "amendment" else {}
        made = comments.post_comment(session, officials[author], pos, clause.uid, kind=kind, body=f"Belgian {secret}", **extra)
        if reply:
            comments.post_comment(session, p.lead, pos, clause.uid, kind="comment", body=f"Lead {secret}", parent_id=made.id)
        comments.resolve(session, p.pen, pos, made, "rejected" if kind == "amendment" else "resolved", f"Noted {secret}")
    version = versions.get_version(session, pos, 1)
    for n, official in enumerate(officials):
        consultations.answer(session, official, pos, version, "agree", note=f"Fine {marks[n % len(marks)]}")
    approvals.decide(session, p.lead, pos, version, "approve", note=f"Approved {marks[0]}")
    session.commit()
    fire_transition(pos, "conclude", p.lead)
    participants.invite(session, p.pen, pos, email=w.anna.email, name=w.anna.name, administration="DE")
    fire_transition(pos, "start_eu", p.pen)
    text = drafting.draft(session, pos)[1]
    editing.edit_clause(session, p.pen, pos, text.uid, base_revision=text.revision.id, body="The EU thanks the Secretariat.")
    session.commit()
    w.secrets.update(s for *_, s, _ in said)
    w.secrets.update(marks)
    return pos, {c.revision.kind: c.uid for c in drafting.draft(session, pos)}


def in_the_eu_phase(session, w, pos, uids: dict[str, str], remarks: list[tuple], eu_version: bool) -> None:
    """EU comments by the Belgian side (and replies by the delegate); maybe EU version 1."""
    p = w.people
    authors = (p.flemish, p.walloon, p.pen, p.lead)
    for author, kind, answered in remarks:
        made = eu_comments.post(session, authors[author], pos.id, uids["text"], kind=kind, body="An EU remark.")
        if answered:
            eu_comments.post(session, w.anna, pos.id, uids["text"], body="Danke.", parent_id=made.id)
            comments.post_comment(session, p.flemish, pos, uids["text"], kind="comment", body="@Anna Schmidt see the reply.",
                                  audience="eu", parent_id=made.id)
    if eu_version:
        fire_transition(pos, "submit", p.pen, deadline=DEADLINE)
    session.commit()


def requests(pos, uids, belgian_comment_id) -> list[tuple[str, str, dict]]:
    """(method, url, body) for everything a delegate may try, web and API, reachable or not."""
    P, A, E = f"/positions/{pos.id}", f"/api/v1/positions/{pos.id}", f"/eu/positions/{pos.id}"
    text, secret_uid = uids["text"], uids["internal_note"]
    web = [("GET", url, {}) for url in (
        "/", "/notifications", "/profile", "/account/password", E, f"{E}/versions/1", f"{E}/compare?from=1&to=draft",
        f"{E}/compare?from=1&to=2", f"{E}/versions/9", P, f"{P}/comments", f"{P}/history", f"{P}/versions", f"{P}/consultation",
        f"{P}/compare?from=1&to=draft", f"{P}/clauses/{text}/threads", f"{P}/clauses/{text}/history", f"{P}/word/export?version=1",
        f"/comments/{belgian_comment_id}", "/search?q=Belgium", f"{P}/participants", f"{P}/deadlines.ics", "/library",
        f"{E}/export.docx", f"{E}/export.docx?version=1", f"{E}/export.docx?comments=1", f"{P}/eu-check")]
    web += [("POST", f"{E}/clauses/{secret_uid}/comments", {"data": {"body": "What is this?"}}),
            ("POST", f"{E}/clauses/{text}/comments", {"data": {"body": "Me too.", "parent_id": belgian_comment_id}}),
            ("POST", f"{E}/clauses/{secret_uid}/suggest", {"data": {"body": "x", "base_revision": "1"}}),
            ("POST", f"/comments/{belgian_comment_id}/resolve", {"data": {"status": "withdrawn"}}),
            ("POST", f"/eu/comments/{belgian_comment_id}/withdraw", {})]
    api = [("GET", url, {}) for url in (
        "/api/v1/me", "/api/v1/me/notifications", "/api/v1/me/tasks", "/api/v1/administrations", "/api/v1/positions", A,
        f"{A}/comments", f"{A}/comments?per_page=500&administration=be", f"{A}/comments?clause={secret_uid}", f"{A}/events",
        f"{A}/versions/1", f"{A}/export.csv", f"{A}/export.docx?version=1", "/api/v1/search?q=Belgium", f"{A}/transitions",
        f"{A}/participants", f"{A}/clauses/{text}/history", f"{A}/compare?from=1&to=draft", f"{A}/eu-text.docx", f"{A}/eu-text.docx?comments=true",
        f"{A}/eu-check")]
    api += [("POST", f"{A}/clauses/{secret_uid}/comments", {"json": {"body": "What is this?"}}),
            ("POST", f"{A}/clauses/{text}/comments", {"json": {"body": "Me too.", "parent_id": belgian_comment_id}}),
            ("POST", f"{A}/clauses/{secret_uid}/suggestions", {"json": {"body": "x", "base_revision": 1}}),
            ("POST", f"/api/v1/comments/{belgian_comment_id}/resolve", {"json": {"status": "withdrawn"}})]
    return web + [("API", *r) for r in api]


def body_of(response) -> str:
    """The text of a response; of an event stream only its first message (the hello), never waiting for more."""
    if response.mimetype == "text/event-stream":
        return next(iter(response.response), b"").decode("utf-8", "replace")
    data = response.get_data()
    if data.startswith(b"PK"):  # a Word file: every part of it, as text
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            return "\n".join(docx.read(name).decode("utf-8", "replace") for name in docx.namelist())
    return data.decode("utf-8", "replace")


def what_the_delegate_gets(app, w, pos, uids, belgian_comment_id) -> list[tuple[str, int, str]]:
    web, api = app.test_client(), app.test_client()
    login(web, w.anna, DELEGATE_PASSWORD)
    headers = {"Authorization": f"Bearer {token(api, w.anna, DELEGATE_PASSWORD)}"}
    got = []
    for method, *rest in requests(pos, uids, belgian_comment_id):
        client, kwargs = (api, {"headers": headers}) if method == "API" else (web, {})
        if method == "API":
            method, url, body = rest
        else:
            url, body = rest
        response = client.open(url, method=method, buffered=False, **kwargs, **body)
        got.append((f"{method} {url}", response.status_code, body_of(response)))
        response.close()
    stream = web.get(f"/positions/{pos.id}/stream", buffered=False)
    got.append(("stream", stream.status_code, body_of(stream)))
    stream.close()
    return got


@settings(max_examples=6, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),  # no shrinking: too slow here
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(marks=st.lists(marker, min_size=4, max_size=4, unique=True), said=st.lists(belgian_comment, min_size=1, max_size=5),
       remarks=st.lists(eu_remark, max_size=3), eu_version=st.booleans())
def test_no_response_to_a_delegate_holds_anything_belgian(app, session, world, marks, said, remarks, eu_version):
    pos, uids = through_the_belgian_phase(session, world, marks, said)
    in_the_eu_phase(session, world, pos, uids, remarks, eu_version)
    belgian = comments.list_comments(session, pos)[0]
    names = [u.name for u in (world.people.flemish, world.people.walloon, world.people.brussels, world.people.lead,
                              world.people.viewer, world.people.outsider)]
    forbidden = [*world.secrets, "qxSTRANGERTITLE", *BELGIAN_CODES, *names]
    reached = 0
    for request, status, text in what_the_delegate_gets(app, world, pos, uids, belgian.id):
        leaked = [word for word in forbidden if word in text]
        assert not leaked, f"{request} ({status}) shows {leaked}: {text[:300]!r}"
        reached += status == 200
    assert reached >= 8  # the EU pages, the comment list, notifications… were really read
