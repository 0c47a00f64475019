"""Two moderators deciding the same stories at the same moment, through gunicorn: one wins, one is told."""

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from tests.moderation_support import moderator, waiting
from tests.servers import start_web, stop, wall_env
from wall import create_app
from wall.extensions import db
from wall.moderation.models import AuditEntry
from wall.stories.models import Story, StoryEvent

pytestmark = pytest.mark.slow

STORIES = 30
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Session:
    """A moderator's browser, reduced to cookies and forms."""

    def __init__(self, url: str, name: str):
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = self.get("/login")
        self.post(
            "/login", {"username": name, "password": "a calm river 42", "csrf_token": TOKEN.search(page)[1]}
        )
        self.csrf = TOKEN.search(self.get("/moderation/"))[1]

    def get(self, path: str) -> str:
        with self.opener.open(self.url + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, form: dict) -> str:
        data = urllib.parse.urlencode(form).encode()
        with self.opener.open(self.url + path, data=data, timeout=30) as response:
            return response.read().decode()

    def decide(self, story_id: int, kind: str, version: int, **fields) -> str:
        form = {"version": version, "csrf_token": self.csrf, **fields}
        return self.post(f"/moderation/stories/{story_id}/{kind}", form)


@pytest.fixture
def served(database_url, tmp_path):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url, "BROKER_URL": "memory://"}
    )
    with app.app_context():
        db.create_all()
        moderator("ana")
        moderator("ben")
        ids = [waiting(f"Story {n}, read by two people at once.", {"toxicity": 0.3}) for n in range(STORIES)]
    env = wall_env(SECRET_KEY="concurrency-secret", SESSION_COOKIE_SECURE="false", DATABASE_URL=database_url,
                   BROKER_URL="memory://", INSTANCE_PATH=tmp_path / "instance", WEB_THREADS="4")  # fmt: skip
    web, url = start_web(env, tmp_path / "web.log")
    yield app, url, ids
    stop(web)
    with app.app_context():
        db.engine.dispose()


def test_two_moderators_never_overwrite_each_other(served):
    app, url, ids = served
    ana, ben = Session(url, "ana"), Session(url, "ben")
    outcomes = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for story_id in ids:
            start = threading.Barrier(2)

            def act(session, kind, fields, story_id=story_id, start=start):
                start.wait()
                return session.decide(story_id, kind, 2, **fields)  # both saw version 2

            pair = [
                pool.submit(act, ana, "approve", {}),
                pool.submit(act, ben, "reject", {"reason": "other"}),
            ]
            outcomes.append([f.result() for f in pair])
    refused = sum("changed while you were reading it" in page for pair in outcomes for page in pair)
    assert refused == STORIES, "exactly one of each pair was refused"
    with app.app_context():
        decided = select(AuditEntry.story_id, AuditEntry.actor, AuditEntry.action).where(
            AuditEntry.action.in_(["approve", "reject"]))  # fmt: skip
        winners = {story_id: (actor, action) for story_id, actor, action in db.session.execute(decided)}
        assert sorted(winners) == sorted(ids)
        counts = db.session.execute(
            select(StoryEvent.story_id, func.count()).where(StoryEvent.action.in_(["approve", "reject"]))
            .group_by(StoryEvent.story_id)
        ).all()  # fmt: skip
        assert all(n == 1 for _, n in counts) and len(counts) == STORIES
        for story in db.session.scalars(select(Story).where(Story.id.in_(ids))):
            actor, action = winners[story.id]
            assert story.state == ("published" if action == "approve" else "rejected")
            assert story.version == 3
    for (ana_page, ben_page), story_id in zip(outcomes, ids, strict=True):
        actor = winners[story_id][0]
        loser_page = ben_page if actor == "ana" else ana_page
        assert f"Story #{story_id} changed while you were reading it ({actor} chose" in loser_page
