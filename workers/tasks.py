"""Scoring tasks. They take story ids, re-read the row and only move it from the state they expect."""

import logging
import time
from datetime import timedelta

from celery import shared_task
from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import InterfaceError, OperationalError

from wall.extensions import db
from wall.moderation.wordlists import screen
from wall.scoring.loader import get_scorer
from wall.scoring.policy import Band, band_for
from wall.stories.models import Score, Story
from wall.stories.service import StaleStory, apply
from wall.stories.states import Action, State
from wall.tasks import enqueue_scoring, queue_depth
from wall.time import utcnow

log = logging.getLogger(__name__)
DATABASE_DOWN = (OperationalError, InterfaceError)  # unreachable, restarting or locked: try again later


@shared_task(
    bind=True,
    autoretry_for=DATABASE_DOWN,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=None,  # the database coming back is the only way forward
)
def score_story(self, story_id: int) -> str:
    story = db.session.get(Story, story_id)
    if story is None or story.state != State.RECEIVED:
        return "skipped"
    cfg = current_app.config
    # Count the try before scoring, so a story that crashes the worker is parked, not looped on.
    tries = _count_try(story_id)
    if tries > cfg["SCORE_MAX_TRIES"]:
        return _park(story, f"scoring failed {tries - 1} times; a person needs to read it")
    scorer = get_scorer(cfg)
    started = time.perf_counter()
    try:
        scores = scorer.score([story.body])[0]
        model_ms = _ms(started)
    except Exception as exc:  # noqa: BLE001 - any model failure is retried, then shown to moderators
        log.warning("scoring story %s failed (try %s): %r", story_id, tries, exc)
        if tries >= cfg["SCORE_MAX_TRIES"]:
            return _park(story, f"the model could not score this story: {exc!r}")
        raise self.retry(exc=exc, countdown=min(2**tries, 60)) from exc
    band = band_for(scores, cfg["THRESHOLDS"], cfg["MAYBE_RATIO"])
    values = {"max_score": max(scores.values()), "band": band, "score_error": None}
    try:
        apply(story, Action.SCORE, values=values)
    except StaleStory:
        return "skipped"
    db.session.add_all(
        Score(story_id=story_id, model=scorer.name, category=c, value=v) for c, v in scores.items()
    )
    db.session.commit()
    screen(story_id)  # word lists and admins' thresholds; a banned word rejects it here
    log.info("scored story %s with %s in %.0f ms (model %.0f)", story_id, scorer.name, _ms(started), model_ms)
    return "scored"


def _count_try(story_id: int) -> int:
    """Count this try, committed before scoring: if scoring kills the process, the count survives."""
    counted = update(Story).where(Story.id == story_id).values(score_tries=Story.score_tries + 1)
    tries = db.session.scalar(counted.returning(Story.score_tries))
    db.session.commit()
    return tries


def _park(story: Story, error: str) -> str:
    """Fail closed: the story goes to a person, unscored, with the error beside it."""
    try:
        apply(story, Action.SCORE, values={"band": Band.UNSCORED, "score_error": error[:2000]})
    except StaleStory:
        return "skipped"
    db.session.commit()
    screen(story.id)  # word lists apply even when the model could not score
    log.error("story %s parked for review unscored: %s", story.id, error)
    return "parked"


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


@shared_task
def sweep() -> int:
    """Re-send stories still waiting for a score (the broker was down, or a message was lost).

    Only once the broker's queue has drained: while it holds messages, a waiting story is most
    likely just queued, and re-sending a whole backlog on every sweep would snowball.
    """
    depth = queue_depth()
    if depth != 0:
        return 0  # still working through the queue, or the broker is unreachable: try next time
    cutoff = utcnow() - timedelta(seconds=current_app.config["SWEEP_AFTER_SECONDS"])
    last_sent = func.coalesce(Story.swept_at, Story.created_at)
    ids = db.session.scalars(select(Story.id).where(Story.state == State.RECEIVED, last_sent < cutoff)).all()
    # Remember the re-send, so a long backlog is not re-sent on every sweep.
    db.session.execute(update(Story).where(Story.id.in_(ids)).values(swept_at=utcnow()))
    db.session.commit()
    sent = sum(enqueue_scoring(story_id) for story_id in ids)
    if ids:
        log.info("sweep re-sent %s of %s waiting stories", sent, len(ids))
    return sent
