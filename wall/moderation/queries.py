"""The four queues, their order, counts and filters."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from wall.extensions import db
from wall.moderation.models import WordHit
from wall.reports.models import Report
from wall.stories.models import Story
from wall.stories.states import State
from wall.time import utcnow

QUEUES = {
    "review": "In review",
    "reported": "Reported",
    "published": "Published",
    "rejected": "Rejected",
}
BANDS = ("likely", "unscored", "maybe", "unlikely")
FLAGS = {
    "urgent": "Urgent care",
    "words": "Word-list match",
    "reported": "Reported by readers",
    "hidden": "Hidden from the wall",
}

# Priority of a band in review. Unscored stories (the model failed on them) could hold anything, so
# they come straight after the likely-harmful ones and before anything the model judged milder.
BAND_RANK = case(
    (Story.band == "likely", 0),
    (Story.band == "unscored", 1),
    (Story.band.is_(None), 1),
    (Story.band == "maybe", 2),
    else_=3,
)
URGENT_RANK = case((Story.care_level.in_(("immediate", "current")), 0), else_=1)
_open_reports = exists().where(Report.story_id == Story.id, Report.resolved_at.is_(None))


@dataclass
class QueueFilter:
    queue: str = "review"
    band: str | None = None
    flag: str | None = None
    since: date | None = None  # shared on or after
    until: date | None = None  # shared on or before

    def where(self, query: Select) -> Select:
        if self.band:
            band = Story.band == self.band
            query = query.where(or_(band, Story.band.is_(None)) if self.band == "unscored" else band)
        if self.flag == "urgent":
            query = query.where(Story.care_level.in_(("immediate", "current")))
        elif self.flag == "words":
            query = query.where(exists().where(WordHit.story_id == Story.id))
        elif self.flag == "reported":
            query = query.where(_open_reports)
        elif self.flag == "hidden":
            query = query.where(Story.hidden.is_(True))
        if self.since:
            query = query.where(Story.created_at >= _start(self.since))
        if self.until:
            query = query.where(Story.created_at < _start(self.until + timedelta(days=1)))
        return query


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=utcnow().tzinfo)


def base(queue: str) -> Select:
    """Which stories belong to a queue, before filters and order."""
    if queue == "reported":
        return select(Story).where(_open_reports, Story.body.is_not(None))
    state = {"review": State.IN_REVIEW, "published": State.PUBLISHED, "rejected": State.REJECTED}[queue]
    return select(Story).where(Story.state == state)


def ordered(queue: str, query: Select) -> Select:
    if queue == "review":
        # Urgent care first, then the model's band, then oldest first so nothing starves.
        return query.order_by(URGENT_RANK, BAND_RANK, Story.created_at, Story.id)
    if queue == "reported":
        count = select(func.count()).where(Report.story_id == Story.id, Report.resolved_at.is_(None))
        return query.order_by(Story.hidden.desc(), count.scalar_subquery().desc(), Story.id)
    return query.order_by(Story.state_changed_at.desc(), Story.id.desc())


def stories(filters: QueueFilter, limit: int = 50) -> list[Story]:
    query = ordered(filters.queue, filters.where(base(filters.queue)))
    return db.session.scalars(query.options(selectinload(Story.scores)).limit(limit)).all()


def count(filters: QueueFilter) -> int:
    query = filters.where(base(filters.queue)).with_only_columns(func.count(Story.id))
    return db.session.scalar(query.order_by(None))


def counts() -> dict[str, int]:
    """How many stories each queue holds, unfiltered (for the tabs)."""
    return {queue: count(QueueFilter(queue)) for queue in QUEUES}


def waiting_for_model() -> int:
    return db.session.scalar(select(func.count()).select_from(Story).where(Story.state == State.RECEIVED))


def count_in(state: State) -> int:
    return db.session.scalar(select(func.count()).select_from(Story).where(Story.state == state))
