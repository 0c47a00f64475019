"""Sending a story on: stored with its care level, note and receipt hash, then handed to a worker."""

from wall.receipts.tokens import new_receipt
from wall.stories.service import create_story
from wall.tasks import enqueue_scoring


def share_story(body: str, content_note: str | None, care_level: str | None, theme: str | None = None) -> str:
    """Store and enqueue the story; returns the receipt token, which is not kept anywhere."""
    token, digest = new_receipt()
    story = create_story(
        body, care_level=care_level, content_note=content_note, receipt_hash=digest, theme=theme
    )
    enqueue_scoring(story.id)  # if the broker is down, the sweep sends it later
    return token
