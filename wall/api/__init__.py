"""A read-only JSON API over published stories, described by api/openapi.json."""
