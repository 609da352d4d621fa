"""Reading uploaded Word files (a new position, a reviewed file) and keeping them until confirmed."""
