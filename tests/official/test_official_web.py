"""Official documents on the web: import page, read-only document, changes, coverage and linking, flags, tracker."""

from __future__ import annotations

import html
import io
import re

from positions.models import OfficialDocument, OfficialLink, PlenaryOutcome
from tests.factories import position
from tests.helpers import login

from .documents import draft_decision, draft_decision_rev1
from .support import uids


def csrf(client, url: str) -> str:
    """The form's token (the test configuration switches CSRF off; the browser test runs with it)."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).get_data(as_text=True))
    return found[1] if found else ""


def web_upload(client, data: bytes, filename="IPBES_12_2.docx", **fields):
    """Upload the file: the preview page (nothing saved yet)."""
    token = csrf(client, "/official-documents")
    form = {"csrf_token": token, "symbol": "IPBES/12/2", "title": "Work programme", "meeting": "IPBES-12", "issued_on": "2026-11-02",
            "revision_of": "", **fields, "file": (io.BytesIO(data), filename)}
    return client.post("/official-documents", data=form, content_type="multipart/form-data")


def confirm_form(preview) -> dict:
    """The preview's confirmation form as the browser would send it."""
    page = preview.get_data(as_text=True)
    form = page[page.index('id="official-confirm"'):]
    form = form[:form.index("</form>")]
    return {name: html.unescape(value) for name, value in re.findall(r'name="([a-z_]+)"[^>]*?value="([^"]*)"', form)}


def web_import(client, data: bytes, filename="IPBES_12_2.docx", **fields):
    """Upload, check the preview, confirm: the redirect to the stored document (or the refusal)."""
    preview = web_upload(client, data, filename, **fields)
    if preview.status_code != 200:
        return preview
    return client.post("/official-documents/confirm", data=confirm_form(preview))


def test_the_pen_holder_imports_and_everyone_reads_the_document(client, session, people):
    login(client, people.pen)
    response = web_import(client, draft_decision())
    assert response.status_code == 302
    doc = session.query(OfficialDocument).one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "IPBES/12/2 imported: 9 numbered paragraphs." in page
    assert "What the import could not number" in page and "The Plenary," in page
    assert '<span class="official-number fw-bold me-2">2 (b) (i)</span>An analysis of indirect drivers {2.3.1};' in page
    client.post("/logout")
    login(client, people.flemish)
    listing = client.get("/official-documents").get_data(as_text=True)
    assert "IPBES/12/2" in listing and 'id="official-import"' not in listing  # officials read, they do not import
    assert client.get(f"/official-documents/{doc.id}").status_code == 200
    people.flemish.locale = "nl"  # what the import could not number, in the reader's language
    session.commit()
    dutch = client.get(f"/official-documents/{doc.id}").get_data(as_text=True)
    assert "paragrafen hebben geen officieel nummer" in dutch and "have no official number" not in dutch


def test_a_bad_file_is_refused_on_the_page_with_its_reason(client, session, people):
    login(client, people.pen)
    response = web_import(client, b"%PDF-1.4 broken", filename="x.pdf")
    assert response.status_code == 422
    assert "The PDF is damaged and cannot be read." in response.get_data(as_text=True)
    assert session.query(OfficialDocument).count() == 0


def test_link_revise_flag_review_and_track_on_the_web(client, session, people):
    pos = position(session, people.pen)
    kinds = uids(session, pos)
    login(client, people.pen)
    web_import(client, draft_decision())
    doc = session.query(OfficialDocument).one()
    url = f"/positions/{pos.id}/official?document={doc.id}"
    page = client.get(url).get_data(as_text=True)
    assert "0 of 9 paragraphs of IPBES/12/2 have a Belgian line; 9 have none." in page
    token = csrf(client, url)
    for kind, number in (("line_to_take", "2 (a)"), ("red_line", "3")):
        client.post(f"/positions/{pos.id}/official/{doc.id}/links", data={"csrf_token": token, "clause": kinds[kind], "paragraph": number})
    assert "2 of 9 paragraphs" in client.get(url).get_data(as_text=True)
    position_page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "IPBES/12/2 ¶ 2 (a)" in position_page and "[by May 2027]" in position_page

    response = web_import(client, draft_decision_rev1(), symbol="IPBES/12/2/Rev.1", revision_of=str(doc.id))
    rev = session.query(OfficialDocument).filter_by(revision="Rev.1").one()
    assert "2 links to changed or removed paragraphs are flagged" in client.get(response.headers["Location"]).get_data(as_text=True)
    changes = client.get(f"/official-documents/{rev.id}/changes").get_data(as_text=True)
    assert "renumbered" in changes and "removed" in changes and "December" in changes and "(was 4)" in changes
    position_page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "IPBES/12/2/Rev.1 ¶ 2 (a)" in position_page and position_page.count("official text changed — review") >= 1

    client.post(f"/positions/{pos.id}/official/{rev.id}/reviewed/{kinds['line_to_take']}", data={"csrf_token": token})
    assert not session.query(OfficialLink).filter_by(official_changed=True, paragraph_id=next(
        p.id for p in rev.paragraphs if p.number == "2 (a)")).count()

    paragraph = next(p for p in rev.paragraphs if p.number == "2 (a)")
    response = client.post(f"/positions/{pos.id}/plenary/{rev.id}/{paragraph.id}",
                           data={"csrf_token": token, "outcome": "bracketed", "chair_text": "[by December 2027]", "note": "Brazil."})
    assert response.status_code == 302
    assert session.query(PlenaryOutcome).one().outcome == "bracketed"
    tracker = client.get(f"/positions/{pos.id}/plenary?document={rev.id}").get_data(as_text=True)
    assert "Bracketed" in tracker and "[by December 2027]" in tracker


