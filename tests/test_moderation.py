import re

from sqlalchemy import select

from tests.helpers import login, make_moderator, scored_story
from wall.extensions import db
from wall.moderation.models import Moderator
from wall.stories.models import Story
from wall.stories.states import State


def test_the_queue_needs_a_login(client):
    response = client.get("/moderation/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_is_refused(client, app):
    with app.app_context():
        make_moderator()
    page = login(client, password="not the password").get_data(as_text=True)
    assert "do not match" in page
    assert client.get("/moderation/").status_code == 302


def test_queue_shows_highest_scores_first_with_their_scores(client, app):
    with app.app_context():
        make_moderator()
        calm = scored_story("I went for a walk.", {"toxicity": 0.02, "insult": 0.01}).id
        rough = scored_story("A rougher story here.", {"toxicity": 0.93, "insult": 0.40}).id
        middle = scored_story("Something in between.", {"toxicity": 0.45}).id
    login(client)
    page = client.get("/moderation/").get_data(as_text=True)
    order = [int(i) for i in re.findall(r'id="story-(\d+)"', page)]
    assert order == [rough, middle, calm]
    assert "93%" in page and "insult" in page and "test-model" in page
    assert "3 stories waiting" in page


def _decide(client, story_id, version, button):
    return client.post(
        f"/moderation/stories/{story_id}/decide", data={"version": version, button: button.title()}
    )


def test_approve_publishes_and_reject_does_not(client, app):
    with app.app_context():
        mod_id = make_moderator().id
        good = scored_story("I called the helpline.", {"toxicity": 0.01})
        bad = scored_story("Something unkind.", {"toxicity": 0.95})
        good_id, good_v, bad_id, bad_v = good.id, good.version, bad.id, bad.version
    login(client)
    assert _decide(client, good_id, good_v, "approve").status_code == 303
    assert _decide(client, bad_id, bad_v, "reject").status_code == 303
    with app.app_context():
        good, bad = db.session.get(Story, good_id), db.session.get(Story, bad_id)
        assert good.state == State.PUBLISHED and good.published_at is not None
        assert bad.state == State.REJECTED and bad.published_at is None
        assert good.events[-1].moderator_id == mod_id and good.events[-1].action == "approve"
    assert "I called the helpline." in client.get("/").get_data(as_text=True)
    assert client.get(f"/stories/{bad_id}").status_code == 404


def test_a_decision_on_a_stale_view_is_refused(client, app):
    with app.app_context():
        make_moderator()
        story = scored_story("Two moderators look at this.", {"toxicity": 0.5})
        story_id, seen_version = story.id, story.version
    login(client)
    assert _decide(client, story_id, seen_version, "approve").status_code == 303
    # a second moderator, still looking at the old version, presses Reject
    response = _decide(client, story_id, seen_version, "reject")
    assert response.status_code == 303
    assert "changed while you were reading it" in client.get("/moderation/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Story, story_id).state == State.PUBLISHED


def test_create_moderator_reads_the_password_from_stdin(runner, app):
    result = runner.invoke(args=["create-moderator", "robin"], input="a long quiet walk\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        robin = db.session.scalar(select(Moderator).where(Moderator.username == "robin"))
        assert robin.password_hash.startswith("scrypt:")
        assert robin.check_password("a long quiet walk")
    again = runner.invoke(args=["create-moderator", "robin"], input="a long quiet walk\n")
    assert again.exit_code != 0 and "already exists" in again.output


def test_create_moderator_refuses_weak_passwords(runner):
    result = runner.invoke(args=["create-moderator", "kim"], input="password\n")
    assert result.exit_code != 0 and "too easy to guess" in result.output
    short = runner.invoke(args=["create-moderator", "kim"], input="short\n")
    assert short.exit_code != 0 and "at least 8" in short.output
