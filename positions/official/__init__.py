"""Official documents without a database: recognising their paragraph numbers and comparing their revisions."""
