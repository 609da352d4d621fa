"""The simulated people of the load test (locust users) and the ledger of what the server confirmed.

Officials read positions and comments, post comments and answer consultations; pen-holders edit a
small set of "hot" clauses of the large position on top of the revision they last saw (so they
collide: 200 merged or 409 conflict) and take versions; one pen-holder moves simple-review positions
through their workflow. Every success response is written down in LEDGER with a unique marker,
so bench/load_checks.py can prove afterwards that it is in the database exactly once.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from locust import FastHttpUser, between, constant, task

JSON = {"Content-Type": "application/json"}


@dataclass
class Context:
    """What the users need to know before they start: tokens, positions, clauses."""

    officials: list[tuple[str, str, str]] = field(default_factory=list)  # (email, token, administration code)
    pen_holders: list[tuple[str, str]] = field(default_factory=list)  # (email, token)
    big_position: int = 0
    readable: list[int] = field(default_factory=list)
    consultations: dict[int, tuple[int, set[str]]] = field(default_factory=dict)  # position -> (version, consulted)
    clauses: dict[int, list[str]] = field(default_factory=dict)  # position -> uids
    hot: dict[str, tuple[int, str]] = field(default_factory=dict)  # uid -> (revision, body) on the big position
    review_positions: dict[int, str] = field(default_factory=dict)  # position -> stage
    think: float = 0.25
    _official_cycle: itertools.cycle | None = None
    _pen_cycle: itertools.cycle | None = None

    def next_official(self) -> tuple[str, str, str]:
        self._official_cycle = self._official_cycle or itertools.cycle(self.officials)
        return next(self._official_cycle)

    def next_pen_holder(self) -> tuple[str, str]:
        self._pen_cycle = self._pen_cycle or itertools.cycle(self.pen_holders)
        return next(self._pen_cycle)


@dataclass
class Ledger:
    """Every write the server confirmed, with its marker, and every status seen per request type."""

    comments: dict[int, str] = field(default_factory=dict)
    duplicate_comment_ids: list[int] = field(default_factory=list)
    edits: list[tuple[str, int, str]] = field(default_factory=list)  # (uid, revision, marker)
    merged_edits: int = 0
    conflicts: int = 0
    consents: list[str] = field(default_factory=list)  # note markers
    versions: list[int] = field(default_factory=list)  # version numbers of the big position
    transitions: list[str] = field(default_factory=list)  # note markers
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    outage: bool = False  # a fault is in progress: 503 and dropped connections are expected

    def reset_statuses(self) -> None:
        self.statuses = defaultdict(Counter)


CTX = Context()
LEDGER = Ledger()


def marker() -> str:
    return "lt" + uuid.uuid4().hex[:16]


class ApiUser(FastHttpUser):
    """A user with a bearer token who records every status and treats expected ones as successes."""

    abstract = True
    token = ""

    def call(self, method: str, path: str, name: str, expected: tuple[int, ...] = (200,), **kwargs):
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        with self.client.request(method, path, name=name, headers=headers, catch_response=True, **kwargs) as response:
            status = response.status_code or 0
            LEDGER.statuses[name][status] += 1
            if status in expected:
                response.success()
            elif status in (0, 502, 503) and LEDGER.outage:
                response.success()  # counted in statuses as the fault's effect, not as an error
            else:
                response.failure(f"HTTP {status}")
            return status, response


class Official(ApiUser):
    """An official of a consulted administration."""

    weight = 10

    def wait_time(self):
        return random.uniform(0, 2 * CTX.think)

    def on_start(self) -> None:
        self.email, self.token, self.administration = CTX.next_official()

    @task(4)
    def read_position(self) -> None:
        position = CTX.big_position if random.random() < 0.25 else random.choice(CTX.readable)
        self.call("GET", f"/api/v1/positions/{position}", "GET position")

    @task(2)
    def read_comments(self) -> None:
        position = random.choice(list(CTX.consultations))
        uid = random.choice(CTX.clauses[position])
        self.call("GET", f"/api/v1/positions/{position}/comments?clause={uid}", "GET clause comments")

    @task(3)
    def post_comment(self) -> None:
        post_comment(self)

    @task(1)
    def answer(self) -> None:
        mine = [p for p, (_, consulted) in CTX.consultations.items() if self.administration in consulted]
        if not mine:
            return
        position = random.choice(mine)
        number = CTX.consultations[position][0]
        note = marker()
        state = random.choice(("agree", "agree_with_reservation", "object"))
        status, _ = self.call("PUT", f"/api/v1/positions/{position}/versions/{number}/consent", "PUT consent",
                              json={"state": state, "note": note}, headers=JSON)
        if status == 200:
            LEDGER.consents.append(note)


def post_comment(user: ApiUser) -> None:
    """Post a comment with a unique marker on a clause of a position under consultation."""
    position = CTX.big_position if random.random() < 0.6 else random.choice(list(CTX.consultations))
    uid = random.choice(CTX.clauses[position])
    note = marker()
    status, response = user.call("POST", f"/api/v1/positions/{position}/clauses/{uid}/comments", "POST comment",
                                 expected=(201,), json={"kind": random.choice(("comment", "question", "support")),
                                                        "body": f"Load comment {note}"}, headers=JSON)
    if status == 201:
        comment_id = response.json()["id"]
        if comment_id in LEDGER.comments:
            LEDGER.duplicate_comment_ids.append(comment_id)
        LEDGER.comments[comment_id] = note


class PenHolder(ApiUser):
    """A pen-holder editing hot clauses on top of what they last saw, and taking versions."""

    fixed_count = 3

    def wait_time(self):
        return random.uniform(0, 2 * CTX.think)

    def on_start(self) -> None:
        self.email, self.token = CTX.next_pen_holder()
        self.seen = dict(CTX.hot)

    @task(15)
    def edit(self) -> None:
        uid = random.choice(list(self.seen))
        base, body = self.seen[uid]
        words = body.split()
        note = marker()
        words[random.randrange(len(words))] = note
        status, response = self.call("PATCH", f"/api/v1/positions/{CTX.big_position}/clauses/{uid}", "PATCH clause",
                                     expected=(200, 409), json={"base_revision": base, "body": " ".join(words)}, headers=JSON)
        if status == 200:
            data = response.json()
            clause = data["clause"]
            if data["changed"]:
                LEDGER.edits.append((uid, clause["revision"], note))
                LEDGER.merged_edits += bool(data["merged"])
            self.seen[uid] = (clause["revision"], clause["body"])
        elif status == 409:
            LEDGER.conflicts += 1
            details = response.json()["error"]["details"]
            if "theirs_revision" in details:
                self.seen[uid] = (details["theirs_revision"], details["theirs"]["body"])

    @task(1)
    def take_version(self) -> None:
        status, response = self.call("POST", f"/api/v1/positions/{CTX.big_position}/versions", "POST version",
                                     expected=(201,), json={"note": "load"}, headers=JSON)
        if status == 201:
            LEDGER.versions.append(response.json()["number"])


class WorkflowRunner(ApiUser):
    """A pen-holder sending simple-review positions to review and back (transitions take versions)."""

    fixed_count = 1

    def wait_time(self):
        return random.uniform(0, 2 * CTX.think)

    def on_start(self) -> None:
        self.email, self.token = CTX.pen_holders[0]

    @task
    def step(self) -> None:
        if not CTX.review_positions:
            return
        position = random.choice(list(CTX.review_positions))
        name = "submit" if CTX.review_positions[position] == "draft" else "revise"
        note = marker()
        status, response = self.call("POST", f"/api/v1/positions/{position}/transitions/{name}", "POST transition",
                                     expected=(200, 409), json={"note": note}, headers=JSON)
        if status == 200:
            LEDGER.transitions.append(note)
            CTX.review_positions[position] = response.json()["stage"]


class CommentPoster(ApiUser):
    """Saturation phase: officials posting comments back to back."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.email, self.token, self.administration = CTX.next_official()

    @task
    def post(self) -> None:
        post_comment(self)


class FloorWriter(FastHttpUser):
    """Floor phase: a bare Flask + SQLAlchemy endpoint inserting one row, back to back (bench/floor.py)."""

    wait_time = constant(0)

    @task
    def write(self) -> None:
        with self.client.post("/floor", json={"body": "Floor row"}, name="POST /floor (floor)", catch_response=True) as response:
            LEDGER.statuses["POST /floor (floor)"][response.status_code or 0] += 1


class HealthChecker(FastHttpUser):
    """Ceiling phase: the trivial GET /healthz back to back."""

    wait_time = constant(0)

    @task
    def health(self) -> None:
        with self.client.get("/healthz", name="GET /healthz (ceiling)", catch_response=True) as response:
            LEDGER.statuses["GET /healthz (ceiling)"][response.status_code or 0] += 1


__all__ = ["CTX", "LEDGER", "CommentPoster", "FloorWriter", "HealthChecker", "Official", "PenHolder", "WorkflowRunner", "between"]
