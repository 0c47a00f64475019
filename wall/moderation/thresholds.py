"""Score thresholds per category: admins' values from the database, over the configured defaults.

Read on every use, so a change takes effect at once in every web and worker process, no restart.
"""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wall.extensions import db
from wall.moderation import audit
from wall.moderation.models import Moderator, Threshold
from wall.scoring.policy import Band, band_for, threshold_for
from wall.stories.models import Score, Story
from wall.stories.states import State
from wall.time import utcnow

KNOWN_CATEGORIES = (
    "default",
    "toxicity",
    "severe_toxicity",
    "obscene",
    "threat",
    "insult",
    "identity_attack",
    "sexual_explicit",
    "offensive",
)


class BadThreshold(ValueError):
    pass


def effective_thresholds() -> dict[str, float]:
    """The thresholds in force now: config THRESHOLDS, overridden by any set by an admin.

    The worker can call this in place of current_app.config["THRESHOLDS"] when it bands a story.
    """
    merged = {k: float(v) for k, v in current_app.config["THRESHOLDS"].items()}
    merged.update({t.category: t.value for t in db.session.scalars(select(Threshold))})
    return merged


def maybe_ratio() -> float:
    return float(current_app.config["MAYBE_RATIO"])


def parse(category: str, raw: str) -> tuple[str, float]:
    category = (category or "").strip().lower()
    if not category or len(category) > 40 or not category.replace("_", "").isalnum():
        raise BadThreshold("A category is a short name like toxicity or insult.")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise BadThreshold("A threshold is a number between 0.01 and 1, like 0.8.") from None
    if value > 1 and value <= 100:
        value /= 100  # someone typed a percentage
    if not 0.01 <= value <= 1:
        raise BadThreshold("A threshold is a number between 0.01 and 1, like 0.8.")
    return category, round(value, 4)


def set_threshold(category: str, raw: str, moderator: Moderator | None) -> int:
    """Save a threshold, re-band the waiting stories, commit; returns how many changed band."""
    category, value = parse(category, raw)
    before = threshold_for(category, effective_thresholds())
    row = db.session.get(Threshold, category) or Threshold(category=category)
    row.value, row.updated_at = value, utcnow()
    row.updated_by = moderator.id if moderator else None
    db.session.add(row)
    audit.record(
        "set_threshold",
        moderator,
        actor=None if moderator else "cli",
        target=category,
        from_value=before,
        to_value=value,
    )
    db.session.flush()
    moved = reband_waiting()
    db.session.commit()
    return moved


def reset_threshold(category: str, moderator: Moderator | None) -> int:
    row = db.session.get(Threshold, category)
    if row is None:
        return 0
    audit.record(
        "reset_threshold",
        moderator,
        actor=None if moderator else "cli",
        target=category,
        from_value=row.value,
        to_value="config default",
    )
    db.session.delete(row)
    db.session.flush()
    moved = reband_waiting()
    db.session.commit()
    return moved


def band_of(scores: dict[str, float], thresholds: dict[str, float] | None = None) -> Band:
    return band_for(scores, thresholds or effective_thresholds(), maybe_ratio())


def reband_waiting(story_ids: list[int] | None = None) -> int:
    """Store the band the current thresholds give each waiting story (unscored ones stay unscored)."""
    thresholds = effective_thresholds()
    query = (
        select(Story)
        .where(Story.state.in_([State.RECEIVED, State.IN_REVIEW]))
        .options(selectinload(Story.scores))
    )
    if story_ids is not None:
        query = query.where(Story.id.in_(story_ids))
    moved = 0
    for story in db.session.scalars(query):
        scores = latest_scores(story)
        if not scores:
            continue
        band = band_of(scores, thresholds)
        if story.band != band:
            story.band, moved = band, moved + 1
    return moved


def latest_scores(story: Story) -> dict[str, float]:
    """The scores of the most recent model that scored the story."""
    rows: list[Score] = sorted(story.scores, key=lambda s: (s.created_at, s.id))
    if not rows:
        return {}
    model = rows[-1].model
    return {s.category: s.value for s in rows if s.model == model}
