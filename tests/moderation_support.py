"""Helpers for the moderation tests: stories in every state, and a logged-in client with CSRF on."""

import re
from datetime import datetime

from flask import current_app
from werkzeug.datastructures import MultiDict

from wall.extensions import db
from wall.moderation.models import Moderator
from wall.scoring.policy import band_for
from wall.stories.models import Score, Story
from wall.stories.service import apply, create_story
from wall.stories.states import Action

PASSWORD = "a calm river 42"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def moderator(name: str = "sam", role: str = "moderator", password: str = PASSWORD) -> int:
    person = Moderator(username=name, role=role)
    person.set_password(password)
    db.session.add(person)
    db.session.commit()
    return person.id


def waiting(
    body: str,
    scores: dict[str, float] | None = None,
    *,
    care_level: str | None = None,
    created_at: datetime | None = None,
    band: str | None = None,
    model: str = "test-model",
) -> int:
    """A story in review, banded by the configured thresholds as the worker would."""
    story = create_story(body)
    if created_at is not None:
        story.created_at = created_at
    story.care_level = care_level
    db.session.commit()
    scores = scores or {}
    cfg = current_app.config
    values = {
        "max_score": max(scores.values()) if scores else None,
        "band": band or band_for(scores, cfg["THRESHOLDS"], cfg["MAYBE_RATIO"]),
    }
    apply(story, Action.SCORE, values=values)
    db.session.add_all(Score(story_id=story.id, model=model, category=c, value=v) for c, v in scores.items())
    db.session.commit()
    return story.id


def published(body: str) -> int:
    story_id = waiting(body, {"toxicity": 0.01})
    apply(db.session.get(Story, story_id), Action.APPROVE)
    db.session.commit()
    return story_id


def token(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1) or found.group(2)


class Browser:
    """A test client that logs in and posts forms the way a browser does, CSRF token included."""

    def __init__(self, client):
        self.client = client
        self.csrf = None

    def login(self, name: str = "sam", password: str = PASSWORD):
        page = self.client.get("/login").get_data(as_text=True)
        response = self.client.post(
            "/login", data={"username": name, "password": password, "csrf_token": token(page)}
        )
        if response.status_code == 302:
            self.csrf = token(self.client.get("/moderation/").get_data(as_text=True))
        return response

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def page(self, url: str) -> str:
        return self.client.get(url).get_data(as_text=True)

    def post(self, url: str, data: dict | list | None = None, csrf: bool = True, **kwargs):
        form = dict(data or {}) if not isinstance(data, list) else data
        if csrf and isinstance(form, dict):
            form.setdefault("csrf_token", self.csrf)
        elif csrf:
            form = MultiDict([*form, ("csrf_token", self.csrf)])
        else:
            form = MultiDict(form) if isinstance(form, list) else form
        return self.client.post(url, data=form, **kwargs)

    def decide(self, story_id: int, kind: str, version: int, **fields):
        return self.post(f"/moderation/stories/{story_id}/{kind}", {"version": version, **fields})

    def flashes(self) -> str:
        return " ".join(re.findall(r'<p class="flash [^"]+">([^<]*)</p>', self.page("/moderation/dashboard")))


def version_of(story_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Story, story_id).version
