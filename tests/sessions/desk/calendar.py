"""The desk's calendar tests: the grid's helpers, which the therapist's schedule shares."""

from tests.sessions.grid import blocks, book_links, cell_kinds, ghosts, therapist_named

__all__ = ["blocks", "book_links", "cell_kinds", "ghosts", "therapist_named"]
