"""Search at scale (issue 18): a generated corpus of clauses in English, French and Dutch, their versions and
comments; times `reindex`, searches of one to three words (p50/p95), and a clause edit with and without indexing.

The corpus is written with bulk SQL inserts (not through the services: the audit chain is not what is measured),
positions of 200 clauses each, every clause with a first revision in version 1 and a third of them edited since;
five comments per clause. Then `reindex` builds the index, as `plenipo search reindex` does.

On PostgreSQL the search times depend on whether the index fits the server's `shared_buffers` (about 430 MB at
the default size; PostgreSQL's default of 128 MB does not hold it): say which server you measured.

Run: .venv/bin/python bench/search_bench.py --database-url postgresql://postgres@127.0.0.1:5432/plenipo_search_bench
     .venv/bin/python bench/search_bench.py --database-url sqlite:////tmp/search-bench.sqlite
     (--clauses 100000 is the issue's size, the default; --comments-per-clause 5; --small: 5,000 clauses)
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from sqlalchemy import func, insert, select  # noqa: E402

_WORDS = {
    "en": ("Belgium supports negotiations negotiated negotiation assessment assessments indigenous local knowledge capacity "
           "building budget plenary bureau secretariat nexus transformative change drivers members platform review panel "
           "policy support tools ecosystem services pledges trust fund chapters obligations obligation pollinators "
           "biodiversity scenarios models values methodological guidance the of and with for on in to"),
    "fr": ("la Belgique soutient les négociations négociation négocier évaluation évaluations connaissances autochtones "
           "locales renforcement capacités budget plénière bureau secrétariat changement transformateur facteurs membres "
           "plateforme examen groupe politique outils services écosystémiques contributions fonds chapitres obligations "
           "pollinisateurs biodiversité scénarios modèles valeurs le la les de des et avec pour sur dans"),
    "nl": ("België steunt de onderhandelingen onderhandeling beoordeling beoordelingen inheemse lokale kennis "
           "capaciteitsopbouw begroting plenaire bureau secretariaat transformatieve verandering oorzaken leden platform "
           "herziening panel beleid instrumenten ecosysteemdiensten toezeggingen trustfonds hoofdstukken verplichtingen "
           "verplichting bestuivers biodiversiteit scenario's modellen waarden de het een van en met voor op in"),
}
WORDS = {language: text.split() for language, text in _WORDS.items()}
QUERIES = ["assessment", "négociation", "verplichting", "indigenous knowledge", "budget", "pollinators biodiversity",
           "évaluations", "beoordeling", "trust fund", "capacity building plenary", "scénarios modèles", "lokale kennis",
           "secretariat", "platform review panel", "ecosystem services", "biodiversité", "toezeggingen", "drivers change",
           "plénière budget", "leden"]


_SYLLABLES = {"en": "ba ter ing con ment ous al ly re pro sta tion er ic",
              "fr": "la tion eur que ment ré con pro ais eux té ville ons",
              "nl": "ver ing heid lijk ge be ont van der sch aar en ste"}
SYLLABLES = {language: text.split() for language, text in _SYLLABLES.items()}


def filler(language: str, size: int = 4000) -> list[str]:
    """Rarer words, so that query words are as selective as in real texts (a topic word in about one text in ten)."""
    rng = random.Random(language)
    return ["".join(rng.choice(SYLLABLES[language]) for _ in range(rng.randint(2, 4))) for _ in range(size)]


FILLER = {language: filler(language) for language in WORDS}


def sentence(rng: random.Random, language: str, n: int) -> str:
    words = [rng.choice(WORDS[language]) if rng.random() < 0.12 else rng.choice(FILLER[language]) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate(session, clauses: int, comments_per_clause: int, seed: int = 18) -> dict:
    """Bulk-insert the corpus; returns ids the measurements use."""
    from app.cli.demo_data import ADMINISTRATIONS
    from positions.actors import SYSTEM
    from positions.models import Clause, ClauseRevision, Comment, Position, Version, VersionClause
    from positions.search import indexing
    from positions.services import accounts

    rng = random.Random(seed)
    indexing.enabled(False)  # the corpus is indexed by reindex afterwards, which is measured
    for code, name, kind in ADMINISTRATIONS:
        accounts.create_administration(session, SYSTEM, code, name, kind)
    pen = accounts.create_user(session, SYSTEM, email="pen@bench.plenipo", name="Pen", administration_code="BBPF",
                               role="pen_holder", password="plenipo-bench-password")
    official = accounts.create_user(session, SYSTEM, email="official@bench.plenipo", name="Official",
                                    administration_code="VL-OMG", role="official", password="plenipo-bench-password")
    session.commit()
    per_position, now = 200, datetime.utcnow()
    positions = max(1, clauses // per_position)
    languages = ["en", "fr", "nl"]
    pos_ids = []
    for p in range(positions):
        pos_ids.append(session.execute(insert(Position).returning(Position.id), [{
            "title": f"Position {p} on the work programme", "meeting": f"IPBES-{10 + p % 5}", "agenda_item": f"Item {p % 9}",
            "document_symbol": "", "objective": "", "workflow_key": "ipbes-position", "stage": "be_draft",
            "confidentiality": "restricted" if p % 10 == 9 else "limited", "created_by_id": pen.id,
            "language": languages[p % 3], "created_at": now, "updated_at": now}]).scalar_one())
    session.commit()
    made = 0
    for index, pid in enumerate(pos_ids):
        language = languages[index % 3]
        version_id = session.execute(insert(Version).returning(Version.id), [{
            "position_id": pid, "number": 1, "stage": "be_draft", "note": "", "author_id": pen.id, "created_at": now,
            "content_hash": "0" * 64}]).scalar_one()
        count = min(per_position, clauses - made)
        clause_ids = session.execute(insert(Clause).returning(Clause.id, sort_by_parameter_order=True), [
            {"position_id": pid, "uid": f"c{pid}x{i}", "lock_version": 1, "created_at": now} for i in range(count)]).scalars().all()
        firsts = session.execute(insert(ClauseRevision).returning(ClauseRevision.id, sort_by_parameter_order=True), [
            {"clause_id": cid, "kind": rng.choice(("text", "line_to_take", "fallback", "background")), "heading": "",
             "body": sentence(rng, language, rng.randint(15, 40)), "sort_key": f"a{i:05d}", "author_id": pen.id,
             "created_at": now, "deleted": False, "note": ""} for i, cid in enumerate(clause_ids)]).scalars().all()
        session.execute(insert(VersionClause), [{"version_id": version_id, "revision_id": r, "ordinal": i} for i, r in enumerate(firsts)])
        heads = list(firsts)
        edited = [i for i in range(count) if i % 3 == 0]
        seconds = session.execute(insert(ClauseRevision).returning(ClauseRevision.id, sort_by_parameter_order=True), [
            {"clause_id": clause_ids[i], "kind": "text", "heading": "", "body": sentence(rng, language, rng.randint(15, 40)),
             "sort_key": f"a{i:05d}", "author_id": pen.id, "created_at": now, "deleted": False, "note": "",
             "base_revision_id": firsts[i]} for i in edited]).scalars().all()
        for i, r in zip(edited, seconds, strict=True):
            heads[i] = r
        for cid, head in zip(clause_ids, heads, strict=True):
            session.execute(Clause.__table__.update().where(Clause.__table__.c.id == cid).values(head_revision_id=head))
        session.execute(insert(Comment), [
            {"position_id": pid, "clause_id": cid, "revision_id": rev, "author_id": official.id,
             "administration_id": official.administration_id, "kind": "comment", "status": "open",
             "body": sentence(rng, language, rng.randint(10, 25)), "created_at": now}
            for cid, rev in zip(clause_ids, heads, strict=True) for _ in range(comments_per_clause)])
        session.commit()
        made += count
        if made >= clauses:
            break
    indexing.enabled(True)
    return {"positions": len(pos_ids), "clauses": made, "pen": pen.id, "official": official.id, "first": pos_ids[0]}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(database_url: str, clauses: int, comments_per_clause: int) -> dict:
    import dataset

    from app.extensions import db
    from positions.models import Position, SearchEntry, User
    from positions.search import indexing
    from positions.search.reindex import reindex
    from positions.search.service import search
    from positions.services import drafting, editing

    app = dataset.bench_app(database_url)
    results: dict = {"database": database_url.split(":")[0], "clauses": clauses, "comments": clauses * comments_per_clause}
    with app.app_context():
        dataset.prepare_database(app, reset=True)
        started = time.perf_counter()
        ids = generate(db.session, clauses, comments_per_clause)
        results["generate_s"] = round(time.perf_counter() - started, 1)
        print(f"  corpus generated in {results['generate_s']} s: {ids['clauses']:,} clauses, "
              f"{ids['clauses'] * comments_per_clause:,} comments")
        started = time.perf_counter()
        counts = reindex(db.session)
        db.session.commit()
        results["reindex_s"] = round(time.perf_counter() - started, 1)
        results["index_rows"] = db.session.scalar(select(func.count()).select_from(SearchEntry))
        print(f"  reindex: {results['reindex_s']} s for {results['index_rows']:,} rows ({counts})")
        if db.engine.dialect.name == "postgresql":  # what autovacuum does after a bulk write, done before measuring
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        warm = db.session.get(User, ids["official"])
        for q in QUERIES:  # one untimed round: the index read into the caches once, as on a server in use
            search(db.session, warm, q)
        for who in ("pen", "official"):
            user = db.session.get(User, ids[who])
            times, totals = [], []
            for _round in range(3):
                for q in QUERIES:
                    t = time.perf_counter()
                    totals.append(search(db.session, user, q).total)
                    times.append((time.perf_counter() - t) * 1000)
            results[f"search_{who}"] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1),
                                        "max_ms": round(max(times), 1), "queries": len(times), "median_hits": statistics.median(totals)}
            print(f"  search as {who}: p50 {results[f'search_{who}']['p50_ms']} ms, p95 {results[f'search_{who}']['p95_ms']} ms "
                  f"({len(times)} queries of 1–3 words, median {statistics.median(totals):,.0f} hits)")
        pen = db.session.get(User, ids["pen"])
        position = db.session.get(Position, ids["first"])
        uids = [c.uid for c in drafting.draft(db.session, position)][:80]

        def edit(uid: str, tag: str) -> float:
            clause = drafting.find_clause(db.session, position, uid)
            t = time.perf_counter()
            editing.edit_clause(db.session, pen, position, uid, base_revision=clause.head_revision_id,
                                body=f"Belgium supports the negotiations on the budget ({tag}).")
            db.session.commit()
            return (time.perf_counter() - t) * 1000

        for n, uid in enumerate(uids[:10]):
            edit(uid, f"warm-up {n}")
        without, with_index = [], []
        for n, uid in enumerate(uids):  # interleaved, so that the machine's load weighs on both alike
            indexing.enabled(n % 2 == 0)
            (with_index if n % 2 == 0 else without).append(edit(uid, f"edit {n}"))
        indexing.enabled(True)
        results["write"] = _compared(without, with_index)
        print(f"  clause edit + commit (the service): {results['write']['without_ms']} ms without indexing, "
              f"{results['write']['with_ms']} ms with (+{results['write']['extra_percent']} %)")
        results["api_write"] = api_edits(app, pen, position, uids[10:])
        print(f"  clause edit through the API (PATCH, as a user's edit): {results['api_write']['without_ms']} ms without "
              f"indexing, {results['api_write']['with_ms']} ms with (+{results['api_write']['extra_percent']} %)")
        db.session.remove()
        db.engine.dispose()
    return results


def _compared(without: list[float], with_index: list[float]) -> dict:
    ratio = statistics.median(with_index) / statistics.median(without)
    return {"without_ms": round(statistics.median(without), 1), "with_ms": round(statistics.median(with_index), 1),
            "extra_percent": round((ratio - 1) * 100, 1)}


def api_edits(app, pen, position, uids: list[str]) -> dict:
    """PATCH each clause through the API with a bearer token, indexing on and off in turn: what a user's edit costs."""
    from app.extensions import db
    from positions.search import indexing
    from positions.services import accounts, drafting

    token = accounts.issue_token(db.session, pen, label="search bench")
    bases = {d.uid: d.revision.id for d in drafting.draft(db.session, position)}
    db.session.commit()
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    without, with_index = [], []
    for n, uid in enumerate(uids * 2):
        indexing.enabled(n % 2 == 0)
        started = time.perf_counter()
        response = client.patch(f"/api/v1/positions/{position.id}/clauses/{uid}", headers=headers,
                                json={"base_revision": bases[uid], "body": f"Belgium supports the budget talks (API edit {n})."})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        bases[uid] = response.get_json()["clause"]["revision"]
        if n >= 10:  # the first ones warm the app up
            (with_index if n % 2 == 0 else without).append(elapsed)
    indexing.enabled(True)
    return _compared(without, with_index)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/plenipo_search_bench")
    parser.add_argument("--clauses", type=int, default=100_000)
    parser.add_argument("--comments-per-clause", type=int, default=5)
    parser.add_argument("--small", action="store_true", help="5,000 clauses: a quick check of the script")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    from run_all import create_database

    create_database(args.database_url)
    results = measure(args.database_url, 5_000 if args.small else args.clauses, args.comments_per_clause)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
