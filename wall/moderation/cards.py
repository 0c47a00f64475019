"""What a moderator sees on a card, prepared in Python so the template only lays it out."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import select

from wall.care.marks import Mark, moderator_view
from wall.extensions import db
from wall.moderation.models import AuditEntry
from wall.moderation.reasons import label
from wall.moderation.thresholds import effective_thresholds, latest_scores, maybe_ratio
from wall.moderation.wordmatch import Entry, Match, find
from wall.reports.models import REASONS, Report
from wall.scoring.policy import category_band
from wall.stories.models import Story
from wall.time import utcnow

BAND_WORDS = {
    "likely": "likely harmful",
    "maybe": "maybe harmful",
    "unlikely": "unlikely harmful",
    "unscored": "not scored",
}


@dataclass
class ScoreLine:
    category: str
    percent: int
    band: str


@dataclass
class Card:
    story: Story
    age: str
    band: str
    scores: list[ScoreLine]
    model: str | None
    matches: list[Match]
    reports: list[Report] = field(default_factory=list)
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def blurred(self) -> bool:
        return self.band == "likely"

    @property
    def band_words(self) -> str:
        return BAND_WORDS.get(self.band, self.band)

    @property
    def highlighted(self) -> Markup:
        """The story as safe HTML, built from spans with every piece escaped: word-list matches, then
        identifying details and the phrases that set a care level (wall.care.marks)."""
        words = [
            Mark(m.start, m.end, f"hit hit-{m.entry.kind}", f"{m.entry.kind} list: {m.entry.phrase}", False)
            for m in self.matches
        ]
        return moderator_view(self.story.body or "", first=words)

    @property
    def banned(self) -> bool:
        return any(m.entry.kind == "banned" for m in self.matches)


def age(since: datetime, now: datetime | None = None) -> str:
    """How long ago, the way a person says it."""
    now = now or utcnow()
    if since.tzinfo is None:
        since = since.replace(tzinfo=now.tzinfo)
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 1:
        return "just now"
    for size, unit in ((60 * 24, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size:
            n = minutes // size
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
    return "just now"


def build(stories: list[Story], listed: list[Entry]) -> list[Card]:
    ids = [s.id for s in stories]
    reports, history = _reports_for(ids), _history_for(ids)
    thresholds, ratio = effective_thresholds(), maybe_ratio()
    cards = []
    for story in stories:
        text = story.body or ""
        matches = find(text, listed)
        scores = latest_scores(story)
        lines = [
            ScoreLine(c, round(v * 100), category_band(c, v, thresholds, ratio))
            for c, v in sorted(scores.items(), key=lambda kv: -kv[1])
        ]
        model = story.scores[-1].model if story.scores else None
        cards.append(
            Card(
                story=story,
                age=age(story.created_at),
                band=story.band or "unscored",
                scores=lines,
                model=model,
                matches=matches,
                reports=reports.get(story.id, []),
                history=history.get(story.id, []),
            )
        )
    return cards


def _reports_for(ids: list[int]) -> dict[int, list[Report]]:
    out: dict[int, list[Report]] = defaultdict(list)
    if ids:
        query = (
            select(Report).where(Report.story_id.in_(ids), Report.resolved_at.is_(None)).order_by(Report.id)
        )
        for r in db.session.scalars(query):
            out[r.story_id].append(r)
    return out


def _history_for(ids: list[int]) -> dict[int, list[AuditEntry]]:
    out: dict[int, list[AuditEntry]] = defaultdict(list)
    if ids:
        for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.story_id.in_(ids)).order_by(AuditEntry.id)
        ):
            out[e.story_id].append(e)
    return out


def report_reason(code: str) -> str:
    return REASONS.get(code, code)


__all__ = ["BAND_WORDS", "Card", "age", "build", "label", "report_reason"]
