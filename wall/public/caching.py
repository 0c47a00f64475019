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
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from flask import Response, current_app, request, session
from flask_login import current_user


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
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    user = current_user.get_id() if current_user.is_authenticated else ""
    # Waiting flashed messages change the page too (e.g. "you already said that today").
    return f"{user}|{session.get(field, '')}|{session.get('_flashes', '')}"


def etag_for(parts: Iterable, per_session: bool) -> str:
    digest = hashlib.sha256(_deploy_fingerprint().encode())
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\x00")
    if per_session:
        digest.update(_session_part().encode())
    return digest.hexdigest()[:32]


def as_utc(stamp: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stamp we store is UTC."""
    if stamp is None:
        return None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def latest(*stamps: datetime | None) -> datetime | None:
    """The most recent of some stamps (None where nothing is known), in UTC."""
    present = [as_utc(s) for s in stamps if s is not None]
    return max(present) if present else None


def conditional(
    parts: Iterable,
    last_modified: datetime | None,
    render: Callable[[], Response | str],
    *,
    per_session: bool = True,
    cache_control: str = "private, no-cache",
) -> Response:
    """A 304 if the client's copy is current, else the rendered response; both with validators."""
    parts = list(parts)
    tag = etag_for(parts, per_session)
    stamp = as_utc(last_modified)
    probe = Response()
    _validators(probe, tag, stamp, cache_control)
    probe.make_conditional(request)
    if probe.status_code == 304:
        return probe
    response = current_app.make_response(render())
    # Rendering may have started a session (a form's CSRF token); the tag must match the next request.
    _validators(response, etag_for(parts, per_session), stamp, cache_control)
    return response


def _validators(response: Response, tag: str, stamp: datetime | None, cache_control: str) -> None:
    response.set_etag(tag, weak=True)  # weak: the same content, not byte for byte (tokens differ)
    if stamp is not None:
        response.last_modified = stamp.replace(microsecond=0)
    response.headers["Cache-Control"] = cache_control
    if "private" in cache_control:
        response.vary.add("Cookie")
