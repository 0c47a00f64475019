"""Receipt codes: 192 random bits shown once; only their SHA-256 is stored.

An unkeyed hash is enough here: the code is random and long, so the hash cannot be reversed by
guessing, and it stays valid if the app's secret key is rotated.
"""

import hashlib
import re
import secrets

_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_receipt() -> tuple[str, str]:
    """(the code to show the visitor once, the digest to store)."""
    token = secrets.token_urlsafe(24)
    return token, digest(token)


def clean(raw: str | None) -> str | None:
    """The code from what was pasted (a bare code or the whole link), or None if it cannot be one."""
    text = (raw or "").strip()
    text = text.rsplit("#", 1)[-1].strip()
    return text if _SHAPE.fullmatch(text) else None
