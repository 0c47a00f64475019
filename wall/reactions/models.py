"""Reaction counts, and the day's marks that stop one visitor counting twice.

A mark is a keyed hash of (client address, story, reaction) under a secret that is replaced every
day and never stored, so a mark says nothing about who made it and cannot be linked to tomorrow's.
Marks older than today are deleted as new ones arrive.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from wall.extensions import db
from wall.time import utcnow


class ReactionCount(db.Model):
    __tablename__ = "reaction_counts"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReactionMark(db.Model):
    __tablename__ = "reaction_marks"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
