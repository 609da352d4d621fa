"""What every web area shares: the one place that commits or rolls back and flashes, redirects, numbers."""
