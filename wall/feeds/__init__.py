"""Atom feeds of published stories: the whole wall, and one per theme."""
