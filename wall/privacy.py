"""Per-visitor keys that cannot be turned back into an address.

A key is an HMAC of the client address under a random secret that lives only in
this process's memory and is replaced every day, so yesterday's keys cannot be
recomputed by anyone, including us.
"""

import hashlib
import hmac
import secrets
import threading
from datetime import UTC, date, datetime

from flask import request

_lock = threading.Lock()
_secret: tuple[date, bytes] | None = None


def _todays_secret() -> bytes:
    global _secret
    today = datetime.now(UTC).date()
    with _lock:
        if _secret is None or _secret[0] != today:
            _secret = (today, secrets.token_bytes(32))
        return _secret[1]


def keyed_hash(value: str) -> str:
    """A short, unlinkable-tomorrow key for `value`."""
    return hmac.new(_todays_secret(), value.encode(), hashlib.sha256).hexdigest()[:32]


def visitor_key() -> str:
    """The rate-limit key for the current request's client."""
    return "v:" + keyed_hash(request.remote_addr or "unknown")
