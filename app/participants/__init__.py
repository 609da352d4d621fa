"""Member-state delegates: the pen-holder's participants page, the invitation link, the delegate's start page."""
