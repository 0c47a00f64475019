from datetime import UTC, datetime

from flask import Blueprint, Response, abort, request, url_for

from wall import themes
from wall.feeds.atom import Entry, document, title_from
from wall.public.caching import as_utc, conditional, latest
from wall.public.queries import page_keys, wall_page
from wall.stories.models import Story

bp = Blueprint("feeds", __name__)
FEED_SIZE = 30
EMPTY_UPDATED = datetime(2026, 1, 1, tzinfo=UTC)  # an empty feed still needs an <updated>


def _entries(stories: list[Story]) -> list[Entry]:
    entries = []
    for story in stories:
        theme = themes.get(story.theme)
        text = f"Content note: {story.content_note}\n\n{story.body}" if story.content_note else story.body
        entries.append(
            Entry(
                id=url_for("public.story", story_id=story.id, _external=True),
                url=url_for("public.story", story_id=story.id, _external=True),
                title=title_from(story.body),
                text=text,
                published=as_utc(story.published_at),
                updated=as_utc(story.state_changed_at),
                category=(theme.slug, theme.label) if theme else None,
            )
        )
    return entries


def _feed(theme: themes.Theme | None):
    slug = theme.slug if theme else None
    keys = page_keys(FEED_SIZE, theme=slug).stories
    updated = latest(*(row.state_changed_at for row in keys))
    parts = ["atom", slug, request.host_url, [(row.id, row.version) for row in keys]]
    self_url, html_url = request.base_url, request.host_url
    if theme:
        html_url = url_for("public.theme", slug=theme.slug, _external=True)

    def render():
        stories = wall_page(FEED_SIZE, theme=slug).stories
        body = document(
            feed_id=self_url,
            title=f"Small Steps: {theme.label}" if theme else "Small Steps",
            subtitle="Small steps people took through hard times, each read by a person before it appeared.",
            self_url=self_url,
            html_url=html_url,
            updated=latest(*(s.state_changed_at for s in stories)) or EMPTY_UPDATED,
            entries=_entries(stories),
        )
        return Response(body, mimetype="application/atom+xml")

    return conditional(parts, updated, render, per_session=False, cache_control="public, max-age=60")


@bp.get("/feed.atom")
def wall_feed():
    return _feed(None)


@bp.get("/themes/<slug>/feed.atom")
def theme_feed(slug: str):
    theme = themes.get(slug)
    if theme is None:
        abort(404)
    return _feed(theme)
