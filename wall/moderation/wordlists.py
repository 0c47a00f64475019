"""Word lists in the database, and screening stories against them."""

from sqlalchemy import delete, select

from wall.extensions import db
from wall.moderation import audit, thresholds
from wall.moderation.models import Moderator, WordEntry, WordHit
from wall.moderation.wordmatch import Entry, Match, banned, find, valid_phrase
from wall.stories.models import Story
from wall.stories.service import StaleStory, apply
from wall.stories.states import Action, IllegalTransition, State

KINDS = {
    "banned": "Banned: the story is rejected automatically",
    "suspect": "Suspect: the story is flagged for a careful read",
    "allowed": "Allowed: innocent phrases that contain a listed word (“magna cum laude”)",
}


class BadEntry(ValueError):
    pass


def entries() -> list[Entry]:
    rows = db.session.scalars(select(WordEntry).order_by(WordEntry.kind, WordEntry.phrase))
    return [Entry(r.id, r.kind, r.phrase) for r in rows]


def add(kind: str, phrase: str, moderator: Moderator | None) -> WordEntry:
    phrase = " ".join((phrase or "").split()).lower()
    if kind not in KINDS:
        raise BadEntry("Choose banned, suspect or allowed.")
    problem = valid_phrase(phrase)
    if problem:
        raise BadEntry(problem)
    if db.session.scalar(select(WordEntry).where(WordEntry.kind == kind, WordEntry.phrase == phrase)):
        raise BadEntry(f"“{phrase}” is already on the {kind} list.")
    entry = WordEntry(kind=kind, phrase=phrase, created_by=moderator.id if moderator else None)
    db.session.add(entry)
    audit.record("add_word", moderator, actor=None if moderator else "cli", target=kind, to_value=phrase)
    db.session.commit()
    return entry


def remove(entry_id: int, moderator: Moderator | None) -> WordEntry | None:
    entry = db.session.get(WordEntry, entry_id)
    if entry is None:
        return None
    audit.record(
        "remove_word",
        moderator,
        actor=None if moderator else "cli",
        target=entry.kind,
        from_value=entry.phrase,
    )
    db.session.delete(entry)
    db.session.commit()
    return entry


def screen(story_id: int, listed: list[Entry] | None = None) -> list[Match]:
    """Re-match a waiting story; a banned match rejects it automatically. Commits.

    Called by the worker right after scoring (and after parking an unscored story), and for every
    waiting story when a list changes. It also re-bands the story with the admins' thresholds.
    """
    story = db.session.get(Story, story_id)
    if story is None or story.body is None or story.state != State.IN_REVIEW:
        return []
    listed = entries() if listed is None else listed
    matches = find(story.body, listed)
    db.session.execute(delete(WordHit).where(WordHit.story_id == story_id))
    hit_ids = {m.entry.id: m.entry.kind for m in matches}
    db.session.add_all(WordHit(story_id=story_id, entry_id=i, kind=k) for i, k in hit_ids.items())
    thresholds.reband_waiting([story_id])
    db.session.commit()
    found = banned(matches)
    if found:
        _reject_automatically(story, found)
    return matches


def _reject_automatically(story: Story, found: list[Match]) -> None:
    words = sorted({m.entry.phrase for m in found})
    note = "Matched the banned list: " + ", ".join(f"“{w}”" for w in words)
    try:
        from_state = story.state
        apply(story, Action.REJECT, note=note)
    except (StaleStory, IllegalTransition):
        db.session.rollback()  # a moderator got there first; their decision stands
        return
    audit.record(
        "reject",
        None,
        story_id=story.id,
        from_value=from_state,
        to_value=State.REJECTED,
        reason="banned_word",
        note=note,
    )
    db.session.commit()


def rescreen_waiting() -> int:
    """Screen every story in review again (after a list changed); returns how many were rejected."""
    listed = entries()
    ids = db.session.scalars(select(Story.id).where(Story.state == State.IN_REVIEW)).all()
    rejected = 0
    for story_id in ids:
        if banned(screen(story_id, listed)):
            rejected += 1
    return rejected


def hits_for(story_ids: list[int]) -> dict[int, set[str]]:
    if not story_ids:
        return {}
    rows = db.session.execute(select(WordHit.story_id, WordHit.kind).where(WordHit.story_id.in_(story_ids)))
    out: dict[int, set[str]] = {}
    for story_id, kind in rows:
        out.setdefault(story_id, set()).add(kind)
    return out
