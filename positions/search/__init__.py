"""Full-text search over everything a reader may see (DESIGN section 11); Flask-free.

* `service.search(session, actor, text, Filters(...), page=, per_page=)`: the one call behind the page, the API
  and the tests.
* `sources.register_source(name, rows, all_ids)`: make a new kind of thing searchable (see sources.py).
* `indexing`: rows are rebuilt in the writer's transaction (flush notes, commit writes); `reindex.reindex`
  rebuilds everything.
"""
