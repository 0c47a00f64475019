"""Readers' reports on published stories. Nothing here says who reported."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wall.extensions import db
from wall.time import utcnow

REASONS = {
    "harmful": "It is harmful to someone",
    "identifies": "It identifies a person",
    "spam": "It is spam",
    "other": "Something else",
}


class Report(db.Model):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))
    snapshot: Mapped[str | None] = mapped_column(Text)  # the text as the reader saw it
    # keyed_hash(address + story id): the same visitor counts once a day, and the key is
    # unlinkable tomorrow because the secret behind it is gone.
    visitor_day_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"))

    __table_args__ = (UniqueConstraint("story_id", "visitor_day_key"),)
