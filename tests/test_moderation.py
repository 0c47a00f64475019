"""Logging in, the queue and single decisions through HTTP, with CSRF protection on."""

import re

import pytest
from sqlalchemy import select

from tests.moderation_support import Browser, moderator, version_of, waiting
from wall.extensions import db
from wall.moderation.models import AuditEntry, Moderator
from wall.stories.models import Story
from wall.stories.states import State


@pytest.fixture
def settings(settings):
    return {**settings, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def sam(app, client):
    with app.app_context():
        moderator("sam")
    browser = Browser(client)
    assert browser.login().status_code == 302
    return browser


def test_the_queue_needs_a_login(client):
    response = client.get("/moderation/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_is_refused(client, app):
    with app.app_context():
        moderator()
    browser = Browser(client)
    page = browser.login(password="not the password").get_data(as_text=True)
    assert "do not match" in page
    assert client.get("/moderation/").status_code == 302


def test_login_without_a_csrf_token_is_refused(client, app):
    with app.app_context():
        moderator()
    response = client.post("/login", data={"username": "sam", "password": "a calm river 42"})
    assert response.status_code == 400
    assert client.get("/moderation/").status_code == 302


def test_a_disabled_moderator_cannot_log_in(client, app):
    with app.app_context():
        moderator()
        db.session.scalar(select(Moderator)).active = False
        db.session.commit()
    assert "do not match" in Browser(client).login().get_data(as_text=True)


def test_queue_shows_scores_as_band_and_percentage_with_the_model(sam, app):
    with app.app_context():
        waiting("A rougher story here.", {"toxicity": 0.93, "insult": 0.30}, model="detoxify:original@0.5.4")
    page = sam.page("/moderation/")
    assert "93%" in page and "30%" in page and "detoxify:original@0.5.4" in page
    assert re.search(r"<th scope=\"row\">toxicity</th><td>93%</td><td>likely</td>", page)
    assert re.search(r"<th scope=\"row\">insult</th><td>30%</td><td>unlikely</td>", page)
    assert "1 story waiting for a person" in page


def test_approve_publishes_and_the_decision_is_audited(sam, app):
    with app.app_context():
        story_id = waiting("I called the helpline.", {"toxicity": 0.01})
        version = version_of(story_id)
    response = sam.decide(story_id, "approve", version)
    assert response.status_code == 303
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert story.state == State.PUBLISHED and story.published_at is not None
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "approve"))
        assert (entry.actor, entry.story_id, entry.from_value, entry.to_value) == (
            "sam",
            story_id,
            "in_review",
            "published",
        )
    assert "I called the helpline." in sam.page("/")


def test_a_decision_without_the_csrf_token_is_refused(sam, app):
    with app.app_context():
        story_id = waiting("Nobody should publish me by forging a form.", {"toxicity": 0.01})
        version = version_of(story_id)
    response = sam.post(f"/moderation/stories/{story_id}/approve", {"version": version}, csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Story, story_id).state == State.IN_REVIEW


def test_the_logout_ends_the_session(sam):
    assert sam.post("/logout").status_code == 302
    assert sam.get("/moderation/").status_code == 302


def test_an_unknown_decision_is_a_404_not_a_crash(sam, app):
    with app.app_context():
        story_id = waiting("A story.", {"toxicity": 0.01})
    assert sam.decide(story_id, "publish-everything", 2).status_code == 404
    assert sam.decide(99999, "approve", 2).status_code == 303
    assert "no longer here" in sam.page("/moderation/")


def test_a_broken_decision_form_gets_a_message(sam, app):
    with app.app_context():
        story_id = waiting("A story.", {"toxicity": 0.01})
    response = sam.post(f"/moderation/stories/{story_id}/approve", {"version": "soon"})
    assert response.status_code == 303
    assert "incomplete" in sam.page("/moderation/")


def test_the_first_queues_single_decide_url_still_works(sam, app):
    with app.app_context():
        story_id = waiting("Decided through the old form.", {"toxicity": 0.01})
        version = version_of(story_id)
    sam.post(f"/moderation/stories/{story_id}/decide", {"version": version, "reject": "Reject"})
    assert "choose a reason" in sam.page("/moderation/")
    sam.post(f"/moderation/stories/{story_id}/decide", {"version": version, "approve": "Approve"})
    with app.app_context():
        assert db.session.get(Story, story_id).state == State.PUBLISHED
