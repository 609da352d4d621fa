"""The positions: the dashboard, a new position, and the position page."""
