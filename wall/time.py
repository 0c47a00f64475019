from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now, for column defaults (pass the function, never its result)."""
    return datetime.now(UTC)
