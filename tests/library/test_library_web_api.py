"""The library as users meet it: pages (add from clause, insert from the editor, used in) and the API."""

from __future__ import annotations

from positions.models import LibraryEntry, LibraryUse
from positions.services import drafting, library
from tests import factories
from tests.helpers import bearer, login
from tests.library.support import approved_position

IPBES = {"text": "Welcomes the nexus assessment;", "language": "en", "status": "adopted_plenary", "tags": ["nexus"],
         "source": {"meeting": "IPBES-11", "symbol": "IPBES-11/1", "paragraph": "3", "date": "2024-12-16"}}


def _entry(session, people, **fields):
    entry = library.create_entry(session, people.pen, **{"text": "Decides to approve the work programme.", "meeting": "IPBES-11",
                                                        "symbol": "IPBES-11/1", "paragraph": "3", **fields})
    session.commit()
    return entry


def test_the_library_page_filters_and_renders_markdown_without_html(client, session, people):
    _entry(session, people, text="Recognises **indigenous** and local knowledge <script>alert(1)</script>", tags=["ilk"])
    _entry(session, people, text="Reconnaît les savoirs autochtones", language="fr")
    login(client, people.viewer)
    page = client.get("/library").get_data(as_text=True)
    assert "<strong>indigenous</strong>" in page and "<script>alert" not in page and "2 entries" in page
    assert "Reconnaît" not in client.get("/library?language=en").get_data(as_text=True)
    assert "Reconnaît" in client.get("/library?text=SAVOIRS").get_data(as_text=True)
    assert "Recognises" in client.get("/library?tag=ilk").get_data(as_text=True)
    assert "No wording matches." in client.get("/library?status=agreed_eu").get_data(as_text=True)
    assert client.get("/library?text=" + "x" * 5000).status_code == 200
    assert client.get("/library?page=abc").status_code == 422


def test_pen_holder_adds_edits_and_officials_only_read(app, client, session, people):
    login(client, people.pen)
    form = {"text": "The EU supports the nexus assessment.", "meeting": "EU Council", "symbol": "ST 15123/24",
            "paragraph": "12", "source_date": "2024-11-20", "status": "agreed_eu", "language": "en", "tags": "EU, nexus", "notes": ""}
    created = client.post("/library/new", data=form)
    assert created.status_code == 302
    entry = session.query(LibraryEntry).one()
    assert (entry.status, entry.tags, entry.label) == ("agreed_eu", ["eu", "nexus"], "EU Council ST 15123/24, para. 12")
    assert client.post("/library/new", data={**form, "text": " "}).status_code == 422
    bad = client.post("/library/new", data={**form, "status": "sort of"})
    assert bad.status_code == 422
    edited = client.post(f"/library/{entry.id}/edit", data={**form, "notes": "Council conclusions"})
    session.expire_all()
    assert edited.status_code == 302 and session.get(LibraryEntry, entry.id).notes == "Council conclusions"
    official = app.test_client()
    login(official, people.flemish)
    assert official.get(f"/library/{entry.id}").status_code == 200
    assert "Edit" not in official.get(f"/library/{entry.id}").get_data(as_text=True).split("</nav>", 2)[-1].split("<blockquote")[0]
    assert official.post("/library/new", data=form).status_code == 403
    assert official.post(f"/library/{entry.id}/edit", data=form).status_code == 403
    assert official.get("/library/99999").status_code == 404


def test_add_to_library_from_an_agreed_clause_keeps_the_version_and_hash(client, session, people):
    pos = approved_position(session, people)
    line = drafting.draft(session, pos)[1]
    login(client, people.pen)
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert f'/clauses/{line.uid}/library' in page and "Add to library" in page
    added = client.post(f"/positions/{pos.id}/clauses/{line.uid}/library", data={"status": "agreed_belgium"})
    entry = session.query(LibraryEntry).one()
    assert added.headers["Location"].endswith(f"/library/{entry.id}")
    detail = client.get(f"/library/{entry.id}").get_data(as_text=True)
    assert "v1" in detail and entry.origin_content_hash[:12] in detail and pos.title in detail
    draft_pos = factories.position(session, people.pen)
    assert "Add to library" not in client.get(f"/positions/{draft_pos.id}").get_data(as_text=True)
    refused = client.post(f"/positions/{draft_pos.id}/clauses/{drafting.draft(session, draft_pos)[1].uid}/library",
                          data={"status": "agreed_belgium"}, follow_redirects=True)
    assert "Only agreed or final text goes into the library" in refused.get_data(as_text=True)


def test_insert_from_the_editor_as_new_clause_and_into_a_clause_without_javascript(client, session, people):
    entry = _entry(session, people)
    pos = factories.position(session, people.pen)
    target = drafting.draft(session, pos)[1]
    login(client, people.pen)
    editor = client.get(f"/positions/{pos.id}/clauses/{target.uid}/edit").get_data(as_text=True)
    assert "Insert from library" in editor and f'name="clause" value="{target.uid}"' in editor
    picker = client.get(f"/library?position={pos.id}&clause={target.uid}&text=work+programme").get_data(as_text=True)
    assert "Insert into the clause" in picker and "Decides to approve" in picker
    into = client.post(f"/library/{entry.id}/insert", data={"position": pos.id, "clause": target.uid,
                                                           "base_revision": target.revision.id, "kind": "text"})
    assert into.status_code == 302 and into.headers["Location"].endswith(f"#clause-{target.uid}")
    assert drafting.find_clause(session, pos, target.uid).head.body.endswith("Decides to approve the work programme.")
    new = client.post(f"/library/{entry.id}/insert", data={"position": pos.id, "kind": "line_to_take"})
    uid = new.headers["Location"].rsplit("#clause-", 1)[1]
    assert drafting.find_clause(session, pos, uid).head.kind == "line_to_take"
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert page.count("IPBES-11/1, para. 3</a>") == 2 and "clause-source" in page
    used = client.get(f"/library/{entry.id}").get_data(as_text=True)
    assert used.count(f"/positions/{pos.id}#clause-") == 2
    assert session.query(LibraryUse).count() == 2


