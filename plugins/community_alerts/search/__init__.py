"""Search: a Pagefind index of the message pages, written beside the built site, and its page."""
