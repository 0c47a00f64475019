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

    Called by the worker right after scoring (and after parking an unscored story). It also
    re-bands the story with the admins' thresholds.
    """
    story = db.session.get(Story, story_id)
    if story is None or story.body is None or story.state != State.IN_REVIEW:
        return []
    seen = story.version
    listed = entries() if listed is None else listed
    matches = find(story.body, listed)
    db.session.execute(delete(WordHit).where(WordHit.story_id == story_id))
    hit_ids = {m.entry.id: m.entry.kind for m in matches}
    db.session.add_all(WordHit(story_id=story_id, entry_id=i, kind=k) for i, k in hit_ids.items())
    thresholds.reband_waiting([story_id])
    db.session.commit()
    found = banned(matches)
    if found:
        _reject_automatically(story_id, seen, found)
    return matches


def _reject_automatically(story_id: int, seen: int, found: list[Match], commit: bool = True) -> None:
    """Reject a story as screened at version `seen`; if anyone changed it since, theirs stands."""
    words = sorted({m.entry.phrase for m in found})
    note = "Matched the banned list: " + ", ".join(f"“{w}”" for w in words)
    story = db.session.get(Story, story_id)
    if story is None:
        return
    try:
        apply(story, Action.REJECT, note=note, expected_version=seen)
    except (StaleStory, IllegalTransition):
        if not commit:
            raise
        db.session.rollback()  # a moderator got there first (or the writer withdrew it)
        return
    audit.record("reject", None, story_id=story_id, from_value=State.IN_REVIEW, to_value=State.REJECTED,
                 reason="banned_word", note=note)  # fmt: skip
    if commit:
        db.session.commit()


def _reject_many(rejecting: list[tuple[int, int, list[Match]]], batch: int = 100) -> None:
    """Reject in batches of one transaction each; a batch someone touched meanwhile goes one by one."""
    for at in range(0, len(rejecting), batch):
        chunk = rejecting[at : at + batch]
        try:
            for story_id, seen, found in chunk:
                _reject_automatically(story_id, seen, found, commit=False)
            db.session.commit()
        except (StaleStory, IllegalTransition):  # apply() rolled the whole batch back
            for story_id, seen, found in chunk:
                _reject_automatically(story_id, seen, found)


def rescreen_waiting() -> int:
    """Screen every story in review again (after a list changed); returns how many were rejected.

    One pass and one transaction for the flags, then a transaction per batch of automatic rejections.
    Only stories still in review at the version screened are rejected: never a published one.
    """
    listed = entries()
    waiting = db.session.scalars(select(Story).where(Story.state == State.IN_REVIEW)).all()
    db.session.execute(delete(WordHit).where(WordHit.story_id.in_([s.id for s in waiting])))
    rejecting = []
    for story in waiting:
        matches = find(story.body or "", listed)
        kinds = {m.entry.id: m.entry.kind for m in matches}
        db.session.add_all(WordHit(story_id=story.id, entry_id=i, kind=k) for i, k in kinds.items())
        if banned(matches):
            rejecting.append((story.id, story.version, banned(matches)))
    db.session.commit()
    _reject_many(rejecting)
    return len(rejecting)
