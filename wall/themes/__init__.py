"""The short list of themes a story may carry, and the one way a moderator changes it."""

from dataclasses import dataclass

from sqlalchemy import update

from wall.extensions import db
from wall.stories.models import Story, StoryEvent


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str
    blurb: str  # one line under the theme's heading on its page


THEMES: tuple[Theme, ...] = (
    Theme("reaching-out", "Reaching out", "Sending the message, making the call, saying it out loud."),
    Theme("therapy-and-care", "Therapy and care", "Finding help, booking the appointment, going back."),
    Theme("family", "Family", "Small steps with the people we grew up with, or chose."),
    Theme("friendship", "Friendship", "Letting a friend in, or letting one help."),
    Theme("work-and-study", "Work and study", "Asking for what we need at work, school or university."),
    Theme("grief-and-loss", "Grief and loss", "Carrying on, a little, after losing someone or something."),
    Theme("body-and-health", "Body and health", "Looking after the body we live in."),
    Theme("recovery", "Recovery", "One day, one choice, one step at a time."),
    Theme("everyday-courage", "Everyday courage", "The small brave things nobody else sees."),
)
BY_SLUG: dict[str, Theme] = {t.slug: t for t in THEMES}


class UnknownTheme(ValueError):
    pass


class StaleTheme(Exception):
    """The story changed since the moderator looked at it; nothing was written."""


def get(slug: str | None) -> Theme | None:
    return BY_SLUG.get(slug) if slug else None


def label(slug: str | None) -> str | None:
    theme = get(slug)
    return theme.label if theme else None


def choices() -> list[tuple[str, str]]:
    """(value, label) pairs for a select field, starting with "no theme"."""
    return [("", "No theme")] + [(t.slug, t.label) for t in THEMES]


def set_theme(story: Story, slug: str | None, moderator_id: int | None, expected_version: int | None = None):
    """Give `story` the theme `slug` (None or "" clears it), logged; the caller commits.

    Bumps the story's version like any moderator change, so a decision made on a stale view is refused.
    """
    slug = slug or None
    if slug is not None and slug not in BY_SLUG:
        raise UnknownTheme(slug)
    version = story.version if expected_version is None else expected_version
    old = story.theme
    result = db.session.execute(
        update(Story)
        .where(Story.id == story.id, Story.version == version)
        .values(theme=slug, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise StaleTheme(story.id)
    db.session.add(
        StoryEvent(
            story_id=story.id,
            action="theme",
            from_state=story.state,
            to_state=story.state,
            moderator_id=moderator_id,
            note=f"theme: {old or 'none'} → {slug or 'none'}",
        )
    )
    db.session.expire(story)
