"""Stop words on both databases: left out of a query as PostgreSQL's english, french and dutch configurations leave
them out; a query of nothing else gets one clear message; a quoted phrase keeps its stop words on SQLite."""

from __future__ import annotations

import pytest

from positions.search.matching import SqliteBackend
from positions.search.query import parse
from positions.search.service import Filters, search
from positions.search.stop_words import is_common, searched_words, stop_words
from tests.positions.search.test_search_service import world  # noqa: F401  (the fixture)

ONLY_COMMON = "Only very common words were typed"


def found(session, user, q):
    return search(session, user, q, Filters())


def refs(results):
    return sorted((h.source, h.ref_id) for h in results.hits)


def test_the_lists_are_postgresql_s_own():
    assert {"the", "of", "and"} <= stop_words("en") and {"de", "la", "le", "été", "l"} <= stop_words("fr")
    assert {"de", "het", "een", "die"} <= stop_words("nl") and stop_words("simple") == frozenset()
    assert len(stop_words("en")) == 127 and len(stop_words("fr")) == 155 and len(stop_words("nl")) == 101
    assert is_common("The") and not is_common("budget")
    assert searched_words(("of", "the"), "en") == () and searched_words(("rights", "of", "nature"), "en") == ("rights", "of", "nature")
    assert searched_words(("of", "the"), "simple") == ("of", "the")


def test_sqlite_leaves_stop_words_out_of_each_language_but_keeps_them_in_a_phrase():
    match = SqliteBackend(None, parse('the budget of "rights of nature"')).match_text()
    english = match.split(" OR fr : ")[0]
    assert '"the"' not in english and '"of"' not in english and '"budget"' in english and '"right of natur"' in english
    assert 'simple : (("the" AND "budget" AND "of"' in match  # text in no known language keeps every word, as on PostgreSQL
    assert "nl : " not in SqliteBackend(None, parse("de het")).match_text()  # nothing left to look for in Dutch


@pytest.mark.parametrize("q", ["the of and", "de la le", "de het een", '"of the"', "the or de", "the -budget", "the*"])
def test_a_query_of_only_stop_words_says_so_on_both_databases(session, people, world, q):  # noqa: F811
    results = found(session, people.pen, q)
    assert results.total == 0 and results.hits == []
    assert len(results.notices) == 1 and str(results.notices[0]).startswith(ONLY_COMMON)


def test_the_message_names_the_words_and_reaches_the_api(client, session, people, world):  # noqa: F811
    from tests.helpers import token

    body = client.get("/api/v1/search?q=the+of+the", headers={"Authorization": f"Bearer {token(client, people.pen)}"}).get_json()
    assert body["total"] == 0 and body["notices"] == [
        "Only very common words were typed (the, of): they are not searched on their own. Add a more specific word."]


def test_stop_words_no_longer_decide_what_is_found(session, people, world):  # noqa: F811
    budget = found(session, people.pen, "budget")
    assert budget.total >= 2
    assert refs(found(session, people.pen, "the budget of the")) == refs(budget)  # no text has both "of" and "budget"
    assert found(session, people.pen, "des négociations").total == 1  # "La Belgique soutient la négociation…"
    assert found(session, people.pen, "het verplichtingen").total == 1  # "België steunt de verplichting…"
    assert found(session, people.pen, "budget -the").total == budget.total  # excluding a stop word excludes nothing


def test_a_phrase_with_stop_words_still_matches_its_words_in_a_row(session, people, world, backend):  # noqa: F811
    assert found(session, people.pen, '"recognition of indigenous"').total == 1
    assert found(session, people.pen, '"indigenous and local knowledge"').total == 1
    assert found(session, people.pen, '"local and indigenous knowledge"').total == 0
    if backend == "sqlite":  # PostgreSQL lets a stop word in a phrase stand for any one word
        assert found(session, people.pen, '"recognition for indigenous"').total == 0


def test_snippets_mark_the_words_looked_for_not_the_stop_words(session, people, world):  # noqa: F811
    snippets = [h.snippet for h in found(session, people.pen, "the budget").hits]
    assert sum("<mark>budget</mark>" in s for s in snippets) >= 2
    assert not any("<mark>the</mark>" in s.lower() for s in snippets)
