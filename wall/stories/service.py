"""Changing a story's state safely: legal moves only, never on a stale view, always logged."""

from sqlalchemy import delete, update

from wall.extensions import db
from wall.stories.models import Score, Story, StoryEvent
from wall.stories.states import Action, State, next_state
from wall.time import utcnow


class StaleStory(Exception):
    """The story changed since the caller looked at it; nothing was written."""


def create_story(body: str, **values) -> Story:
    """A new story; `values` are other columns set at sharing (care_level, content_note, receipt_hash)."""
    story = Story(body=body, state=State.RECEIVED, **values)
    db.session.add(story)
    db.session.flush()
    db.session.add(StoryEvent(story=story, action="share", from_state="", to_state=State.RECEIVED))
    db.session.commit()
    return story


def apply(
    story: Story,
    action: Action,
    *,
    moderator_id: int | None = None,
    note: str | None = None,
    expected_version: int | None = None,
    values: dict | None = None,
) -> State:
    """Move `story` by `action` in the current transaction; the caller commits.

    The UPDATE is conditional on the state (and version) we read, so two workers or two
    moderators acting at once cannot both succeed: the second gets StaleStory.
    """
    version = story.version if expected_version is None else expected_version
    from_state = State(story.state)
    to_state = next_state(from_state, action)
    now = utcnow()
    changes = {"state": to_state, "state_changed_at": now, "version": version + 1}
    if to_state is State.PUBLISHED:
        changes["published_at"] = now
    elif from_state is State.PUBLISHED:
        changes["published_at"] = None
    changes.update(values or {})
    result = db.session.execute(
        update(Story)
        .where(Story.id == story.id, Story.state == from_state, Story.version == version)
        .values(**changes)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise StaleStory(story.id)
    db.session.add(
        StoryEvent(
            story_id=story.id,
            action=action,
            from_state=from_state,
            to_state=to_state,
            at=now,
            moderator_id=moderator_id,
            note=note,
        )
    )
    db.session.expire(story)
    return to_state


# Other tables that keep a copy of a story's words; withdrawing empties these columns too.
STORY_TEXT_COPIES = [("redactions", "original"), ("reports", "snapshot"), ("reports", "note")]


def withdraw(story: Story) -> None:
    """The writer takes the story back: it leaves the wall and its words are erased. Commits.

    The event stays (that it happened, and when), never what it said: the body, the content note,
    the scores and the care level derived from it all go.
    """
    apply(story, Action.WITHDRAW, values={"body": None, "content_note": None, "care_level": None})
    db.session.execute(delete(Score).where(Score.story_id == story.id))
    for name, column in STORY_TEXT_COPIES:
        known = db.metadata.tables.get(name)
        if known is not None and column in known.c:
            db.session.execute(update(known).where(known.c.story_id == story.id).values({column: None}))
    db.session.commit()
