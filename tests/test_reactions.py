"""'This helped me' and 'Me too': anonymous, once a day per visitor, counted gently, never a ranking."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers import csrf_token, published_story, scored_story
from wall import create_app
from wall.extensions import db
from wall.reactions.models import ReactionCount, ReactionMark
from wall.reactions.service import KINDS, UnknownReaction, phrases, react, tally

ADDRESS = "198.51.100.23"


def _post(client, story_id, kind, address=ADDRESS, **data):
    return client.post(
        f"/stories/{story_id}/reactions", data={"kind": kind, **data}, environ_base={"REMOTE_ADDR": address}
    )


def test_a_visitor_counts_once_per_story_and_reaction_each_day(app):
    with app.app_context():
        story = published_story("I told my flatmate I was struggling.")
        assert react(story.id, "helped", ADDRESS) is True
        assert react(story.id, "helped", ADDRESS) is False
        assert react(story.id, "me_too", ADDRESS) is True
        assert react(story.id, "helped", "203.0.113.9") is True
        assert tally([story.id]).of(story.id) == {"helped": 2, "me_too": 1}


def test_an_unknown_reaction_is_refused(app):
    with app.app_context():
        story = published_story("I went for a walk instead.")
        with pytest.raises(UnknownReaction):
            react(story.id, "love", ADDRESS)


def test_yesterdays_marks_are_deleted_and_never_name_the_visitor(app):
    with app.app_context():
        story = published_story("I asked for an extension.")
        db.session.add(ReactionMark(key="x" * 32, day=date.today() - timedelta(days=1)))
        db.session.commit()
        react(story.id, "helped", ADDRESS)
        marks = db.session.scalars(select(ReactionMark)).all()
        assert len(marks) == 1 and marks[0].day == date.today()
        assert ADDRESS not in marks[0].key and len(marks[0].key) == 32
    raw = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    if raw.exists():
        assert ADDRESS.encode() not in raw.read_bytes()


def test_counts_read_gently():
    assert phrases({}) == []
    assert phrases({"helped": 1}) == ["1 person found this helpful"]
    assert phrases({"helped": 12, "me_too": 1200}) == [
        "12 people found this helpful",
        "1,200 people said “me too”",
    ]


def test_the_form_works_without_javascript_and_thanks_the_reader(client, app):
    with app.app_context():
        story_id = published_story("I picked up the phone.").id
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    form = re.search(r'<form method="post" action="(/stories/\d+/reactions)"', page).group(1)
    for kind in KINDS.values():
        assert f'name="kind" value="{kind.slug}"' in page and kind.button in page
    response = _post(client, story_id, "helped")
    assert form == f"/stories/{story_id}/reactions"
    assert response.status_code == 303 and response.headers["Location"] == f"/stories/{story_id}#encourage"
    after = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "1 person found this helpful" in after and "Thank you" in after
    _post(client, story_id, "helped")
    again = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "1 person found this helpful" in again and "already said that today" in again
    assert "1 person found this helpful" in client.get("/").get_data(as_text=True)


def test_reacting_to_an_unpublished_or_missing_story_is_not_found(client, app):
    with app.app_context():
        waiting = scored_story("Still waiting for a moderator.", {"toxicity": 0.1}).id
    assert _post(client, waiting, "helped").status_code == 404
    assert _post(client, 999999, "helped").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(ReactionCount)) is None


@pytest.mark.parametrize("kind", ["", "love", "helped' OR 1=1 --", "<script>"])
def test_a_bad_reaction_gets_a_clear_message(client, app, kind):
    with app.app_context():
        story_id = published_story("I made the appointment.").id
    response = _post(client, story_id, kind)
    assert response.status_code == 400
    assert "Please use the buttons" in response.get_data(
        as_text=True
    ) or "Please choose" in response.get_data(as_text=True)


def test_the_wall_is_never_sorted_by_reactions(client, app):
    with app.app_context():
        older = published_story("An older, much-loved step.").id
        newer = published_story("A newer step nobody has reacted to yet.").id
        for n in range(5):
            react(older, "helped", f"192.0.2.{n}")
    page = client.get("/").get_data(as_text=True)
    assert [int(i) for i in re.findall(r'href="/stories/(\d+)"', page)] == [newer, older]


@pytest.fixture
def strict_app(settings):
    app = create_app(settings | {"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True,
                                 "REACTION_RATE_LIMIT": "3 per minute"})  # fmt: skip
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_reactions_need_the_csrf_token_and_are_rate_limited(strict_app):
    client = strict_app.test_client()
    with strict_app.app_context():
        ids = [published_story(f"Step {n} worth encouraging.").id for n in range(5)]
    assert _post(client, ids[0], "helped").status_code == 400  # no token: refused, nothing counted
    with strict_app.app_context():
        assert db.session.scalar(select(ReactionCount)) is None
    token = csrf_token(client.get(f"/stories/{ids[0]}").data)
    codes = [_post(client, story_id, "helped", csrf_token=token).status_code for story_id in ids[1:]]
    assert codes[:2] == [303, 303] and codes[-1] == 429
    assert "take a breather" in _post(client, ids[0], "me_too", csrf_token=token).get_data(as_text=True)
