"""Small helpers the feature tests share."""

import re

from wall.extensions import db
from wall.moderation.models import Moderator
from wall.stories.models import Score, Story
from wall.stories.service import apply, create_story
from wall.stories.states import Action


def csrf_token(html: bytes | str) -> str:
    text = html.decode() if isinstance(html, bytes) else html
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text).group(1)


def make_moderator(name="sam", password="a calm river 42", role="moderator") -> Moderator:
    moderator = Moderator(username=name, role=role)
    moderator.set_password(password)
    db.session.add(moderator)
    db.session.commit()
    return moderator


def login(client, name="sam", password="a calm river 42"):
    return client.post("/login", data={"username": name, "password": password})


def scored_story(body: str, scores: dict[str, float], model: str = "test-model") -> Story:
    """A story moved into review as a worker would, with the given scores."""
    story = create_story(body)
    apply(story, Action.SCORE, values={"max_score": max(scores.values()) if scores else None})
    db.session.add_all(Score(story_id=story.id, model=model, category=c, value=v) for c, v in scores.items())
    db.session.commit()
    return story


def published_story(body: str) -> Story:
    story = scored_story(body, {"toxicity": 0.01})
    apply(story, Action.APPROVE)
    db.session.commit()
    return story
