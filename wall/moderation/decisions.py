"""What a moderator can decide about a story, and the rules each decision follows.

Every decision names the version of the story the moderator saw. If the story changed since (another
moderator decided, a reader reported it, a visitor withdrew it), nothing is written and the moderator
is told who changed it, so two people never silently overwrite each other.
"""

from dataclasses import dataclass

from sqlalchemy import select, update

from wall.extensions import db
from wall.moderation import audit
from wall.moderation.models import Moderator, Redaction
from wall.moderation.reasons import REDACTED, REJECT_REASONS, label
from wall.reports.models import Report
from wall.stories.models import Story, StoryEvent
from wall.stories.service import StaleStory, apply
from wall.stories.states import Action, IllegalTransition, State
from wall.time import utcnow

KINDS = ("approve", "reject", "redact", "undo", "keep")
NOTE_MAX = 1000


class DecisionRefused(Exception):
    """Nothing was saved; `message` says why, in words for the moderator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Decision:
    kind: str
    expected_version: int
    reason: str | None = None
    note: str | None = None
    body: str | None = None  # the redacted text


def check(decision: Decision, max_chars: int = 5000) -> None:
    """The rules a decision must meet before it touches the database."""
    if decision.kind not in KINDS:
        raise DecisionRefused("That is not a decision this queue knows.")
    if decision.kind == "reject" and decision.reason not in REJECT_REASONS:
        raise DecisionRefused("Please choose a reason for rejecting the story.")
    if decision.note and len(decision.note) > NOTE_MAX:
        raise DecisionRefused(f"Please keep the note under {NOTE_MAX} characters.")
    if decision.kind == "redact":
        body = (decision.body or "").strip()
        if not body:
            raise DecisionRefused("The redacted story is empty. To remove it entirely, reject it instead.")
        if len(body) > max_chars:
            raise DecisionRefused(f"The redacted story is longer than {max_chars} characters.")


def decide(story_id: int, decision: Decision, moderator: Moderator, max_chars: int = 5000) -> str:
    """Apply `decision` and commit; returns a short confirmation, or raises DecisionRefused."""
    check(decision, max_chars)
    story = db.session.get(Story, story_id)
    if story is None or story.body is None:
        raise DecisionRefused(f"Story #{story_id} is no longer here (it may have been withdrawn).")
    try:
        confirmation = _RULES[decision.kind](story, decision, moderator)
    except (StaleStory, IllegalTransition):
        db.session.rollback()
        raise DecisionRefused(_stale_message(story_id)) from None
    db.session.commit()
    return confirmation


def _approve(story: Story, d: Decision, moderator: Moderator) -> str:
    from_state = _move(story, Action.APPROVE, d, moderator)
    _close_reports(story.id, moderator)
    audit.record(
        "approve", moderator, story_id=story.id, from_value=from_state, to_value=State.PUBLISHED, note=d.note
    )
    return f"Story #{story.id} is published."


def _reject(story: Story, d: Decision, moderator: Moderator) -> str:
    from_state = _move(story, Action.REJECT, d, moderator)
    _close_reports(story.id, moderator)
    audit.record(
        "reject",
        moderator,
        story_id=story.id,
        from_value=from_state,
        to_value=State.REJECTED,
        reason=d.reason,
        note=d.note,
    )
    return f"Story #{story.id} is rejected ({label(d.reason).lower()})."


def _redact(story: Story, d: Decision, moderator: Moderator) -> str:
    original = story.body
    body = d.body.strip()
    if body == original.strip():
        raise DecisionRefused("The text is unchanged. Approve it as it is, or edit out the details first.")
    from_state = _move(story, Action.APPROVE, d, moderator, values={"body": body})
    db.session.add(Redaction(story_id=story.id, original=original, moderator_id=moderator.id))
    _close_reports(story.id, moderator)
    audit.record(
        "redact_approve",
        moderator,
        story_id=story.id,
        from_value=from_state,
        to_value=State.PUBLISHED,
        reason=REDACTED,
        note=d.note,
    )
    return f"Story #{story.id} is published with your edits. The original stays in the audit trail."


def _undo(story: Story, d: Decision, moderator: Moderator) -> str:
    """Back to review; a redaction is undone too, so the story can be read as it was shared."""
    values = {}
    last = audit.last_for_story(story.id)
    if last is not None and last.action == "redact_approve" and story.state == State.PUBLISHED:
        original = db.session.scalar(
            select(Redaction.original).where(Redaction.story_id == story.id).order_by(Redaction.id.desc())
        )
        if original:
            values["body"] = original
    from_state = _move(story, Action.REOPEN, d, moderator, values=values)
    audit.record(
        "undo",
        moderator,
        story_id=story.id,
        from_value=from_state,
        to_value=State.IN_REVIEW,
        target=last.action if last else None,
        note=d.note,
    )
    return f"Story #{story.id} is back in review."


def _keep(story: Story, d: Decision, moderator: Moderator) -> str:
    """A reported story stays published; its reports are closed and it shows on the wall again."""
    now = utcnow()
    result = db.session.execute(
        update(Story)
        .where(Story.id == story.id, Story.state == State.PUBLISHED, Story.version == d.expected_version)
        .values(hidden=False, version=d.expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StaleStory(story.id)
    db.session.add(
        StoryEvent(
            story_id=story.id,
            action="keep",
            from_state=State.PUBLISHED,
            to_state=State.PUBLISHED,
            at=now,
            moderator_id=moderator.id,
            note=d.note,
        )
    )
    closed = _close_reports(story.id, moderator)
    audit.record(
        "keep",
        moderator,
        story_id=story.id,
        from_value="published, hidden" if story.hidden else State.PUBLISHED,
        to_value=State.PUBLISHED,
        note=d.note,
        target=f"{closed} reports",
    )
    db.session.expire(story)
    return f"Story #{story.id} stays on the wall; {closed} report(s) closed."


def _move(story: Story, action: Action, d: Decision, moderator: Moderator, values: dict | None = None) -> str:
    from_state = story.state
    apply(
        story,
        action,
        moderator_id=moderator.id,
        note=d.note,
        expected_version=d.expected_version,
        values={"hidden": False, **(values or {})},
    )
    return from_state


def _close_reports(story_id: int, moderator: Moderator) -> int:
    result = db.session.execute(
        update(Report)
        .where(Report.story_id == story_id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by=moderator.id)
    )
    return result.rowcount


def _stale_message(story_id: int) -> str:
    last = audit.last_for_story(story_id)
    story = db.session.get(Story, story_id)
    if story is not None and story.body is None:
        who = "the person who shared it withdrew it"
    elif last is not None and last.actor == audit.READERS:
        who = f"a reader reported it at {last.at:%H:%M} UTC; the report is on the card now"
    elif last is not None:
        who = f"{last.actor} chose “{last.action.replace('_', ' ')}” at {last.at:%H:%M} UTC"
    else:
        who = "it changed"
    return (
        f"Story #{story_id} changed while you were reading it ({who}). "
        "Nothing was saved. Here is the queue as it is now; please look again."
    )


_RULES = {"approve": _approve, "reject": _reject, "redact": _redact, "undo": _undo, "keep": _keep}


@dataclass
class BulkResult:
    done: list[int]
    refused: list[tuple[int, str]]


def decide_many(
    picks: list[tuple[int, int]],
    kind: str,
    moderator: Moderator,
    reason: str | None = None,
    note: str | None = None,
) -> BulkResult:
    """Approve or reject several stories, each at the version the moderator saw, each on its own."""
    if kind not in ("approve", "reject"):
        raise DecisionRefused("Only approving and rejecting can be done to several stories at once.")
    result = BulkResult([], [])
    for story_id, version in picks:
        try:
            decide(story_id, Decision(kind, version, reason, note), moderator)
            result.done.append(story_id)
        except DecisionRefused as refused:
            result.refused.append((story_id, refused.message))
            if kind == "reject" and reason not in REJECT_REASONS:
                break  # the same problem for every story
    return result
