"""What a receipt shows: the story's state in plain words, and taking the story back."""

from dataclasses import dataclass

from sqlalchemy import select

from wall.extensions import db
from wall.receipts.tokens import digest
from wall.stories.models import Story
from wall.stories.service import withdraw
from wall.stories.states import State

# Why a story was not published, in words for the person who wrote it (moderation reason codes).
NOT_PUBLISHED = {
    "offensive": "some of its words could hurt other readers",
    "hateful": "some of it could hurt other readers",
    "identifies": "it could identify someone",
    "spam": "it looked like advertising",
    "not_a_story": "it didn't read as a story of a step someone took",
    "banned_word": "it used words the wall does not publish",
}


@dataclass(frozen=True)
class Status:
    kind: str  # "waiting" | "published" | "hidden" | "not_published" | "withdrawn"
    story_id: int
    reason: str | None = None  # for "not_published": a category in plain words

    @property
    def can_withdraw(self) -> bool:
        return self.kind != "withdrawn"


def find(token: str) -> Story | None:
    return db.session.scalar(select(Story).where(Story.receipt_hash == digest(token)))


def _reject_reason(story_id: int) -> str | None:
    """The category the moderator (or a word list) gave, if the moderation audit has one."""
    from wall.moderation.models import AuditEntry

    code = db.session.scalar(
        select(AuditEntry.reason)
        .where(AuditEntry.story_id == story_id, AuditEntry.action == "reject")
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return NOT_PUBLISHED.get(code or "")


def status_of(story: Story) -> Status:
    state = State(story.state)
    if state is State.WITHDRAWN:
        return Status("withdrawn", story.id)
    if state is State.PUBLISHED:
        return Status("hidden" if story.hidden else "published", story.id)
    if state is State.REJECTED:
        return Status("not_published", story.id, _reject_reason(story.id))
    return Status("waiting", story.id)


def take_back(story: Story) -> None:
    if State(story.state) is not State.WITHDRAWN:
        withdraw(story)
