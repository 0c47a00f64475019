"""The scoring task and the sweep, run in this process against a real database: idempotent, fail closed."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.helpers import login, make_moderator
from wall.extensions import db
from wall.scoring import loader
from wall.stories.models import Score, Story, StoryEvent
from wall.stories.service import create_story
from wall.stories.states import State
from wall.tasks import enqueue_scoring, queue_depth
from wall.time import utcnow
from workers.tasks import score_story, sweep


class BrokenModel:
    """Stands in for a model that fails on every story (no real input makes Detoxify do that)."""

    name = "detoxify:broken@0"
    classes = ["toxicity"]

    def score(self, texts):
        raise RuntimeError("CUDA out of memory, or a corrupted weight")


@pytest.fixture
def broken_model(monkeypatch):
    monkeypatch.setattr(loader, "_scorer", BrokenModel())


def _run(task, *args):
    return task.apply(args=args).get()


def test_scoring_the_same_story_twice_changes_nothing_the_second_time(app, monkeypatch):
    monkeypatch.setattr(loader, "_scorer", None)
    with app.app_context():
        story_id = create_story("I went outside for ten minutes today.").id
        assert _run(score_story, story_id) == "scored"
        assert _run(score_story, story_id) == "skipped"  # a duplicate message, from the sweep or a redelivery
        assert db.session.scalar(select(func.count(Score.id))) == 1  # light: one category
        moves = select(func.count()).where(
            StoryEvent.story_id == story_id, StoryEvent.to_state == State.IN_REVIEW
        )
        assert db.session.scalar(moves) == 1
        story = db.session.get(Story, story_id)
        assert story.state == State.IN_REVIEW and story.score_tries == 1 and story.band is not None
    monkeypatch.setattr(loader, "_scorer", None)  # do not leak this app's scorer into other tests


def test_a_story_that_keeps_killing_the_worker_is_parked_for_a_person(app):
    with app.app_context():
        story_id = create_story("A story the worker died on five times.").id
        # each try is counted before scoring, so tries the worker never finished still count
        db.session.execute(update(Story).where(Story.id == story_id).values(score_tries=5))
        db.session.commit()
        assert _run(score_story, story_id) == "parked"
        story = db.session.get(Story, story_id)
        assert story.state == State.IN_REVIEW and story.band == "unscored"
        assert "scoring failed 5 times" in story.score_error
        assert db.session.scalar(select(func.count(Score.id))) == 0


def test_a_model_error_is_retried_then_shown_to_moderators(app, client, broken_model, caplog):
    with app.app_context():
        story_id = create_story("I asked for help at work.").id
        db.session.execute(update(Story).where(Story.id == story_id).values(score_tries=3))
        db.session.commit()
        # try 4 of 5 fails and is retried (eagerly here; with a countdown in a worker), try 5 parks it
        assert _run(score_story, story_id) == "parked"
        assert "failed (try 4)" in caplog.text and "failed (try 5)" in caplog.text
        db.session.remove()
        story = db.session.get(Story, story_id)
        assert story.state == State.IN_REVIEW and story.band == "unscored"
        assert "CUDA out of memory" in story.score_error
        make_moderator()
    login(client)
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "The model could not score this story" in queue and "CUDA out of memory" in queue


@pytest.fixture
def empty_queue(app):
    """The in-memory broker is shared by every app in this process: start each test with it empty."""
    _drain(app)
    yield
    _drain(app)


def test_the_sweep_resends_stories_left_in_their_first_state(app, empty_queue):
    with app.app_context():
        stuck = create_story("Posted while the broker was down.").id
        fresh = create_story("Posted a moment ago.").id
        old = utcnow() - timedelta(seconds=app.config["SWEEP_AFTER_SECONDS"] + 5)
        db.session.execute(update(Story).where(Story.id == stuck).values(created_at=old))
        db.session.commit()
        assert queue_depth() == 0
        assert _run(sweep) == 1
        assert db.session.get(Story, stuck).swept_at is not None
        assert db.session.get(Story, fresh).swept_at is None
        assert queue_depth() == 1
        # while the queue holds messages, nothing is re-sent: the backlog does not snowball
        assert _run(sweep) == 0


def test_the_sweep_does_not_resend_a_story_it_just_sent(app, empty_queue):
    with app.app_context():
        stuck = create_story("Waiting a while.").id
        old = utcnow() - timedelta(seconds=app.config["SWEEP_AFTER_SECONDS"] + 5)
        db.session.execute(update(Story).where(Story.id == stuck).values(created_at=old))
        db.session.commit()
        assert _run(sweep) == 1
        _drain(app)
        assert _run(sweep) == 0  # sent moments ago: its message may simply be in a worker's hands


def _drain(app):
    with app.extensions["celery"].connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")


def test_enqueue_with_the_broker_down_returns_quickly_and_leaves_the_story_for_the_sweep(make_app):
    from tests.servers import free_port

    app = make_app(BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")
    with app.app_context():
        story_id = create_story("The broker is down but I am still thanked.").id
        assert enqueue_scoring(story_id) is False
        assert enqueue_scoring(story_id) is False  # the second skips the dead broker at once
        assert db.session.get(Story, story_id).state == State.RECEIVED
        assert queue_depth() is None


def test_healthz_says_loudly_when_auto_falls_back_to_the_light_classifier(make_app):
    app = make_app(MODERATION_MODEL="auto")  # no model files, nowhere to download them to
    body = app.test_client().get("/healthz").get_json()
    assert body["model"]["uses"] == "light" and body["model"]["fallback"] is True
    assert "not found" in body["model"]["reason"]


def test_healthz_says_when_a_worker_fell_back_although_the_files_looked_right(make_app, tiny_model):
    from tests.helpers import scored_story

    checkpoint, config_dir = tiny_model
    app = make_app(MODERATION_MODEL="detoxify:original", DETOXIFY_CHECKPOINT=str(checkpoint))
    with app.app_context():
        scored_story("Scored by a worker that could not load Detoxify.", {"offensive": 0.1}, "light:x@1")
    body = app.test_client().get("/healthz").get_json()
    assert body["model"]["uses"] == "detoxify:original" and body["model"]["fallback"] is True
    assert "fell back" in body["model"]["reason"]
