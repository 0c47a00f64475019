"""Re-scoring stored stories with the configured model: resumable, and never a duplicate score row."""

from sqlalchemy import exists, func, select

from wall.extensions import db
from wall.stories.models import Score, Story
from wall.stories.states import State

WAITING = (State.IN_REVIEW,)


def _missing(model: str):
    """Stories with text that this exact model (variant, version, checkpoint, path) has not scored."""
    scored = exists().where(Score.story_id == Story.id, Score.model == model)
    return select(Story.id).where(Story.body.is_not(None), Story.state != State.RECEIVED, ~scored)


def count_missing(model: str) -> int:
    return db.session.scalar(select(func.count()).select_from(_missing(model).subquery()))


def next_batch(model: str, size: int) -> list[Story]:
    ids = db.session.scalars(_missing(model).order_by(Story.id).limit(size)).all()
    return list(db.session.scalars(select(Story).where(Story.id.in_(ids)).order_by(Story.id)))


def rescore_batch(scorer, stories: list[Story]) -> list[int]:
    """Score `stories`, store one row per category, and refresh what the queue sorts waiting ones by.

    Commits once per batch, so an interrupted run resumes where it stopped.
    Received stories are left to the workers, which score them as part of moving them on.
    """
    results = scorer.score([s.body for s in stories])
    waiting = []
    for story, scores in zip(stories, results, strict=True):
        db.session.add_all(
            Score(story_id=story.id, model=scorer.name, category=c, value=v) for c, v in scores.items()
        )
        if story.state in WAITING:
            story.max_score = max(scores.values())
            story.score_error = None
            waiting.append(story.id)
    db.session.flush()
    if waiting:
        from wall.moderation.thresholds import reband_waiting  # the admins' thresholds decide bands

        reband_waiting(waiting)
    db.session.commit()
    return [s.id for s in stories]
