"""axe-core on every main page at 1280×800 and 768 px wide: no serious or critical violation.

Also takes the tablet screenshots (artefacts/screenshots/tablet-*.png) and checks that nothing
overflows sideways at 768 px.
"""

from __future__ import annotations

import io

import docx
import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    ADMIN,
    BRUSSELS,
    DESKTOP,
    FLEMISH,
    LEAD,
    PEN,
    TABLET,
    deadline,
    no_horizontal_overflow,
    shot,
    violations,
)

pytestmark = pytest.mark.browser


def word_file(paragraphs: list[str]) -> bytes:
    """A small Word file to import as a new position."""
    document = docx.Document()
    document.add_heading("Belgian position on invasive alien species", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def pages(live_server):
    """A position in consultation with comments, an amendment and answers; the URLs of every main page."""
    position_id = live_server.position("Belgian position for the accessibility check")
    return {"position": f"/positions/{position_id}", "id": position_id}


def prepare(live_server, user_page, pages):
    """Bring the position to consultation with a thread and an amendment, through the browser."""
    url = pages["position"]
    pen = user_page(PEN)
    pen.goto(url)
    pen.locator("#step-submit").get_by_label("Consultation deadline").fill(deadline())
    pen.locator("#step-submit button").click()
    expect(pen.locator(".workflow-stage")).to_have_text("Belgian consultation")
    flemish = user_page(FLEMISH)
    uid = live_server.clause_uids(pages["id"])[2]
    flemish.goto(f"{url}/clauses/{uid}/comment?kind=amendment&quote=action%20plans")
    flemish.locator("textarea[name=body]").fill("Plans are more concrete.")
    flemish.locator("textarea[name=proposed_text]").fill("national action plans")
    flemish.get_by_role("button", name="Post").click()
    flemish.goto(f"{url}/consultation")
    flemish.locator("#state-object").check()
    flemish.locator("#consent-note").fill("Not yet.")
    flemish.get_by_role("button", name="Send answer").click()
    return pen, flemish, uid


def conflict_page(live_server, user_page, pages, uid):
    """Two pen-holder windows edit the same words: the second save shows the conflict view."""
    first, second = user_page(PEN), user_page(PEN)
    edit = f"{pages['position']}/clauses/{uid}/edit"
    first.goto(edit)
    second.goto(edit)
    first.locator("textarea[name=body]").fill("Belgium supports using the assessment in regional plans.")
    first.get_by_role("button", name="Save").click()
    second.locator("textarea[name=body]").fill("Belgium supports using the assessment in federal plans.")
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_role("heading", name="Someone else changed the same words")).to_be_visible()
    return second


def import_preview(pen, tmp_path):
    """The Word import page and its preview, as the pen-holder."""
    path = tmp_path / "invasive.docx"
    path.write_bytes(word_file(["Belgium supports the assessment.", "No reopening of the scope."]))
    pen.goto("/positions/import")
    yield "word-import"
    pen.locator("input[type=file]").set_input_files(str(path))
    pen.get_by_role("button").filter(has_text="Preview").first.click()
    yield "word-import-preview"


def check_everywhere(page, name: str, problems: dict[str, list[str]]) -> None:
    """axe at 1280×800 and at 768 px; overflow at 768 px; screenshots at both sizes."""
    for label, size in (("desktop", DESKTOP), ("tablet", TABLET)):
        page.set_viewport_size(size)
        found = violations(page)
        if found:
            problems[f"{name} @ {label}"] = found
        shot(page, f"{label}-{name}")
        if label == "tablet":
            overflow = no_horizontal_overflow(page)
            if overflow > 0:
                problems[f"{name} @ {label}"] = [*found, f"horizontal overflow of {overflow}px at 768 px"]
    page.set_viewport_size(DESKTOP)


def test_no_serious_axe_violations_on_the_main_pages(live_server, user_page, pages, page, tmp_path):
    problems: dict[str, list[str]] = {}
    page.goto("/login")
    check_everywhere(page, "login", problems)
    page.goto("/positions/999999")
    check_everywhere(page, "error-page-anonymous", problems)

    pen, flemish, uid = prepare(live_server, user_page, pages)
    url = pages["position"]
    for name, path in [
        ("dashboard", "/"),
        ("new-position", "/positions/new"),
        ("position", url),
        ("clause-edit", f"{url}/clauses/{uid}/edit"),
        ("clause-history", f"{url}/clauses/{uid}/history"),
        ("comments", f"{url}/comments"),
        ("versions", f"{url}/versions"),
        ("compare-inline", f"{url}/compare?from=1&to=draft"),
        ("compare-side-by-side", f"{url}/compare?from=1&to=draft&view=side"),
        ("consultation-matrix", f"{url}/consultation"),
        ("workflow-history", f"{url}/history"),
        ("word-export", f"{url}/word"),
        ("error-page", "/positions/999999"),
    ]:
        pen.goto(path)
        check_everywhere(pen, name, problems)
    pen.goto(f"{url}/clauses/{uid}/edit")
    pen.locator("textarea[name=body]").fill("Belgium supports using the assessment in national plans.")
    pen.get_by_role("button", name="Save").click()
    pen.goto(f"{url}/compare?from=1&to=draft")
    check_everywhere(pen, "compare-with-changes", problems)
    pen.goto(f"{url}/compare?from=1&to=draft&view=side")
    check_everywhere(pen, "compare-side-by-side-with-changes", problems)
    if pen.goto("/profile").status == 200:  # the profile page of the i18n work, when present
        check_everywhere(pen, "profile", problems)
    for name in import_preview(pen, tmp_path):
        check_everywhere(pen, name, problems)

    for name, path in [("official-position", url), ("official-consultation", f"{url}/consultation"),
                       ("official-comment-page", f"{url}/clauses/{uid}/comment"), ("official-word", f"{url}/word")]:
        flemish.goto(path)
        check_everywhere(flemish, name, problems)

    check_everywhere(conflict_page(live_server, user_page, pages, uid), "conflict", problems)

    lead = user_page(LEAD)
    lead.goto(f"{url}/consultation")
    check_everywhere(lead, "lead-consultation", problems)

    admin = user_page(ADMIN)
    for name, path in [("admin-users", "/admin/users"), ("admin-user-new", "/admin/users/new"),
                       ("admin-administrations", "/admin/administrations"),
                       ("admin-administration-new", "/admin/administrations/new")]:
        admin.goto(path)
        check_everywhere(admin, name, problems)

    viewer_like = user_page(BRUSSELS)
    viewer_like.goto("/")
    check_everywhere(viewer_like, "dashboard-awaiting-answer", problems)

    report = "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in problems.items())
    assert not problems, f"Accessibility problems:\n{report}"
