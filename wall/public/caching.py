"""Validators for conditional GET: ETag and Last-Modified, and the 304 that saves a render.

What an ETag covers (see docs/wall.md):
- the content: the ids and versions of the stories shown, their reaction counts, the page's cursors;
- the deployed code: a fingerprint of the templates and stylesheet, taken once per process;
- the reader's session, for HTML pages: who is logged in, and the session's CSRF secret. A page with a
  form carries a token bound to that secret; a copy cached under another session would carry a token
  that no longer works, so it must not be revalidated as fresh. Feeds and the API carry no session
  part and are the same for everyone.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from flask import Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf


def _deploy_fingerprint() -> str:
    cached = current_app.extensions.get("wall_deploy_fingerprint")
    if cached is None:
        digest = hashlib.sha256()
        roots = [Path(current_app.template_folder), Path(current_app.static_folder)]
        for root in roots:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    digest.update(str(path.relative_to(root)).encode())
                    digest.update(path.read_bytes())
        cached = current_app.extensions["wall_deploy_fingerprint"] = digest.hexdigest()[:16]
    return cached


def _session_part() -> str:
    # Read from the session directly: asking Flask-Login for current_user costs more than the page check.
    return f"{session.get('_user_id', '')}|{session.get(_csrf_field(), '')}|{session.get('_flashes', '')}"


def content_digest(parts: Iterable) -> str:
    """A fingerprint of what a page shows (and of the code that shows it)."""
    return hashlib.sha256(repr((_deploy_fingerprint(), list(parts))).encode()).hexdigest()[:32]


def etag_for(parts: Iterable, per_session: bool, digest: str | None = None) -> str:
    digest = digest or content_digest(parts)
    personal = _session_part() if per_session else "||"
    if personal == "||":  # no session at all: the same page for everyone
        return digest
    return hashlib.sha256(f"{digest}|{personal}".encode()).hexdigest()[:32]


def as_utc(stamp: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stamp we store is UTC."""
    if stamp is None:
        return None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def latest(*stamps: datetime | None) -> datetime | None:
    """The most recent of some stamps (None where nothing is known), in UTC. Stamps from one database
    are all naive (SQLite) or all aware (PostgreSQL), so they compare before conversion."""
    present = [s for s in stamps if s is not None]
    return as_utc(max(present)) if present else None


def conditional(
    parts: Iterable,
    last_modified: datetime | None,
    render: Callable[[], Response | str],
    *,
    per_session: bool = True,
    cache_control: str = "private, no-cache",
) -> Response:
    """A 304 if the client's copy is current, else the page; both with validators.

    The page itself comes from this process's render cache when the same content was rendered before
    for a reader with nothing personal on it (see RenderCache); else `render()` makes it.
    """
    digest = content_digest(parts)
    tag = etag_for(parts, per_session, digest)
    stamp = as_utc(last_modified)
    if _not_modified(tag, stamp):
        response = current_app.response_class(status=304)
        _validators(response, tag, stamp, cache_control)
        return response
    key = (request.host, request.path, request.query_string, digest)
    cache = current_app.extensions.setdefault("wall_rendered", RenderCache())
    response = cache.get(key) if _impersonal() else None
    if response is None:
        response = current_app.make_response(render())
        if _impersonal():
            cache.put(key, response, g.get(_csrf_field()))
    # Rendering may have started a session (a form's CSRF token); the tag must match the next request.
    _validators(response, etag_for(parts, per_session, digest), stamp, cache_control)
    return response


def _not_modified(tag: str, stamp: datetime | None) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present (weak comparison); else If-Modified-Since."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.if_none_match:
        return request.if_none_match.contains_weak(tag)
    since = request.if_modified_since
    return bool(since and stamp and stamp.replace(microsecond=0) <= since)


def _impersonal() -> bool:
    """Nothing on the page can depend on who is asking: nobody logged in, no message waiting."""
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    return not remembered and "_user_id" not in session and not session.get("_flashes")


def _csrf_field() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


# Stands in for the CSRF token in a stored page; each reader's own token is put back when it is served.
TOKEN_SLOT = b"\x00csrf-token-slot\x00"


class RenderCache:
    """Rendered pages by content fingerprint, per process. Never stale: the key is the fingerprint of
    exactly what the page shows (read from the database on every request), so any change is a new key;
    old entries simply age out. A page's CSRF token (bound to one session) is stored as a slot and
    filled with the reader's own token each time the page is served.
    """

    def __init__(self, size: int = 256):
        self.size = size
        self._pages: OrderedDict[tuple, tuple[bytes, str, bool]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Response | None:
        with self._lock:
            found = self._pages.get(key)
            if found is not None:
                self._pages.move_to_end(key)
        if found is None:
            return None
        body, mimetype, has_form = found
        if has_form:
            body = body.replace(TOKEN_SLOT, generate_csrf().encode())
        return current_app.response_class(body, mimetype=mimetype)

    def put(self, key: tuple, response: Response, token: str | None) -> None:
        if response.status_code != 200 or response.direct_passthrough:
            return
        body = response.get_data()
        if token:
            body = body.replace(token.encode(), TOKEN_SLOT)
        with self._lock:
            self._pages[key] = (body, response.mimetype, bool(token))
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def _validators(response: Response, tag: str, stamp: datetime | None, cache_control: str) -> None:
    response.set_etag(tag, weak=True)  # weak: the same content, not byte for byte (tokens differ)
    if stamp is not None:
        response.last_modified = stamp.replace(microsecond=0)
    response.headers["Cache-Control"] = cache_control
    if "private" in cache_control:
        response.vary.add("Cookie")
