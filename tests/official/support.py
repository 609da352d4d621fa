"""Helpers for the official-document tests: import through the API, link, read coverage."""

from __future__ import annotations

import io

from positions.services import drafting
from tests.helpers import bearer


def import_file(client, user, data: bytes, filename: str = "IPBES_12_2.docx", **fields) -> object:
    form = {"symbol": "IPBES/12/2", "title": "Work programme of the Platform", "meeting": "IPBES-12", "date": "2026-11-02", **fields}
    return client.post("/api/v1/official-documents", headers=bearer(client, user), content_type="multipart/form-data",
                       data={**{k: str(v) for k, v in form.items()}, "file": (io.BytesIO(data), filename)})


def uids(session, pos) -> dict[str, str]:
    """The draft's uids by kind (the first clause of each kind)."""
    found: dict[str, str] = {}
    for clause in drafting.draft(session, pos):
        found.setdefault(clause.revision.kind, clause.uid)
    return found


def link(client, user, pos, uid: str, document: int, paragraph: str):
    return client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/links", headers=bearer(client, user),
                       json={"document": document, "paragraph": paragraph})
