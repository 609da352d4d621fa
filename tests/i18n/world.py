"""A realistic position for the language tests: clauses, comments, a consultation with an objection, versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from positions.models import Clause, ClauseRevision, LibraryEntry, Position
from tests.factories import position
from tests.helpers import login


@dataclass
class World:
    position: Position
    uid: str
    conflict_form: dict
    library_entry: int = 0


def build(client, session, people) -> World:
    """Drive the app as the users would, so every panel of the pages has something to show."""
    pos = position(session, people.pen)
    clauses = session.scalars(select(Clause).where(Clause.position_id == pos.id).order_by(Clause.id)).all()
    text_uid = clauses[2].uid  # the line to take
    deadline = (date.today() + timedelta(days=10)).isoformat()
    login(client, people.pen)
    client.post(f"/positions/{pos.id}/versions", data={"note": "Sent to the regions"}, follow_redirects=True)
    client.post(f"/positions/{pos.id}/transitions/submit", data={"deadline": deadline, "note": "For the plenary"}, follow_redirects=True)
    client.post("/logout")
    login(client, people.flemish)
    client.post(f"/positions/{pos.id}/clauses/{text_uid}/comments",
                data={"kind": "amendment", "quote": "second global assessment", "proposed_text": "nexus assessment",
                      "body": "Align with the EU line."}, follow_redirects=True)
    client.post(f"/positions/{pos.id}/clauses/{text_uid}/comments", data={"kind": "question", "body": "Which budget line?"}, follow_redirects=True)
    client.post("/logout")
    login(client, people.walloon)
    client.post(f"/positions/{pos.id}/versions/2/consent", data={"state": "object", "note": "The budget line is missing."}, follow_redirects=True)
    client.post("/logout")
    login(client, people.pen)
    head = session.scalar(select(ClauseRevision).join(Clause, Clause.head_revision_id == ClauseRevision.id)
                          .where(Clause.uid == text_uid))
    base = head.id
    client.post(f"/positions/{pos.id}/clauses/{text_uid}/edit",
                data={"kind": "line_to_take", "heading": "", "body": head.body.replace("supports", "welcomes"), "base_revision": base}, follow_redirects=True)
    conflict = {"kind": "line_to_take", "heading": "", "body": head.body.replace("supports", "endorses"), "base_revision": base}
    client.post("/library/new", data={"text": "Welcomes the nexus assessment;", "meeting": "IPBES-11", "symbol": "IPBES-11/1",
                                      "paragraph": "1", "status": "adopted_plenary", "language": "en", "tags": "nexus"})
    entry = session.scalar(select(LibraryEntry.id))
    client.post(f"/library/{entry}/insert", data={"position": pos.id, "kind": "text"})
    client.post("/logout")
    client.get("/login")  # the flashed messages of the set-up are shown (and gone) before the pages are checked
    return World(pos, text_uid, conflict, entry)


def pages(world: World) -> dict[str, list[tuple[str, str, dict | None]]]:
    """Every main page, by who sees it: (method, url, form data)."""
    p, uid = f"/positions/{world.position.id}", world.uid
    return {
        "anonymous": [("GET", "/login", None)],
        "pen": [
            ("GET", "/", None), ("GET", p, None), ("GET", f"{p}/comments", None), ("GET", f"{p}/clauses/{uid}/edit", None),
            ("GET", f"{p}/compare?from=1&to=draft", None), ("GET", f"{p}/compare?from=1&to=2&view=side", None),
            ("GET", f"{p}/versions", None), ("GET", f"{p}/clauses/{uid}/history", None), ("GET", f"{p}/consultation", None),
            ("GET", f"{p}/history", None), ("GET", f"{p}/word", None), ("GET", "/positions/import", None),
            ("GET", "/positions/new", None), ("GET", "/profile", None), ("GET", "/account/password", None),
            ("POST", f"{p}/clauses/{uid}/edit", world.conflict_form), ("GET", "/positions/99999", None),
            ("GET", f"{p}/history?since=yesterday", None), ("POST", f"{p}/transitions/conclude", {}),
            ("GET", "/library", None), ("GET", f"/library?position={world.position.id}&clause={uid}", None),
            ("GET", f"/library/{world.library_entry}", None), ("GET", f"/library/{world.library_entry}/edit", None),
            ("GET", "/library/new", None), ("GET", "/library/import", None),
        ],
        "lead": [("GET", f"{p}/consultation", None), ("GET", p, None)],
        "flemish": [("GET", f"{p}/clauses/{uid}/comment", None), ("GET", f"{p}/word", None), ("GET", f"{p}/consultation", None),
                    ("GET", "/no-such-page", None), ("GET", "/admin/users", None), ("GET", "/library", None),
                    ("GET", f"/library/{world.library_entry}", None)],
        "admin": [("GET", "/admin/users", None), ("GET", "/admin/users/new", None), ("GET", "/admin/administrations", None),
                  ("GET", "/admin/administrations/new", None), ("GET", "/admin/administrations/1", None)],
    }


def render_all(client, people, world: World, headers: dict | None = None):
    """Yield (who, url, status, html) for every page, following redirects (to see flashed messages)."""
    users = {"pen": people.pen, "lead": people.lead, "flemish": people.flemish, "admin": people.admin}
    for who, rows in pages(world).items():
        if who != "anonymous":
            login(client, users[who])
        for method, url, data in rows:
            if method == "GET":
                response = client.get(url, headers=headers)
            else:
                response = client.post(url, data=data, headers=headers, follow_redirects=True)
            yield who, url, response.status_code, response.get_data(as_text=True)
        client.post("/logout")
