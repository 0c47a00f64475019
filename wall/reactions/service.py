"""Counting encouragement: at most once per visitor, story, reaction and day."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from wall.extensions import db
from wall.privacy import keyed_hash
from wall.reactions.models import ReactionCount, ReactionMark
from wall.time import utcnow


@dataclass(frozen=True)
class Kind:
    slug: str
    button: str
    one: str  # "1 person found this helpful"
    many: str  # "{n} people found this helpful"


KINDS: dict[str, Kind] = {
    "helped": Kind(
        "helped", "This helped me", "1 person found this helpful", "{n} people found this helpful"
    ),
    "me_too": Kind("me_too", "Me too", "1 person said “me too”", "{n} people said “me too”"),
}


class UnknownReaction(ValueError):
    pass


def _insert(model):
    return (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert(model)


def mark_key(visitor: str, story_id: int, kind: str) -> str:
    """The day's unlinkable key for one visitor's one reaction to one story."""
    return keyed_hash(f"{visitor}|{story_id}|{kind}")


def react(story_id: int, kind: str, visitor: str) -> bool:
    """Count `visitor`'s `kind` reaction to a story; False if they already did today. Commits."""
    if kind not in KINDS:
        raise UnknownReaction(kind)
    now = utcnow()
    today = now.date()
    db.session.execute(delete(ReactionMark).where(ReactionMark.day < today))
    marked = db.session.execute(
        _insert(ReactionMark)
        .values(key=mark_key(visitor, story_id, kind), day=today)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(ReactionMark.key)  # rowcount is not reliable here on every driver; a returned row is
    ).first()
    if marked is None:
        db.session.rollback()
        return False
    upsert = _insert(ReactionCount).values(story_id=story_id, kind=kind, count=1, updated_at=now)
    db.session.execute(
        upsert.on_conflict_do_update(
            index_elements=["story_id", "kind"],
            set_={"count": ReactionCount.count + 1, "updated_at": now},
        )
    )
    db.session.commit()
    return True


@dataclass
class Tally:
    counts: dict[int, dict[str, int]]  # {story_id: {kind: count}}; missing means nobody yet
    latest: datetime | None  # when any of them last changed

    def of(self, story_id: int) -> dict[str, int]:
        return self.counts.get(story_id, {})

    @classmethod
    def from_keys(cls, rows) -> "Tally":
        """From page_keys rows (id, version, published_at, state_changed_at, helped, me_too, reacted_at)."""
        counts, stamps = {}, []
        for row in rows:  # by position: a page check runs on every request, and Row attributes are slow
            if row[4] or row[5]:
                counts[row[0]] = {k: n for k, n in (("helped", row[4]), ("me_too", row[5])) if n}
                stamps.append(row[6])
        return cls(counts, max(stamps) if stamps else None)

    def fingerprint(self) -> list:
        return sorted((s, k, n) for s, kinds in self.counts.items() for k, n in kinds.items())


def tally(story_ids: list[int]) -> Tally:
    """The reaction counts of the given stories, in one query."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    latest = None
    if story_ids:
        rows = db.session.execute(
            select(
                ReactionCount.story_id, ReactionCount.kind, ReactionCount.count, ReactionCount.updated_at
            ).where(ReactionCount.story_id.in_(story_ids))
        )
        for story_id, kind, count, updated in rows:
            counts[story_id][kind] = count
            latest = updated if latest is None or updated > latest else latest
    return Tally(dict(counts), latest)


def phrases(counts: dict[str, int]) -> list[str]:
    """Gentle sentences for the non-zero counts, in a fixed order."""
    said = []
    for slug, kind in KINDS.items():
        n = counts.get(slug, 0)
        if n:
            said.append(kind.one if n == 1 else kind.many.format(n=f"{n:,}"))
    return said
