"""Dashboard and position page."""

from __future__ import annotations

from tests.factories import position
from tests.helpers import login


def test_dashboard_lists_positions_with_stage_and_meeting(client, session, people):
    pos = position(session, people.pen)
    login(client, people.flemish)
    html = client.get("/").get_data(as_text=True)
    assert pos.title in html and "IPBES-12" in html and "Item 6: Work programme" in html
    assert "Belgian draft" in html


def test_position_page_numbers_clauses_and_renders_markdown(client, session, people):
    pos = position(session, people.pen)
    login(client, people.viewer)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "<strong>supports</strong>" in html
    assert ">1.<" in html and ">1.1<" in html and ">1.4<" in html
    assert "Line to take" in html and "Red line" in html and "Fallback" in html
    assert '<mark class="bracket">' in html


def test_raw_html_in_a_clause_is_never_rendered(client, session, people):
    pos = position(session, people.pen, clauses=[("text", "", "Hello <script>alert(1)</script> [x](javascript:alert(2))")])
    login(client, people.viewer)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_links_to_other_sites_are_marked_and_described_in_the_readers_language(client, session, people):
    pos = position(session, people.pen, clauses=[("text", "", "See the [IPBES report](https://ipbes.net/report) and [v1](#v1).")])
    login(client, people.viewer)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert ('<a href="https://ipbes.net/report" rel="noopener noreferrer" class="external-link" aria-describedby="external-link-note">'
            'IPBES report<span class="external-mark" aria-hidden="true">\u2197</span></a>') in html
    assert '<span id="external-link-note" hidden>link to another website</span>' in html and '<a href="#v1">v1</a>' in html
    client.post("/locale", data={"locale": "fr"})
    assert '<span id="external-link-note" hidden>lien vers un autre site web</span>' in client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert ".external-mark" in client.get("/static/css/app.css").get_data(as_text=True)


def test_unknown_position_is_404(client, people):
    login(client, people.viewer)
    assert client.get("/positions/999").status_code == 404


def test_only_pen_holder_creates_positions(client, session, people):
    login(client, people.flemish)
    assert client.get("/positions/new").status_code == 403
    client.post("/logout")
    login(client, people.pen)
    response = client.post("/positions/new", data={
        "title": "Nexus follow-up", "meeting": "IPBES-12", "agenda_item": "Item 9", "confidentiality": "limited",
        "workflow": "ipbes-position", "consulted": ["VL-OMG", "BXL-ENV"],
    })
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nexus follow-up" in page


def test_position_form_errors_are_shown(client, people):
    login(client, people.pen)
    response = client.post("/positions/new", data={"title": "", "meeting": "", "agenda_item": "", "workflow": "ipbes-position", "confidentiality": "limited"})
    assert response.status_code == 200 and b"This field is required" in response.data
