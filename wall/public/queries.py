"""Reading the wall: published stories only, newest first, paged by cursor (keyset).

`published()` is the one filter for what readers may see; the wall, themes, feeds, the API and
"read another story" all start from it.
"""

import base64
import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_

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


def published(theme: str | None = None):
    query = select(Story).where(Story.state == State.PUBLISHED, Story.hidden.is_(False))
    return query.where(Story.theme == theme) if theme else query


def wall_page(
    size: int, before: str | None = None, after: str | None = None, theme: str | None = None
) -> Page:
    """One page of the wall. A row-value comparison on (published_at, id) lets both databases seek
    straight to the cursor in the (state, [theme,] published_at, id) index: page 1000 costs what page 1 does.
    """
    query = published(theme)
    key = tuple_(Story.published_at, Story.id)
    if after:
        rows = db.session.scalars(
            query.where(key > decode_cursor(after)).order_by(Story.published_at, Story.id).limit(size + 1)
        ).all()
        more_newer = len(rows) > size
        stories = list(reversed(rows[:size]))
        return Page(stories, _cursor(stories, -1), _cursor(stories, 0) if more_newer else None)
    if before:
        query = query.where(key < decode_cursor(before))
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


def random_story_id(exclude: int | None = None) -> int | None:
    """A published story picked at random, cheaply on any number of rows: a random instant between the
    first and last publication, then the first story at or after it (two index seeks, no ORDER BY random()).
    Stories after long quiet spells come up a little more often; for "read another story" that is fine.
    """
    ids = published().with_only_columns(Story.id)
    bounds = published().with_only_columns(func.min(Story.published_at), func.max(Story.published_at))
    first, last = db.session.execute(bounds).one()
    if first is None:
        return None
    instant = first + (last - first) * random.random()
    after = ids.where(Story.published_at >= instant).order_by(Story.published_at, Story.id).limit(2)
    picked = [i for i in db.session.scalars(after) if i != exclude]
    if not picked:  # we landed on the excluded, newest story: take the oldest instead
        oldest = ids.order_by(Story.published_at, Story.id).limit(2)
        picked = [i for i in db.session.scalars(oldest) if i != exclude]
    return picked[0] if picked else None
