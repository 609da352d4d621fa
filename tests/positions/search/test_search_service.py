"""Search on both databases: stemming in three languages, phrases, exclusion, prefixes, filters, permissions,
bad input and reindexing, through the one service the page and the API use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from positions import permissions
from positions.models import SearchEntry
from positions.search.reindex import reindex
from positions.search.service import MAX_PER_PAGE, Filters, search
from positions.services import comments, drafting, editing, versions
from tests import factories

EN = [("heading", "Knowledge", ""),
      ("line_to_take", "", "Belgium supports the recognition of indigenous and local knowledge in the assessments."),
      ("text", "", "The negotiations on the budget continue; Belgium negotiated a compromise."),
      ("internal_note", "", "Confidential: the budget figure is still unconfirmed by the ministry.")]
FR = [("line_to_take", "", "La Belgique soutient la négociation du programme de travail."),
      ("text", "", "Les évaluations régionales restent une priorité.")]
NL = [("line_to_take", "", "België steunt de verplichting om de lidstaten te raadplegen."),
      ("text", "", "De beoordelingen van de biodiversiteit zijn belangrijk.")]


@pytest.fixture
def world(session, people):
    en = factories.position(session, people.pen, EN, title="Work programme", language="en")
    fr = factories.position(session, people.pen, FR, title="Programme de travail", language="fr")
    nl = factories.position(session, people.pen, NL, title="Werkprogramma")  # no declared language: detected
    secret = factories.position(session, people.pen, [("text", "", "Secret negotiations on the restricted budget.")],
                                title="Restricted budget", consulted=("VL-OMG",), confidentiality="restricted")
    return {"en": en, "fr": fr, "nl": nl, "secret": secret}


def texts(results):
    return [h.snippet for h in results.hits]


def found(session, user, q, **filters):
    return search(session, user, q, Filters(**filters))


def test_stemming_in_english_french_and_dutch(session, people, world):
    assert found(session, people.pen, "négociations").total == 1  # négociation
    assert found(session, people.pen, "negotiation").total >= 2  # negotiations, negotiated
    assert found(session, people.pen, "verplichtingen").total == 1  # verplichting
    assert "<mark>verplichting</mark>" in found(session, people.pen, "verplichtingen").hits[0].snippet
    assert found(session, people.pen, "beoordeling").total == 1  # beoordelingen
    assert found(session, people.pen, "évaluation").total == 1  # évaluations


def test_phrase_exclusion_prefix_and_or(session, people, world):
    phrase = found(session, people.pen, '"indigenous and local knowledge"')
    assert phrase.total == 1 and phrase.hits[0].clause_kind == "line_to_take" and phrase.hits[0].number == "1.1"
    assert found(session, people.pen, '"local indigenous knowledge"').total == 0
    assert found(session, people.pen, "budget").total >= 2
    excluded = found(session, people.pen, "budget -compromise")
    assert all("compromise" not in s for s in texts(excluded)) and excluded.total >= 1
    assert found(session, people.pen, "negoti*").total >= 2
    assert found(session, people.pen, "biodiv*").total == 1
    assert found(session, people.pen, "verplichting or priorité").total == 2


def test_filters(session, people, world):
    assert {h.position_id for h in found(session, people.pen, "Belgium", position_id=world["en"].id).hits} == {world["en"].id}
    assert all(h.clause_kind == "line_to_take" for h in found(session, people.pen, "Belgium or Belgique or België", kind="line_to_take").hits)
    assert found(session, people.pen, "Belgium or Belgique or België", kind="line_to_take").total == 3
    assert found(session, people.pen, "Belgium", meeting="ipbes-12").total >= 1
    assert found(session, people.pen, "Belgium", meeting="IPBES-13").total == 0
    assert found(session, people.pen, "Belgium", stage="be_draft").total >= 1
    assert found(session, people.pen, "Belgium", stage="final").total == 0
    assert found(session, people.pen, "Belgium", administration="BBPF").total >= 1
    assert found(session, people.pen, "Belgium", administration="VL-OMG").total == 0
    today = date.today()
    assert found(session, people.pen, "Belgium", date_from=today - timedelta(days=1), date_to=today + timedelta(days=1)).total >= 1
    assert found(session, people.pen, "Belgium", date_to=today - timedelta(days=2)).total == 0
    assert {h.source for h in found(session, people.pen, "programme", scope=("position",)).hits} == {"position"}


def test_comments_versions_and_positions_are_found(session, people, world):
    pos = world["en"]
    clause = drafting.draft(session, pos)[2].clause
    comments.post_comment(session, people.walloon, pos, clause.uid, kind="comment", body="We object to the wording on compensation schemes.")
    versions.take_version(session, people.pen, pos, "v1", check=False)
    editing.edit_clause(session, people.pen, pos, clause.uid, body="The talks on the budget continue.",
                        base_revision=clause.head_revision_id)
    session.commit()
    assert [h.source for h in found(session, people.pen, "compensation").hits] == ["comment"]
    old = found(session, people.pen, "compromise")
    assert [(h.source, h.version_number, h.number) for h in old.hits] == [("version", 1, "1.2")]
    assert [h.source for h in found(session, people.pen, "talks").hits] == ["clause"]
    assert found(session, people.pen, "Werkprogramma").hits[0].source == "position"
    assert found(session, people.pen, "IPBES-12", scope=("position",)).total == 4


def test_a_version_text_is_indexed_as_past_only_once_the_clause_moves_on(session, people, world):
    """A text taken into a version is found once, as the clause, while current; as the version after an edit."""
    pos = world["en"]
    clause = drafting.draft(session, pos)[2].clause
    versions.take_version(session, people.pen, pos, "v1", check=False)
    session.commit()
    indexed = select(func.count()).select_from(SearchEntry).where(SearchEntry.source == "version")
    assert session.scalar(indexed) == 0  # every text of v1 is still current
    assert [h.source for h in found(session, people.pen, "compromise").hits] == ["clause"]
    editing.edit_clause(session, people.pen, pos, clause.uid, body="The talks on the budget continue.",
                        base_revision=clause.head_revision_id)
    session.commit()
    assert session.scalar(indexed) == 1
    assert [(h.source, h.version_number) for h in found(session, people.pen, "compromise").hits] == [("version", 1)]
    reindex(session)
    session.commit()
    assert session.scalar(indexed) == 1  # a rebuild makes the same rows


def test_restricted_positions_and_internal_notes_stay_hidden(session, people, world, monkeypatch):
    assert found(session, people.flemish, "secret").total == 1  # consulted
    assert found(session, people.walloon, "secret").total == 0  # outside the circle
    assert found(session, people.walloon, "restricted", scope=("position",)).total == 0
    assert found(session, people.lead, "secret").total == 1
    assert found(session, people.viewer, "unconfirmed").total == 1
    monkeypatch.setattr(permissions, "INTERNAL_NOTE_READERS", frozenset({"official", "pen_holder", "delegation_lead"}))
    assert found(session, people.viewer, "unconfirmed").total == 0
    assert found(session, people.viewer, "budget").total >= 1
    with pytest.raises(permissions.PermissionDenied):
        found(session, people.admin, "budget")


@pytest.mark.parametrize("q", ["", "   ", "the", '"unbalanced quote', "x" * 10_000, "or", "- * \" ()", "AND OR NOT",
                               "-budget", "budget -", "(((budget", "budget:*", "'; drop table position; --", "* * *",
                               "négo* -\"", "a & b | !c <-> d", "\\", "NEAR(a b)", '"" ""', "🙂"])
def test_bad_input_never_fails(session, people, world, q):
    results = found(session, people.pen, q)
    assert results.total >= 0 and len(results.hits) <= results.per_page
    if not q.strip() or q in ("or", "-budget", "* * *"):
        assert results.notices and results.total == 0


def test_stop_words_with_an_exclusion_find_nothing_rather_than_everything(session, people, world):
    assert found(session, people.pen, "the -budget").total <= found(session, people.pen, "the").total


def test_page_size_is_capped_and_long_query_is_told(session, people, world):
    assert search(session, people.pen, "belgium", per_page=10_000).per_page == MAX_PER_PAGE
    assert search(session, people.pen, "belgium", page=10**9).page == 100
    assert search(session, people.pen, "budget " * 3000).notices


def test_reindex_rebuilds_the_same_index(session, people, world):
    before = session.scalar(select(func.count()).select_from(SearchEntry))
    session.execute(SearchEntry.__table__.delete())
    assert found(session, people.pen, "négociations").total == 0
    counts = reindex(session)
    session.commit()
    assert session.scalar(select(func.count()).select_from(SearchEntry)) == before
    assert counts["clause"] == sum(len(c) for c in (EN, FR, NL)) + 1
    assert found(session, people.pen, "négociations").total == 1
    assert found(session, people.pen, "verplichtingen").total == 1


def test_detected_language_and_a_changed_position_language(session, people, world):
    languages = dict(session.execute(select(SearchEntry.body, SearchEntry.language).where(SearchEntry.source == "clause")).all())
    assert languages[NL[0][2]] == "nl"
    pos = world["fr"]
    pos.language = "en"
    session.commit()
    assert session.scalars(select(SearchEntry.language).where(SearchEntry.position_id == pos.id)).all() == ["en"] * 3
