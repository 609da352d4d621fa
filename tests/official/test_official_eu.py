"""The EU text shows the Secretariat's paragraph each shared clause addresses — the public text, nothing Belgian."""

from __future__ import annotations

from positions.services import drafting
from tests.app.test_eu_text_export import PASSWORD, start_eu, world  # noqa: F401  (the EU-phase position and its German delegate)
from tests.helpers import login
from tests.official.documents import draft_decision
from tests.official.support import import_file, link


def test_a_delegate_reads_the_official_paragraph_beside_a_shared_clause_and_no_belgian_link(client, session, people, world):  # noqa: F811
    pos, anna = world
    document = import_file(client, people.pen, draft_decision()).get_json()["id"]
    clauses = drafting.draft(session, pos)
    shared, red_line = clauses[1].uid, clauses[4].uid
    assert link(client, people.pen, pos, shared, document, "1").status_code == 201
    assert link(client, people.pen, pos, red_line, document, "2").status_code == 201
    start_eu(session, people, pos)

    login(client, anna, PASSWORD)
    page = client.get(f"/eu/positions/{pos.id}").get_data(as_text=True)
    beside = page.split(f'id="clause-{shared}"')[1].split("</li>")[0]
    assert "IPBES/12/2 ¶ 1" in beside and "Welcomes the progress report on the implementation" in beside
    assert "Requests the Executive Secretary" not in page  # the red line's paragraph: its link is Belgian
    assert "official text changed" not in page and "REDLINE-MARKER" not in page
