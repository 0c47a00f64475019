"""The numbers a moderation lead looks at, and a 30-day chart drawn as plain SVG shapes."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from sqlalchemy import func, select

from wall.extensions import db
from wall.moderation.models import AuditEntry
from wall.stories.models import Story
from wall.stories.states import State
from wall.time import utcnow

DECISIONS = ("approve", "redact_approve", "reject")


@dataclass
class Bar:
    day: date
    approved: int
    rejected: int
    x: float
    approved_y: float
    approved_h: float
    rejected_y: float
    rejected_h: float


@dataclass
class Summary:
    depth: int
    waiting_for_model: int
    oldest_waiting: datetime | None
    median_minutes: float | None
    approval_rate: float | None
    decisions: int
    bars: list[Bar]
    peak: int


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def summary(days: int = 30, now: datetime | None = None) -> Summary:
    now = now or utcnow()
    since = now - timedelta(days=days)
    depth = db.session.scalar(select(func.count()).where(Story.state == State.IN_REVIEW))
    for_model = db.session.scalar(select(func.count()).where(Story.state == State.RECEIVED))
    oldest = db.session.scalar(select(func.min(Story.created_at)).where(Story.state == State.IN_REVIEW))
    rows = db.session.execute(
        select(AuditEntry.action, AuditEntry.at, Story.created_at)
        .join(Story, Story.id == AuditEntry.story_id)
        .where(AuditEntry.action.in_(DECISIONS), AuditEntry.at >= since)
    ).all()
    waits = [(_aware(at) - _aware(created)).total_seconds() / 60 for _, at, created in rows]
    approved = sum(1 for action, _, _ in rows if action != "reject")
    bars, peak = chart(rows, now.date(), days)
    return Summary(
        depth=depth,
        waiting_for_model=for_model,
        oldest_waiting=_aware(oldest) if oldest else None,
        median_minutes=median(waits) if waits else None,
        approval_rate=approved / len(rows) if rows else None,
        decisions=len(rows),
        bars=bars,
        peak=peak,
    )


def chart(rows, today: date, days: int, width: float = 600, height: float = 160) -> tuple[list[Bar], int]:
    """Stacked bars per day (approved below, rejected on top), scaled to the busiest day."""
    per_day: dict[date, list[int]] = {today - timedelta(days=n): [0, 0] for n in range(days)}
    for action, at, _ in rows:
        day = _aware(at).date()
        if day in per_day:
            per_day[day][1 if action == "reject" else 0] += 1
    peak = max((a + r for a, r in per_day.values()), default=0) or 1
    step = width / days
    bars = []
    for i, day in enumerate(sorted(per_day)):
        a, r = per_day[day]
        ah, rh = height * a / peak, height * r / peak
        bars.append(
            Bar(
                day,
                a,
                r,
                round(i * step + 1, 1),
                round(height - ah, 1),
                round(ah, 1),
                round(height - ah - rh, 1),
                round(rh, 1),
            )
        )
    return bars, peak
