"""Helpers of the browser tests: the live app, logging in, workflow steps, screenshots, axe, selecting words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from app import create_app
from app.cli.demo_data import DEMO_PASSWORD, load_demo
from app.database import writing
from app.extensions import db
from config import TestConfig
from positions.models import Base, Consultation, Position, User
from positions.services import drafting
from workflows.service import start_position

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artefacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}
PASSWORD = DEMO_PASSWORD

PEN = "penholder@plenipo.demo"
LEAD = "lead@plenipo.demo"
ADMIN = "admin@plenipo.demo"
FLEMISH = "vl-omg@plenipo.demo"
WALLOON = "spw-arne@plenipo.demo"
BRUSSELS = "bxl-env@plenipo.demo"

CLAUSES = [
    ("heading", "Pollinators", ""),
    ("text", "", "Belgium welcomes the thematic assessment of pollinators and its summary for policymakers."),
    ("line_to_take", "", "Belgium supports the use of the assessment in national [action plans] [strategies] on pollinators."),
    ("red_line", "", "No weakening of the language on pesticide risk reduction."),
]


def browser_config(database: Path) -> type[TestConfig]:
    """The test configuration with CSRF on, no fixed server name, and a file database."""
    return type("BrowserTestConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30, "check_same_thread": False}},
        "WTF_CSRF_ENABLED": True,
        "SERVER_NAME": None,
        "RATELIMIT_ENABLED": False,
    })


@dataclass
class LiveServer:
    """The app a browser test talks to, and a way to set data up directly in its database."""

    app: Flask
    url: str = ""
    ids: dict[str, int] = field(default_factory=dict)

    @classmethod
    def create(cls, folder: Path) -> LiveServer:
        app = create_app(browser_config(folder / "browser.sqlite"))
        with app.app_context():
            Base.metadata.create_all(db.engine)
            load_demo(db.session)
            db.session.commit()
        return cls(app)

    def dispose(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def run(self, work: Callable[[Any], Any]) -> Any:
        """Run work(session) in an app context and commit, as a writer (SQLite: BEGIN IMMEDIATE, as the worker)."""
        with self.app.app_context(), writing():
            result = work(db.session)
            db.session.commit()
            return result

    def user(self, session, email: str) -> User:
        return session.scalar(select(User).where(User.email == email))

    def position(self, title: str, clauses=CLAUSES, consulted=("VL-OMG", "SPW-ARNE", "BXL-ENV")) -> int:
        """A position drafted by the pen-holder, with the given clauses; returns its id."""

        def make(session) -> int:
            author = self.user(session, PEN)
            position = start_position(
                session, author, title=title, meeting="IPBES-12", agenda_item="Item 7: Assessments",
                consulted=list(consulted),
            )
            for kind, heading, body in clauses:
                drafting.add_clause(session, author, position, kind=kind, heading=heading, body=body)
            session.flush()
            return position.id

        return self.run(make)

    def clause_uids(self, position_id: int) -> list[str]:
        return self.run(lambda s: [c.uid for c in drafting.draft(s, s.get(Position, position_id))])

    def pass_deadline(self, position_id: int) -> None:
        """Let the open consultation's deadline pass (the live server cannot travel in time)."""

        def move(session) -> None:
            open_ = session.scalar(select(Consultation).where(
                Consultation.position_id == position_id, Consultation.closed_at.is_(None)))
            open_.deadline = datetime.utcnow() - timedelta(minutes=1)

        self.run(move)


def login(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form and land on the dashboard."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def shot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot under artefacts/screenshots/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def deadline(days: int = 7) -> str:
    """A consultation deadline a few days ahead, as the date input wants it."""
    return (datetime.utcnow() + timedelta(days=days)).date().isoformat()


def clause(page, number: str):
    """The clause with this number on a position page."""
    return page.locator("li.clause").filter(has=page.locator(".clause-number", has_text=number)).first


def step(page, name: str):
    return page.locator(f"#step-{name}")


def fire(page, name: str, with_deadline: bool = False, note: str = "") -> None:
    """Fire a workflow step from the panel and check it went through."""
    panel_step = step(page, name)
    if with_deadline:
        panel_step.get_by_label("Consultation deadline").fill(deadline())
    if note:
        panel_step.get_by_label("Note (optional)").fill(note)
    panel_step.get_by_role("button").click()
    expect(page.locator(".alert-success")).to_contain_text("Done: the position is now at the stage")


def add_clauses(page, clauses) -> None:
    """Type (kind, heading, Markdown) clauses one after another into a new position's "Add a clause" form."""
    add = page.locator("section[aria-labelledby=add-h]")
    for count, (kind, heading, body) in enumerate(clauses, start=1):
        add.get_by_label("Kind").select_option(kind)
        add.get_by_label("Heading").fill(heading)
        add.get_by_label("Text (Markdown)").fill(body)
        add.get_by_role("button", name="Add clause").click()
        expect(page.locator(".alert-success")).to_contain_text("Clause added.")
        expect(page.locator("li.clause")).to_have_count(count)  # the new page is there before the next clause is typed


def approve_and_conclude(lead, position_url: str, label: str, stage: str) -> None:
    """The lead approves a version on the consultation page, then concludes from the position's workflow panel."""
    lead.goto(position_url + "/consultation")
    lead.get_by_role("button", name=f"Approve {label}").click()
    expect(lead.locator(".alert-success")).to_contain_text("approved; bound to hash")
    lead.goto(position_url)
    fire(lead, "conclude")
    expect(lead.locator(".workflow-stage")).to_have_text(stage)


def answer(page, position_url: str, state: str, note: str = "") -> None:
    """Answer the consultation for one's administration on the matrix page."""
    page.goto(position_url + "/consultation")
    page.locator(f"#state-{state}").check()
    page.get_by_label("Note (required with a reservation or an objection)").fill(note)
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".alert-success")).to_contain_text("answer on")


def select_words(page, clause, words: str) -> None:
    """Select `words` inside a clause's text with the mouse: press before the first letter, drag, release."""
    # In the middle of the window: dragging near its edge would scroll the page and select further than meant.
    clause.locator(".clause-body").evaluate("body => body.scrollIntoView({block: 'center'})")
    box = clause.locator(".clause-body").evaluate(
        """(body, words) => {
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + words.length);
                const rects = range.getClientRects();
                const first = rects[0], last = rects[rects.length - 1];
                return {x1: first.left, y1: first.top + first.height / 2, x2: last.right, y2: last.top + last.height / 2};
            }
            return null;
        }""",
        words,
    )
    assert box, f"{words!r} is not in the clause"
    page.mouse.move(box["x1"] + 1, box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, box["y2"], steps=4)
    page.mouse.move(box["x2"] - 1, box["y2"], steps=4)
    page.mouse.up()


def no_horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when nothing overflows)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


AXE = Axe()
BLOCKING = {"serious", "critical"}


def violations(page) -> list[str]:
    """Serious and critical axe violations of the page, one readable line each."""
    results = AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in BLOCKING:
            continue
        targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        found.append(f"{violation['impact']} {violation['id']}: {violation['help']} — {'; '.join(targets)}")
    return found
