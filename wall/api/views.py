import json
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, url_for

from wall import themes
from wall.public.caching import as_utc, conditional, latest
from wall.public.queries import BadCursor, page_keys, published_story, wall_page
from wall.reactions.service import KINDS, Tally, tally
from wall.stories.models import Story

bp = Blueprint("api", __name__, url_prefix="/api")
OPENAPI = Path(__file__).with_name("openapi.json")
MAX_LIMIT = 50


def _story(story: Story, counts: dict[str, int]) -> dict:
    theme = themes.get(story.theme)
    return {
        "id": story.id,
        "body": story.body,
        "theme": {"slug": theme.slug, "label": theme.label} if theme else None,
        "content_note": story.content_note,
        "published_at": as_utc(story.published_at).isoformat().replace("+00:00", "Z"),
        "url": url_for("public.story", story_id=story.id, _external=True),
        "reactions": {kind: counts.get(kind, 0) for kind in KINDS},
    }


def _limit() -> int:
    raw = request.args.get("limit", str(current_app.config["WALL_PAGE_SIZE"]))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        abort(400, f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    return int(raw)


def _json(data) -> Response:
    return current_app.response_class(json.dumps(data, ensure_ascii=False), mimetype="application/json")


@bp.get("/stories")
def stories():
    slug = request.args.get("theme") or None
    if slug and themes.get(slug) is None:
        abort(400, f"There is no theme called {slug!r}. The themes are: {', '.join(themes.BY_SLUG)}.")
    limit, cursor = _limit(), request.args.get("cursor")
    try:
        keys = page_keys(limit, before=cursor, theme=slug)
    except BadCursor:
        abort(400, "That cursor looks broken. Leave it out to start from the newest stories.")
    reactions = Tally.from_keys(keys.stories)
    parts = ["api", request.host_url, request.query_string, [row[:2] for row in keys.stories]]
    parts.append(reactions.fingerprint())
    modified = latest(reactions.latest, *(row[3] for row in keys.stories))

    def render():
        page = wall_page(limit, before=cursor, theme=slug)
        return _json(
            {
                "stories": [_story(s, reactions.of(s.id)) for s in page.stories],
                "next_cursor": page.older,
            }
        )

    return conditional(parts, modified, render, per_session=False, cache_control="public, max-age=60")


@bp.get("/stories/<int:story_id>")
def story(story_id: int):
    found = published_story(story_id)
    if found is None:
        abort(404)
    reactions = tally([found.id])
    parts = ["api-story", request.host_url, found.id, found.version, reactions.fingerprint()]
    modified = latest(found.state_changed_at, reactions.latest)
    return conditional(
        parts,
        modified,
        lambda: _json(_story(found, reactions.of(found.id))),
        per_session=False,
        cache_control="public, max-age=60",
    )


@bp.get("/themes")
def theme_list():
    return _json({"themes": [{"slug": t.slug, "label": t.label} for t in themes.THEMES]})


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI.read_bytes(), mimetype="application/json")
