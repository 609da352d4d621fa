"""Word: export a version or the draft, import a file as a new position, import a reviewed file."""
