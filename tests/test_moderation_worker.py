"""The worker screens every story it scores: a real Redis, a real `celery --app workers worker`."""

import pytest
from sqlalchemy import select

from tests.servers import start_worker, stop, wait_until, wall_env
from wall import create_app
from wall.extensions import db
from wall.moderation import thresholds, wordlists
from wall.moderation.models import AuditEntry
from wall.stories.models import Story

pytestmark = pytest.mark.slow


@pytest.fixture
def worker_app(settings, redis_server, tmp_path):
    import redis

    redis.Redis.from_url(redis_server.url).flushdb()
    app = create_app(settings | {"BROKER_URL": redis_server.url, "MODERATION_MODEL": "light"})
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
    env = wall_env(
        SECRET_KEY="test-secret",
        DATABASE_URL=settings["DATABASE_URL"],
        BROKER_URL=redis_server.url,
        INSTANCE_PATH=tmp_path / "instance",
        MODERATION_MODEL="light",
    )
    worker = start_worker(env, tmp_path / "worker.log")
    yield app
    stop(worker)
    with app.app_context():
        db.engine.dispose()


def settled(app, body, **expected):
    """The story, once the worker has scored and screened it into the expected state and band."""

    def check():
        with app.app_context():
            db.session.remove()
            story = db.session.scalar(select(Story).where(Story.body == body))
            done = story is not None and all(getattr(story, k) == v for k, v in expected.items())
            return story if done else None

    return wait_until(check, timeout=90, what=f"the worker scored and screened the story: {expected}")


def test_banned_words_are_rejected_by_the_worker_and_admin_thresholds_band_new_stories(worker_app):
    app = worker_app
    with app.app_context():
        wordlists.add("banned", "buy followers", None)
        thresholds.set_threshold("default", "0.01", None)  # anything at all is "likely" now
    client = app.test_client()
    spam = "BUUY   f0llowers here, cheap!"
    calm = "Today I opened the curtains and let the morning in."
    for body in (spam, calm):
        response = client.post("/share", data={"story": body, "share_anyway": "Share anyway"})
        assert response.status_code == 303, response.get_data(as_text=True)[-2500:]
    spam_story = settled(app, spam, state="rejected")
    settled(app, calm, state="in_review", band="likely")
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.story_id == spam_story.id))
        assert (entry.actor, entry.action, entry.reason) == ("system", "reject", "banned_word")
