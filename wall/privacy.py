"""Per-visitor keys that cannot be turned back into an address.

A key is an HMAC of the client address under a secret that lives only in memory and moves on
every day through a one-way step (tomorrow's secret is a hash of today's). Once a process has
moved on, yesterday's secret is gone and cannot be recomputed from today's, so yesterday's keys
cannot be reversed by anyone, including us.

gunicorn makes the first secret in its master process (`prime`, from gunicorn.conf.py) before it
forks workers, so every worker holds the same secret and a visitor has one key, not one per worker.
Each process then moves the secret on by itself, and they stay in step because the step is fixed.
"""

import hashlib
import hmac
import secrets
import threading
from datetime import UTC, date, datetime, timedelta

from flask import request

_lock = threading.Lock()
_secret: tuple[date, bytes] | None = None


def next_secret(secret: bytes) -> bytes:
    """The one-way daily step."""
    return hashlib.sha256(b"small-steps visitor key, next day:" + secret).digest()


def _advance(state: tuple[date, bytes], today: date) -> tuple[date, bytes]:
    day, secret = state
    if today < day or today - day > timedelta(days=400):  # the clock jumped: start afresh
        return today, secrets.token_bytes(32)
    while day < today:
        day, secret = day + timedelta(days=1), next_secret(secret)
    return day, secret


def _todays_secret() -> bytes:
    global _secret
    today = datetime.now(UTC).date()
    with _lock:
        if _secret is None:
            _secret = (today, secrets.token_bytes(32))
        elif _secret[0] != today:
            _secret = _advance(_secret, today)
        return _secret[1]


def prime() -> None:
    """Make or move on today's secret now: call in a parent process before it forks workers."""
    _todays_secret()


def keyed_hash(value: str) -> str:
    """A short, unlinkable-tomorrow key for `value`."""
    return hmac.new(_todays_secret(), value.encode(), hashlib.sha256).hexdigest()[:32]


def visitor_key() -> str:
    """The rate-limit key for the current request's client."""
    return "v:" + keyed_hash(request.remote_addr or "unknown")
