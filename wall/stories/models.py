"""Stories, their scores and the log of every state change."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wall.extensions import db
from wall.stories.states import State
from wall.time import utcnow

# Nothing about who wrote a story is stored: no address, no user agent, no cookie id.


class Story(db.Model):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str | None] = mapped_column(Text)  # None once withdrawn: the text is erased
    state: Mapped[str] = mapped_column(String(16), default=State.RECEIVED, index=True)
    # Bumped on every change, so a decision made on a stale view can be refused.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Highest category score and the band it falls in, kept for sorting the queue.
    max_score: Mapped[float | None]
    band: Mapped[str | None] = mapped_column(String(16))
    score_tries: Mapped[int] = mapped_column(default=0)
    swept_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # last re-send
    score_error: Mapped[str | None] = mapped_column(Text)  # shown to moderators

    # Shared between features (care, moderation, the wall):
    # care_level: "immediate" | "current" | "past" | None, set from the crisis detector at sharing.
    care_level: Mapped[str | None] = mapped_column(String(16))
    theme: Mapped[str | None] = mapped_column(String(40), index=True)  # a slug from the themes list
    content_note: Mapped[str | None] = mapped_column(String(120))  # the visitor's own note
    hidden: Mapped[bool] = mapped_column(default=False)  # held back by readers' reports
    # sha256 of the visitor's receipt token (the token itself is shown once and never stored).
    receipt_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    @property
    def urgent(self) -> bool:
        return self.care_level in ("immediate", "current")

    scores: Mapped[list["Score"]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="Score.value.desc()"
    )
    events: Mapped[list["StoryEvent"]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryEvent.id"
    )

    __table_args__ = (
        Index("ix_stories_wall", "state", "published_at", "id"),
        Index("ix_stories_theme_wall", "state", "theme", "published_at", "id"),  # /themes/<slug> pages
        Index("ix_stories_queue", "state", "max_score", "created_at"),
    )


class Score(db.Model):
    """One category's score for one story from one model."""

    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    model: Mapped[str] = mapped_column(String(120))  # e.g. "detoxify:original@0.5.4"
    category: Mapped[str] = mapped_column(String(40))
    value: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    story: Mapped[Story] = relationship(back_populates="scores")

    __table_args__ = (UniqueConstraint("story_id", "model", "category"),)


class StoryEvent(db.Model):
    """A timestamped state change: the story's history and the audit trail."""

    __tablename__ = "story_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"))
    note: Mapped[str | None] = mapped_column(Text)

    story: Mapped[Story] = relationship(back_populates="events")
