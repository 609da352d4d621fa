"""Site-wide answers with no area of their own: the liveness check and the clause kinds' stylesheet."""
