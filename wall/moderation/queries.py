from sqlalchemy import func, select

from wall.extensions import db
from wall.stories.models import Story
from wall.stories.states import State


def review_queue(limit: int = 50) -> list[Story]:
    """Stories waiting for a person: unscored first (nobody knows), then highest score, oldest first."""
    return db.session.scalars(
        select(Story)
        .where(Story.state == State.IN_REVIEW)
        .order_by(Story.max_score.desc().nulls_first(), Story.created_at, Story.id)
        .limit(limit)
    ).all()


def count_in(state: State) -> int:
    return db.session.scalar(select(func.count()).select_from(Story).where(Story.state == state))
