"""Moderators, their word lists and thresholds, and the audit log of everything they do."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from wall.extensions import db
from wall.time import utcnow

ROLES = ("moderator", "admin")


def _new_stamp() -> str:
    return secrets.token_hex(8)


class Moderator(UserMixin, db.Model):
    __tablename__ = "moderators"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="moderator")  # or "admin"
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of the session id: changing it (password reset, disabling) ends every open session.
    session_stamp: Mapped[str] = mapped_column(String(16), default=_new_stamp)

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def get_id(self) -> str:
        return f"{self.id}.{self.session_stamp}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_stamp = _new_stamp()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        self.session_stamp = _new_stamp()


class WordEntry(db.Model):
    """One entry of a word list: banned (reject), suspect (flag) or allowed (an innocent phrase)."""

    __tablename__ = "word_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    phrase: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"))

    __table_args__ = (UniqueConstraint("kind", "phrase"),)


class Threshold(db.Model):
    """An admin's threshold for one score category ("default" for the rest); overrides the config."""

    __tablename__ = "thresholds"

    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"))


class WordHit(db.Model):
    """A waiting story matched a word-list entry (kept so the queue can be filtered by it)."""

    __tablename__ = "word_hits"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("word_entries.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))


class Redaction(db.Model):
    """The text as shared, before a moderator removed identifying details. Admins only."""

    __tablename__ = "redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    original: Mapped[str | None] = mapped_column(Text)  # None once the visitor withdraws the story
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"))


class AuditEntry(db.Model):
    """Who did what, when, from what to what, and why. Written once; never changed by the app."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"), index=True)
    actor: Mapped[str] = mapped_column(String(80))  # the username then, or "system" / "readers"
    action: Mapped[str] = mapped_column(String(40), index=True)
    story_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: the log outlives rows
    target: Mapped[str | None] = mapped_column(String(200))
    from_value: Mapped[str | None] = mapped_column(String(200))
    to_value: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)


class AuditIsReadOnly(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_changes(_mapper, _connection, _target):
    raise AuditIsReadOnly("the audit log is append-only")
