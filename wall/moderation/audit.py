"""The audit log: written alongside every action, read with filters, exported as CSV."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select

from wall.extensions import db
from wall.moderation.models import AuditEntry, Moderator
from wall.time import utcnow

SYSTEM = "system"  # automatic actions: banned words, score bands
READERS = "readers"  # what readers' reports did
COLUMNS = ["id", "at", "actor", "action", "story_id", "target", "from", "to", "reason", "note"]


def record(
    action: str,
    moderator: Moderator | None = None,
    *,
    actor: str | None = None,
    story_id: int | None = None,
    target: str | None = None,
    from_value: str | None = None,
    to_value: str | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Add an entry to the current transaction, so it lands exactly when the action does."""
    entry = AuditEntry(
        at=utcnow(),
        moderator_id=moderator.id if moderator else None,
        actor=moderator.username if moderator else (actor or SYSTEM),
        action=action,
        story_id=story_id,
        target=(target or None) and target[:200],
        from_value=(from_value or None) and str(from_value)[:200],
        to_value=(to_value or None) and str(to_value)[:200],
        reason=reason,
        note=note,
    )
    db.session.add(entry)
    return entry


@dataclass
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    story_id: int | None = None
    since: date | None = None
    until: date | None = None

    def query(self) -> Select:
        q = select(AuditEntry)
        if self.actor:
            q = q.where(AuditEntry.actor == self.actor)
        if self.action:
            q = q.where(AuditEntry.action == self.action)
        if self.story_id:
            q = q.where(AuditEntry.story_id == self.story_id)
        if self.since:
            q = q.where(AuditEntry.at >= _start_of(self.since))
        if self.until:
            q = q.where(AuditEntry.at < _start_of(self.until + timedelta(days=1)))
        return q.order_by(AuditEntry.id.desc())


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=utcnow().tzinfo)


def entries(filters: AuditFilter, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    return db.session.scalars(filters.query().limit(limit).offset(offset)).all()


def story_history(story_id: int) -> list[AuditEntry]:
    q = select(AuditEntry).where(AuditEntry.story_id == story_id).order_by(AuditEntry.id)
    return db.session.scalars(q).all()


def last_for_story(story_id: int) -> AuditEntry | None:
    q = select(AuditEntry).where(AuditEntry.story_id == story_id).order_by(AuditEntry.id.desc()).limit(1)
    return db.session.scalar(q)


def known_actions() -> list[str]:
    return db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()


def known_actors() -> list[str]:
    return db.session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)).all()


def _safe_cell(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(filters: AuditFilter, batch: int = 1000):
    """The filtered log as CSV text, yielded in pieces so a long log streams."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    offset = 0
    while True:
        rows = entries(filters, limit=batch, offset=offset)
        for e in rows:
            cells = [e.id, e.at.isoformat(), e.actor, e.action, e.story_id, e.target]
            writer.writerow([_safe_cell(c) for c in [*cells, e.from_value, e.to_value, e.reason, e.note]])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(rows) < batch:
            return
        offset += batch
