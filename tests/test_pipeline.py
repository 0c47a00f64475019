"""The whole path on real parts: HTTP → Redis → a `celery --app workers worker` process → review → wall."""

import pytest
from sqlalchemy import func, select

from tests.helpers import login, make_moderator
from tests.servers import start_worker, stop, wait_until, wall_env
from wall import create_app
from wall.extensions import db
from wall.stories.models import Score, Story
from wall.stories.states import State

pytestmark = pytest.mark.slow

CLASSES = ["toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack"]


@pytest.fixture
def pipeline(settings, redis_server, tiny_model, tmp_path):
    """The web app in this process and a real worker process sharing its database and broker."""
    import redis

    redis.Redis.from_url(redis_server.url).flushdb()
    checkpoint, config_dir = tiny_model
    model = {
        "MODERATION_MODEL": "detoxify:original",
        "DETOXIFY_CHECKPOINT": str(checkpoint),
        "DETOXIFY_CONFIG_DIR": str(config_dir),
    }
    app = create_app(settings | model | {"BROKER_URL": redis_server.url})
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
    env = wall_env(
        SECRET_KEY="test-secret",
        DATABASE_URL=settings["DATABASE_URL"],
        BROKER_URL=redis_server.url,
        INSTANCE_PATH=tmp_path / "instance",
        **model,
    )
    worker = start_worker(env, tmp_path / "worker.log")
    yield app, tmp_path / "worker.log"
    stop(worker)
    with app.app_context():
        db.engine.dispose()


def test_a_story_travels_from_share_to_the_wall(pipeline):
    app, worker_log = pipeline
    client = app.test_client()
    text = "Yesterday I told my sister I wasn't okay. She listened."
    assert client.post("/share", data={"story": text}).status_code == 303

    def in_review():
        with app.app_context():
            db.session.remove()
            return db.session.scalar(select(Story).where(Story.state == State.IN_REVIEW))

    story = wait_until(in_review, timeout=60, what="story scored by the worker")
    with app.app_context():
        story = db.session.merge(story)
        scores = {s.category: s for s in story.scores}
        assert set(scores) == set(CLASSES)
        assert {s.model for s in scores.values()} == {story.scores[0].model}
        assert story.scores[0].model.startswith("detoxify:original@0.5.4+")
        assert story.band in ("likely", "maybe", "unlikely")
        assert [e.to_state for e in story.events] == [State.RECEIVED, State.IN_REVIEW]
        story_id, version = story.id, story.version
        make_moderator()
    assert text not in client.get("/").get_data(as_text=True)
    assert client.get(f"/stories/{story_id}").status_code == 404

    login(client)
    queue = client.get("/moderation/").get_data(as_text=True)
    assert text.replace("'", "&#39;") in queue
    client.post(f"/moderation/stories/{story_id}/decide", data={"version": version, "approve": "Approve"})
    assert text.replace("'", "&#39;") in client.get("/").get_data(as_text=True)
    assert client.get(f"/stories/{story_id}").status_code == 200
    assert "loaded in" in worker_log.read_text()


def test_many_stories_are_each_scored_exactly_once(pipeline):
    app, _ = pipeline
    client = app.test_client()
    for n in range(20):
        client.post("/share", data={"story": f"Small step number {n}: I went outside."})

    def all_scored():
        with app.app_context():
            db.session.remove()
            return db.session.scalar(select(func.count()).where(Story.state == State.IN_REVIEW)) == 20

    wait_until(all_scored, timeout=90, what="20 stories scored")
    with app.app_context():
        per_story = db.session.execute(select(Score.story_id, func.count()).group_by(Score.story_id)).all()
        assert len(per_story) == 20 and {n for _, n in per_story} == {6}


def test_healthz_shows_the_model_the_worker_used_and_an_empty_queue(pipeline):
    app, worker_log = pipeline
    client = app.test_client()
    client.post("/share", data={"story": "I said no to an extra shift, kindly."})

    def scored():
        with app.app_context():
            db.session.remove()
            return db.session.scalar(select(func.count()).where(Story.state == State.IN_REVIEW)) == 1

    wait_until(scored, timeout=60, what="story scored")
    body = client.get("/healthz").get_json()
    assert body["model"]["uses"] == "detoxify:original" and body["model"]["fallback"] is False
    assert body["model"]["last_scored_by"].startswith("detoxify:original@0.5.4+")
    assert body["queue"]["waiting_in_broker"] == 0
    assert body["database"]["unscored"] == 0
    # load time and per-story timing are logged (just after the commit the test saw)
    wait_until(lambda: "(model " in worker_log.read_text(), timeout=10, what="timing logged")
    assert "torch threads" in worker_log.read_text()


def test_healthz_counts_stories_waiting_in_the_broker(make_app, redis_server):
    import redis

    redis.Redis.from_url(redis_server.url).flushdb()
    app = make_app(BROKER_URL=redis_server.url)  # no worker running: the messages wait
    client = app.test_client()
    for n in range(3):
        client.post("/share", data={"story": f"Waiting patiently, number {n}."})
    body = client.get("/healthz").get_json()
    assert body["queue"]["waiting_in_broker"] == 3
    assert body["database"]["unscored"] == 3 and body["database"]["oldest_unscored_seconds"] >= 0
    redis.Redis.from_url(redis_server.url).flushdb()
