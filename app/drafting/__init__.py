"""Drafting: editing clauses in place, their history, versions and comparing any two."""