def test_officials_cannot_insert_and_used_in_hides_restricted_positions(app, client, session, people):
    entry = _entry(session, people)
    secret = factories.position(session, people.pen, confidentiality="restricted", consulted=("VL-OMG",), title="Secret")
    login(client, people.pen)
    client.post(f"/library/{entry.id}/insert", data={"position": secret.id, "kind": "text"})
    outsider = app.test_client()
    login(outsider, people.outsider)
    assert outsider.post(f"/library/{entry.id}/insert", data={"position": secret.id, "kind": "text"}).status_code == 404
    page = outsider.get(f"/library/{entry.id}").get_data(as_text=True)
    assert "Secret" not in page and "Not used in any position you can see." in page
    insider = app.test_client()
    login(insider, people.flemish)
    assert "Secret" in insider.get(f"/library/{entry.id}").get_data(as_text=True)
    assert insider.post(f"/library/{entry.id}/insert", data={"position": secret.id, "kind": "text"}).status_code == 403


def test_api_creates_reads_lists_and_patches_entries(client, session, people):
    pen = bearer(client, people.pen)
    created = client.post("/api/v1/library", headers=pen, json=IPBES)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["source"] == IPBES["source"] and body["tags"] == ["nexus"] and body["used_in"] == []
    assert body["label"] == "IPBES-11/1, para. 3" and body["origin"] is None
    patched = client.patch(f"/api/v1/library/{body['id']}", headers=pen, json={"status": "agreed_eu", "source": {"paragraph": "4"}})
    assert patched.status_code == 200
    assert patched.get_json()["status"] == "agreed_eu" and patched.get_json()["source"]["paragraph"] == "4"
    assert patched.get_json()["source"]["symbol"] == "IPBES-11/1"  # the fields not sent stay
    viewer = bearer(client, people.viewer)
    listed = client.get("/api/v1/library?q=nexus&status=agreed_eu", headers=viewer).get_json()
    assert listed["total"] == 1 and listed["entries"][0]["id"] == body["id"] and listed["next"] is None
    assert client.get(f"/api/v1/library/{body['id']}", headers=viewer).status_code == 200
    assert client.post("/api/v1/library", headers=viewer, json=IPBES).status_code == 403
    assert client.patch(f"/api/v1/library/{body['id']}", headers=bearer(client, people.flemish), json={"notes": "x"}).status_code == 403


def test_api_bad_input_is_a_clear_422(client, session, people):
    pen = bearer(client, people.pen)
    for wrong, field in (({"text": ""}, "text"), ({"status": "final"}, "status"), ({"language": "xx"}, "language"),
                         ({"source": {"date": "16/12/2024"}}, "source_date"), ({"tags": ["x" * 80]}, "tags")):
        answer = client.post("/api/v1/library", headers=pen, json={**IPBES, **wrong})
        assert answer.status_code == 422, (wrong, answer.get_json())
        assert field in answer.get_json()["error"]["details"]["fields"], answer.get_json()
    assert client.post("/api/v1/library", headers=pen, json={**IPBES, "colour": "red"}).status_code == 422
    assert client.post("/api/v1/library", headers=pen, json={"language": "en"}).status_code == 422
    assert client.get("/api/v1/library?per_page=1000", headers=pen).status_code == 422
    assert client.get("/api/v1/library/123456", headers=pen).status_code == 404


def test_api_clause_from_a_library_entry_carries_its_source(client, session, people):
    entry = _entry(session, people)
    pos = factories.position(session, people.pen)
    pen = bearer(client, people.pen)
    made = client.post(f"/api/v1/positions/{pos.id}/clauses", headers=pen, json={"kind": "line_to_take", "library_entry": entry.id})
    assert made.status_code == 201, made.get_json()
    clause = made.get_json()
    assert clause["body"] == entry.text and clause["source"] == {"library_entry": entry.id, "label": "IPBES-11/1, para. 3"}
    shown = client.get(f"/api/v1/positions/{pos.id}", headers=pen).get_json()
    assert [c["source"] for c in shown["clauses"] if c["uid"] == clause["uid"]] == [clause["source"]]
    assert all(c["source"] is None for c in shown["clauses"] if c["uid"] != clause["uid"])
    used = client.get(f"/api/v1/library/{entry.id}", headers=pen).get_json()["used_in"]
    assert [(u["position_id"], u["clause_uid"]) for u in used] == [(pos.id, clause["uid"])]
    missing = client.post(f"/api/v1/positions/{pos.id}/clauses", headers=pen, json={"kind": "text", "library_entry": 987654})
    assert missing.status_code == 404
