"""Reading the wall: published stories only, newest first, paged by cursor (keyset)."""

import base64
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select

from wall.extensions import db
from wall.stories.models import Story
from wall.stories.states import State


class BadCursor(ValueError):
    pass


def encode_cursor(story: Story) -> str:
    raw = f"{story.published_at.isoformat()}|{story.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, story_id = raw.split("|")
        return datetime.fromisoformat(stamp), int(story_id)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadCursor(cursor) from exc


@dataclass
class Page:
    stories: list[Story]
    older: str | None  # cursor for the next, older page
    newer: str | None  # cursor for the previous, newer page


def published():
    return select(Story).where(Story.state == State.PUBLISHED, Story.hidden.is_(False))


def wall_page(size: int, before: str | None = None, after: str | None = None) -> Page:
    query = published()
    if after:
        stamp, story_id = decode_cursor(after)
        newer_than = or_(Story.published_at > stamp, and_(Story.published_at == stamp, Story.id > story_id))
        rows = db.session.scalars(
            query.where(newer_than).order_by(Story.published_at, Story.id).limit(size + 1)
        ).all()
        more_newer = len(rows) > size
        stories = list(reversed(rows[:size]))
        return Page(stories, _cursor(stories, -1), _cursor(stories, 0) if more_newer else None)
    if before:
        stamp, story_id = decode_cursor(before)
        query = query.where(
            or_(Story.published_at < stamp, and_(Story.published_at == stamp, Story.id < story_id))
        )
    rows = db.session.scalars(
        query.order_by(Story.published_at.desc(), Story.id.desc()).limit(size + 1)
    ).all()
    stories = rows[:size]
    older = _cursor(stories, -1) if len(rows) > size else None
    return Page(stories, older, _cursor(stories, 0) if before else None)


def _cursor(stories: list[Story], index: int) -> str | None:
    return encode_cursor(stories[index]) if stories else None


def published_story(story_id: int) -> Story | None:
    return db.session.scalar(published().where(Story.id == story_id))
