"""The visitor's receipt: a private code to check on a story, or take it back, with nothing else known."""
