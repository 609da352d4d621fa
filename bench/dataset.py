"""Generate a realistic large Plenipo dataset into a database, through the domain services.

Default size (issue 8): 8 administrations, 100 users, 20 positions, one of them with 400 clauses,
30 versions and 5,000 comments. Everything goes through positions.services / workflows.service, so
version content hashes, the clause histories and the audit hash chain are the real ones
(`plenipo audit verify` passes afterwards). Bulk where it does not bypass an invariant: one scrypt
hash shared by every account (same password), one commit per batch, comments posted in batches.

Run: .venv/bin/python bench/dataset.py --database-url postgresql://postgres@127.0.0.1:5432/plenipo_bench --reset
     (SQLite: --database-url sqlite:////tmp/bench.sqlite; --small for a quick, reduced dataset)
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

import positions.models.user as user_model  # noqa: E402
from app.cli.demo_data import ADMINISTRATIONS as DEMO_ADMINISTRATIONS  # noqa: E402
from positions.actors import SYSTEM  # noqa: E402
from positions.member_states import EU_KINDS  # noqa: E402
from positions.models import Position, User  # noqa: E402
from positions.services import accounts, comments, drafting, editing, versions  # noqa: E402
from workflows.service import fire_transition, start_position  # noqa: E402

PASSWORD = "plenipo-bench-password"
EMAIL_DOMAIN = "bench.plenipo"
# The Belgian administrations of the demo (member states have delegates, not officials, and are not consulted here).
ADMINISTRATIONS = [(code, name, kind) for code, name, kind in DEMO_ADMINISTRATIONS if kind not in EU_KINDS]
CONSULTED = [code for code, _, _ in ADMINISTRATIONS if code != "BBPF"]
VOCABULARY = ["Belgium", "supports", "the", "scoping", "of", "the", "second", "global", "assessment", "with", "indigenous", "and", "local", "knowledge", "capacity", "building", "budget", "plenary", "bureau", "secretariat", "nexus", "transformative", "change", "drivers", "members", "platform", "review", "panel", "policy", "support", "tools", "ecosystem", "services", "pledges", "trust", "fund", "chapters"]
KINDS = ("text", "line_to_take", "line_to_take", "fallback", "red_line", "background")
COMMENT_KINDS = ("comment", "comment", "comment", "question", "support", "reservation", "amendment")


@dataclass
class Scale:
    """How much to generate."""

    positions: int = 20
    big_clauses: int = 400
    big_versions: int = 30
    big_comments: int = 5000
    users: int = 100
    small_clauses: tuple[int, int] = (15, 60)
    small_comments: tuple[int, int] = (20, 120)


SMALL = Scale(positions=5, big_clauses=60, big_versions=5, big_comments=300, users=30, small_clauses=(5, 12), small_comments=(5, 15))


@dataclass
class DatasetInfo:
    """What was generated: ids and logins the benchmarks and the load test use."""

    password: str = PASSWORD
    big_position: int = 0
    consultation_positions: list[int] = field(default_factory=list)
    draft_positions: list[int] = field(default_factory=list)
    review_positions: list[int] = field(default_factory=list)
    pen_holders: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    viewers: list[str] = field(default_factory=list)
    officials: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def words(rng: random.Random, n: int) -> str:
    """A sentence of n words from the IPBES vocabulary."""
    return " ".join(rng.choice(VOCABULARY) for _ in range(n)).capitalize() + "."


def make_users(session: Session, scale: Scale, info: DatasetInfo) -> dict[str, list[User]]:
    """Administrations and users; every account shares one scrypt hash of PASSWORD."""
    for code, name, kind in ADMINISTRATIONS:
        accounts.create_administration(session, SYSTEM, code, name, kind)
    shared_hash = user_model.generate_password_hash(PASSWORD, method="scrypt")
    cheap, user_model.PASSWORD_METHOD = user_model.PASSWORD_METHOD, "pbkdf2:sha256:1"
    roles = [("admin", "BBPF"), ("pen_holder", "BBPF"), ("pen_holder", "BBPF"), ("pen_holder", "BBPF"),
             ("delegation_lead", "FPS-ENV"), ("delegation_lead", "FPS-FA"), ("viewer", "RBINS"), ("viewer", "BELSPO")]
    codes = [code for code, _, _ in ADMINISTRATIONS]
    while len(roles) < scale.users:
        roles.append(("official", codes[len(roles) % len(codes)]))
    made: dict[str, list[User]] = {}
    try:
        for index, (role, code) in enumerate(roles):
            email = f"{role.replace('_', '-')}{index}.{code.lower()}@{EMAIL_DOMAIN}"
            user = accounts.create_user(session, SYSTEM, email=email, name=f"{role.replace('_', ' ').title()} {index} ({code})",
                                        administration_code=code, role=role, password=PASSWORD)
            user.password_hash = shared_hash
            made.setdefault(role, []).append(user)
            if role == "official":
                info.officials.setdefault(code, []).append(email)
    finally:
        user_model.PASSWORD_METHOD = cheap
    session.commit()
    info.pen_holders = [u.email for u in made["pen_holder"]]
    info.leads = [u.email for u in made["delegation_lead"]]
    info.viewers = [u.email for u in made["viewer"]]
    return made


def add_clauses(session: Session, pen: User, position: Position, count: int, rng: random.Random) -> None:
    """Headings every 20 clauses, the rest 60–150 words of various kinds."""
    for index in range(count):
        if index % 20 == 0:
            drafting.add_clause(session, pen, position, kind="heading", heading=f"Part {index // 20 + 1}: {words(rng, 4)}")
        else:
            drafting.add_clause(session, pen, position, kind=rng.choice(KINDS), body=words(rng, rng.randint(60, 150)))
    session.commit()


def edit_some(session: Session, pen: User, position: Position, share: float, rng: random.Random) -> None:
    """Change a word or two in a share of the clauses, each on top of its current revision."""
    clauses = [d for d in drafting.draft(session, position) if d.revision.kind != "heading"]
    for d in rng.sample(clauses, max(1, int(len(clauses) * share))):
        body = d.revision.body.split()
        body[rng.randrange(len(body))] = rng.choice(VOCABULARY)
        editing.edit_clause(session, pen, position, d.uid, base_revision=d.revision.id, body=" ".join(body))


def post_comments(session: Session, position: Position, authors: list[User], count: int, rng: random.Random) -> None:
    """Comments, questions, reservations, quoted amendments and replies on the current draft."""
    clauses = [d for d in drafting.draft(session, position) if d.revision.kind != "heading"]
    recent: list = []
    for index in range(count):
        author, d = rng.choice(authors), rng.choice(clauses)
        if recent and rng.random() < 0.15:
            parent = rng.choice(recent)
            comments.post_comment(session, author, position, parent[1], kind="comment", body=words(rng, 12), parent_id=parent[0])
            continue
        kind = rng.choice(COMMENT_KINDS)
        body_words = d.revision.body.split()
        start = rng.randrange(max(1, len(body_words) - 4))
        quote = " ".join(body_words[start:start + 3]) if kind == "amendment" or rng.random() < 0.3 else None
        proposed = f"{quote} (as amended {index})" if kind == "amendment" else None
        comment = comments.post_comment(session, author, position, d.uid, kind=kind, body=words(rng, rng.randint(8, 40)),
                                        quote=quote, proposed_text=proposed)
        recent = (recent + [(comment.id, d.uid)])[-50:]
        if index % 500 == 499:
            session.commit()
    session.commit()


def settle_amendments(session: Session, pen: User, position: Position, rng: random.Random) -> None:
    """The pen-holder answers every open amendment (rejects) and resolves a third of the rest."""
    for comment in comments.list_comments(session, position, status="open"):
        if comment.parent_id is not None:
            continue
        if comment.kind == "amendment":
            comments.resolve(session, pen, position, comment, "rejected", "Not retained for now.")
        elif rng.random() < 0.33:
            comments.resolve(session, pen, position, comment, "resolved", "Taken into account.")
    session.commit()


def new_position(session: Session, pen: User, title: str, workflow: str, rng: random.Random, consulted=None) -> Position:
    """A position consulting some (or the given) administrations."""
    consulted = consulted or rng.sample(CONSULTED, rng.randint(3, len(CONSULTED)))
    return start_position(session, pen, title=title, meeting="IPBES-12", agenda_item=f"Item {rng.randint(1, 12)}",
                          document_symbol=f"IPBES/12/{rng.randint(1, 20)}", consulted=consulted, workflow_key=workflow,
                          objective=words(rng, 20))


def generate(session: Session, scale: Scale | None = None, seed: int = 7) -> DatasetInfo:
    """Fill an empty, migrated database; return what was made."""
    started = time.perf_counter()
    scale = scale or Scale()
    rng = random.Random(seed)
    info = DatasetInfo()
    people = make_users(session, scale, info)
    pen = people["pen_holder"][0]
    officials = people["official"]
    commenters = officials + people["delegation_lead"]
    deadline = (date.today() + timedelta(days=60)).isoformat()

    big = new_position(session, pen, "Belgian position on the rolling work programme (large)", "ipbes-position", rng, CONSULTED)
    add_clauses(session, pen, big, scale.big_clauses, rng)
    per_round = scale.big_comments // max(1, scale.big_versions - 1)
    for round_no in range(scale.big_versions - 1):
        versions.take_version(session, pen, big, f"Round {round_no + 1}")
        post_comments(session, big, commenters, per_round, rng)
        edit_some(session, pen, big, 0.08, rng)
        session.commit()
    post_comments(session, big, commenters, scale.big_comments - per_round * (scale.big_versions - 1), rng)
    settle_amendments(session, pen, big, rng)
    fire_transition(big, "submit", pen, deadline=deadline, note="Belgian consultation")
    session.commit()
    info.big_position = big.id

    for index in range(scale.positions - 1):
        workflow = "simple-review" if index % 5 == 4 else "ipbes-position"
        pos = new_position(session, pen, f"Belgian position {index + 2}: {words(rng, 5)}", workflow, rng)
        add_clauses(session, pen, pos, rng.randint(*scale.small_clauses), rng)
        for _ in range(rng.randint(1, 3)):
            versions.take_version(session, pen, pos, "Working version")
            edit_some(session, pen, pos, 0.2, rng)
        post_comments(session, pos, commenters, rng.randint(*scale.small_comments), rng)
        settle_amendments(session, pen, pos, rng)
        if workflow == "simple-review":
            info.review_positions.append(pos.id)
        elif index % 3 == 0:
            fire_transition(pos, "submit", pen, deadline=deadline)
            info.consultation_positions.append(pos.id)
        else:
            info.draft_positions.append(pos.id)
        session.commit()
    info.counts = {table: session.scalar(text(f"SELECT count(*) FROM {table}")) for table in
                   ("user_account", "position", "clause", "clause_revision", "version", "version_clause", "comment", "event")}
    info.seconds = time.perf_counter() - started
    return info


def prepare_database(app, reset: bool) -> None:
    """Drop everything (when reset) and migrate to the latest schema, as `plenipo db upgrade` does."""
    from flask_migrate import upgrade

    from app.extensions import db

    if reset:
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            else:
                from positions.models import Base

                Base.metadata.drop_all(conn)
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()


def bench_app(database_url: str):
    """A Plenipo app on database_url with the default (production-like) engine options."""
    from app import create_app
    from config import Config, normalise_database_url

    return create_app(type("BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url)}))


def build(database_url: str, *, reset: bool = True, small: bool = False, seed: int = 7) -> DatasetInfo:
    """Migrate the database and generate the dataset into it."""
    from app.extensions import db

    app = bench_app(database_url)
    with app.app_context():
        prepare_database(app, reset)
        info = generate(db.session, SMALL if small else Scale(), seed)
        db.session.remove()
        db.engine.dispose()
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--reset", action="store_true", help="drop everything in the database first")
    parser.add_argument("--small", action="store_true", help="a reduced dataset for quick runs")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    info = build(args.database_url, reset=args.reset, small=args.small, seed=args.seed)
    print(f"generated in {info.seconds:.1f} s: " + ", ".join(f"{n:,} {t}" for t, n in info.counts.items()))
    print(f"large position: {info.big_position}; consultations open on {[info.big_position, *info.consultation_positions]}")


if __name__ == "__main__":
    main()
