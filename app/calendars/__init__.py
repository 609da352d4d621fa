"""Calendars of deadlines: the personal secret address and each position's .ics."""