def test_officials_see_coverage_but_cannot_link_or_record(client, session, people):
    pos = position(session, people.pen)
    kinds = uids(session, pos)
    login(client, people.pen)
    web_import(client, draft_decision())
    doc = session.query(OfficialDocument).one()
    client.post("/logout")
    login(client, people.flemish)
    url = f"/positions/{pos.id}/official?document={doc.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="link-form"' not in page
    token = csrf(client, url)
    response = client.post(f"/positions/{pos.id}/official/{doc.id}/links", data={"csrf_token": token, "clause": kinds["text"], "paragraph": "1"})
    assert response.status_code == 403 and session.query(OfficialLink).count() == 0
    paragraph = next(p for p in doc.paragraphs if p.number == "1")
    assert client.post(f"/positions/{pos.id}/plenary/{doc.id}/{paragraph.id}", data={"csrf_token": token, "outcome": "agreed"}).status_code == 403
    assert "official.record" not in client.get(f"/positions/{pos.id}/plenary?document={doc.id}").get_data(as_text=True)
    assert f"/plenary/{doc.id}/{paragraph.id}" not in client.get(f"/positions/{pos.id}/plenary?document={doc.id}").get_data(as_text=True)


def test_government_comments_on_the_web(client, session, people):
    login(client, people.pen)
    web_import(client, draft_decision())
    doc = session.query(OfficialDocument).one()
    client.post("/logout")
    login(client, people.flemish)
    url = f"/official-documents/{doc.id}/comments"
    response = client.post(url, data={"paragraph": "2 (a)", "page": "3", "line": "12", "comment": "A date.", "proposed_text": "[2027]"})
    assert response.status_code == 302
    assert client.post(url, data={"paragraph": "1", "page": "x", "comment": "A."}).status_code == 422
    page = client.get(url).get_data(as_text=True)
    assert "VL-OMG" in page and "Add to the Belgian set" not in page
    client.post("/logout")
    login(client, people.pen)
    from positions.models import OfficialComment
    remark = session.query(OfficialComment).one()
    client.post(f"{url}/{remark.id}/adopt", data={})
    assert session.query(OfficialComment).filter_by(belgian=True).count() == 1
    table = client.get(f"/official-documents/{doc.id}/comments-BE.csv").get_data().decode("utf-8-sig").splitlines()
    assert table == ["Paragraph,Page,Line,Comment,Proposed text", "2 (a),3,12,A date.,[2027]"]
    assert client.get(f"/official-documents/{doc.id}/comments-BE.docx").status_code == 200
    excel = client.get(f"/official-documents/{doc.id}/comments-BE.xlsx")
    assert excel.status_code == 200 and excel.mimetype.endswith("spreadsheetml.sheet")
    assert b"Excel" in client.get(url).get_data()


def test_the_import_is_previewed_and_nothing_is_saved_until_confirmed(client, session, people):
    pos = position(session, people.pen)
    kinds = uids(session, pos)
    login(client, people.pen)
    preview = web_upload(client, draft_decision())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and session.query(OfficialDocument).count() == 0
    assert "Check the import of IPBES_12_2.docx" in page and "with an official number" in page
    assert "What the import could not number" in page and "2 (b) (i)" in page
    form = confirm_form(preview)
    form["title"] = "Work programme, as corrected on the preview"
    done = client.post("/official-documents/confirm", data=form)
    assert done.status_code == 302
    doc = session.query(OfficialDocument).one()
    assert doc.title == "Work programme, as corrected on the preview" and doc.issued_on.isoformat() == "2026-11-02"
    assert client.post("/official-documents/confirm", data=form).status_code == 302  # used: back to the upload form
    assert session.query(OfficialDocument).count() == 1

    token = csrf(client, f"/positions/{pos.id}/official?document={doc.id}")
    client.post(f"/positions/{pos.id}/official/{doc.id}/links", data={"csrf_token": token, "clause": kinds["line_to_take"], "paragraph": "2 (a)"})
    revision = web_upload(client, draft_decision_rev1(), symbol="IPBES/12/2/Rev.1", revision_of=str(doc.id)).get_data(as_text=True)
    assert "Compared with IPBES/12/2:" in revision and "1 links of Belgian clauses to changed or removed paragraphs will be flagged" in revision
    assert session.query(OfficialDocument).count() == 1
    cancelled = client.post("/official-documents/cancel", data=confirm_form(web_upload(client, draft_decision_rev1())))
    assert cancelled.status_code == 302 and session.query(OfficialDocument).count() == 1


def test_a_refused_confirmation_shows_the_preview_again_with_the_reason(client, session, people):
    login(client, people.pen)
    form = confirm_form(web_upload(client, draft_decision()))
    form["title"] = "Work\u202eprogramme"  # a hidden direction mark: refused by the rules, not by the form
    again = client.post("/official-documents/confirm", data=form)
    assert again.status_code == 422 and "Check the import of" in again.get_data(as_text=True)
    assert session.query(OfficialDocument).count() == 0
    form["title"] = "Work programme"
    assert client.post("/official-documents/confirm", data=form).status_code == 302  # the upload was kept
    assert session.query(OfficialDocument).count() == 1
