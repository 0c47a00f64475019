"""A person's path through the wall in a real browser: visitor → moderator → reader."""

import sqlite3

import pytest

from tests.browser import browser
from tests.servers import flask_cli, start_web, start_worker, stop, wait_until, wall_env

pytestmark = [pytest.mark.slow, pytest.mark.browser]

STORY = "I booked the first therapy session. My hands shook, but I did it."


@pytest.fixture
def live_wall(redis_server, tiny_model, tmp_path):
    import redis

    redis.Redis.from_url(redis_server.url).flushdb()
    checkpoint, config_dir = tiny_model
    db_path = tmp_path / "wall.db"
    env = wall_env(
        SECRET_KEY="browser-test-secret",
        SESSION_COOKIE_SECURE="false",  # plain http on 127.0.0.1
        DATABASE_URL=f"sqlite:///{db_path}",
        BROKER_URL=redis_server.url,
        INSTANCE_PATH=tmp_path / "instance",
        MODERATION_MODEL="detoxify:original",
        DETOXIFY_CHECKPOINT=checkpoint,
        DETOXIFY_CONFIG_DIR=config_dir,
    )
    assert flask_cli(env, "init-db").returncode == 0
    made = flask_cli(env, "create-moderator", "alex", stdin="steady hands 2026\n")
    assert made.returncode == 0, made.stderr
    worker = start_worker(env, tmp_path / "worker.log")
    web, url = start_web(env, tmp_path / "web.log")
    yield url, db_path, tmp_path
    stop(web)
    stop(worker)


def _state(db_path) -> str | None:
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("SELECT state FROM stories ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def test_visitor_moderator_reader(live_wall):
    url, db_path, tmp_path = live_wall
    with browser() as b:
        visitor = b.new_page()
        visitor.goto(f"{url}/share")
        visitor.get_by_label("Your story").fill(STORY)
        visitor.get_by_role("button", name="Share").click()
        visitor.get_by_role("heading", name="Thank you for sharing").wait_for()
        assert "A person will read it before it appears" in visitor.content()

        wait_until(lambda: _state(db_path) == "in_review", timeout=60, what="story scored")

        reader = b.new_context().new_page()
        reader.goto(url)
        assert STORY not in reader.content()  # not before a person has read it

        moderator = b.new_context().new_page()
        moderator.goto(f"{url}/moderation/")
        moderator.get_by_label("Username").fill("alex")
        moderator.get_by_label("Password").fill("steady hands 2026")
        moderator.get_by_role("button", name="Log in").click()
        card = moderator.locator("li.card", has_text=STORY)
        card.wait_for()
        assert "toxicity" in card.inner_text()
        card.get_by_role("button", name="Approve").click()
        moderator.get_by_text("published").first.wait_for()

        reader.goto(url)
        reader.get_by_text(STORY).wait_for()
        reader.get_by_role("link", name="Read on its own page").first.click()
        reader.get_by_role("heading", name="A small step", exact=True).wait_for()
        assert STORY in reader.content()
    assert _state(db_path) == "published"
    # gunicorn's access log holds requests, never the client's address
    assert "127.0.0.1 " not in (tmp_path / "web.log").read_text().replace("127.0.0.1:", "")
