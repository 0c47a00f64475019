"""Reading the wall: published stories only, newest first, paged by cursor (keyset).

`published()` is the one filter for what readers may see; the wall, themes, feeds, the API and
"read another story" all start from it.
"""

import base64
import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, bindparam, func, select, tuple_

from wall.extensions import db
from wall.reactions.models import ReactionCount
from wall.stories.models import Story
from wall.stories.states import State


class BadCursor(ValueError):
    pass


def encode_cursor(story) -> str:
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
    stories: list  # Story objects, or key rows (see page_keys)
    older: str | None  # cursor for the next, older page
    newer: str | None  # cursor for the previous, newer page


def published(theme=None):
    """Stories readers may see. `theme` is a slug, or a bind parameter for a prepared statement."""
    query = select(Story).where(Story.state == State.PUBLISHED, Story.hidden.is_(False))
    return query.where(Story.theme == theme) if theme is not None else query


def _ordered(query, before, after, size):
    """The keyset part. A row-value comparison on (published_at, id) lets both databases seek straight to
    the cursor in the (state, [theme,] published_at, id) index: page 1000 costs what page 1 does."""
    key = tuple_(Story.published_at, Story.id)
    if after is not None:
        return query.where(key > after).order_by(Story.published_at, Story.id).limit(size)
    if before is not None:
        query = query.where(key < before)
    return query.order_by(Story.published_at.desc(), Story.id.desc()).limit(size)


def _page(rows: list, size: int, before, after) -> Page:
    if after:
        stories = list(reversed(rows[:size]))
        return Page(stories, _cursor(stories, -1), _cursor(stories, 0) if len(rows) > size else None)
    stories = rows[:size]
    older = _cursor(stories, -1) if len(rows) > size else None
    return Page(stories, older, _cursor(stories, 0) if before else None)


def _cursor(stories: list, index: int) -> str | None:
    return encode_cursor(stories[index]) if stories else None


def wall_page(
    size: int, before: str | None = None, after: str | None = None, theme: str | None = None
) -> Page:
    """One page of the wall, as Story objects."""
    before_key = decode_cursor(before) if before else None
    after_key = decode_cursor(after) if after else None
    query = _ordered(published(theme), before_key, after_key, size + 1)
    return _page(db.session.scalars(query).all(), size, before, after)


# --- The freshness check: what a page shows, without the stories' text, in one cheap statement. ---

_prepared: dict[tuple, object] = {}


def _count(kind: str):
    return (
        select(ReactionCount.count)
        .where(ReactionCount.story_id == Story.id, ReactionCount.kind == kind)
        .scalar_subquery()
        .label(kind)
    )


def _keys_query(theme=None):
    reacted = select(func.max(ReactionCount.updated_at)).where(ReactionCount.story_id == Story.id)
    return published(theme).with_only_columns(
        Story.id, Story.version, Story.published_at, Story.state_changed_at,
        _count("helped"), _count("me_too"), reacted.scalar_subquery().label("reacted_at"),
    )  # fmt: skip


def _keys_statement(direction: str, themed: bool):
    """Built once per shape and reused with bound values: building a statement costs more than running it."""
    shape = (direction, themed)
    if shape not in _prepared:
        query = _keys_query(bindparam("theme") if themed else None)
        cursor = tuple_(bindparam("stamp", type_=Story.published_at.type), bindparam("sid", type_=Integer()))
        _prepared[shape] = _ordered(
            query,
            cursor if direction == "before" else None,
            cursor if direction == "after" else None,
            bindparam("size", type_=Integer()),
        )
    return _prepared[shape]


def page_keys(
    size: int, before: str | None = None, after: str | None = None, theme: str | None = None
) -> Page:
    """The page wall_page would return, as rows of (id, version, published_at, state_changed_at, helped,
    me_too, reacted_at): what ETags and the render cache need to know whether anything shown changed."""
    cursor = after or before
    direction = "after" if after else "before" if before else "first"
    params = {"size": size + 1}
    if cursor:
        params["stamp"], params["sid"] = decode_cursor(cursor)
    if theme:
        params["theme"] = theme
    statement = _keys_statement(direction, bool(theme))
    # A connection of its own, not the ORM session's: on a cache hit the session is never started at all.
    with db.engine.connect() as conn:
        rows = conn.execute(statement, params).all()
    return _page(rows, size, before, after)


def story_keys(story_id: int):
    """One published story's key row (as in page_keys), or None: the story page's freshness check."""
    if "one" not in _prepared:
        _prepared["one"] = _keys_query().where(Story.id == bindparam("story_id", type_=Integer()))
    with db.engine.connect() as conn:
        return conn.execute(_prepared["one"], {"story_id": story_id}).first()


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
