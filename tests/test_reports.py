"""Readers' reports: no account, CSRF on, rate-limited, counted once a day, hiding after N."""

import pytest
from sqlalchemy import func, select

from tests.moderation_support import Browser, moderator, token, version_of, waiting
from wall import create_app
from wall.extensions import db
from wall.moderation.models import AuditEntry
from wall.reports.models import Report
from wall.stories.models import Story
from wall.stories.service import apply
from wall.stories.states import Action


@pytest.fixture
def settings(settings):
    return {**settings, "WTF_CSRF_ENABLED": True, "REPORTS_TO_HIDE": 3}


@pytest.fixture
def story_id(app):
    with app.app_context():
        story_id = waiting("I told my manager I needed a week off.", {"toxicity": 0.01})
        apply(db.session.get(Story, story_id), Action.APPROVE)
        db.session.commit()
        return story_id


def report(client, story_id, reason="harmful", note="", address="203.0.113.9", csrf=True):
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    data = {"reason": reason, "note": note}
    if csrf:
        data["csrf_token"] = token(page)
    return client.post(f"/stories/{story_id}/report", data=data, environ_base={"REMOTE_ADDR": address})


def open_reports(app, story_id) -> int:
    with app.app_context():
        q = select(func.count()).where(Report.story_id == story_id, Report.resolved_at.is_(None))
        return db.session.scalar(q)


def test_every_published_story_has_a_report_form(client, story_id):
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "Report this story" in page and f'action="/stories/{story_id}/report"' in page
    for reason in ("It is harmful to someone", "It identifies a person", "It is spam", "Something else"):
        assert reason in page


def test_a_report_is_kept_with_a_snapshot_and_no_address(client, app, story_id):
    response = report(client, story_id, "identifies", note="It names my neighbour")
    assert response.status_code == 303 and response.headers["Location"].endswith("/reports/thanks")
    with app.app_context():
        saved = db.session.scalar(select(Report))
        assert (saved.reason, saved.note) == ("identifies", "It names my neighbour")
        assert saved.snapshot == "I told my manager I needed a week off."
        assert "203.0.113.9" not in str([getattr(saved, c.key) for c in Report.__table__.columns])
        assert len(saved.visitor_day_key) == 32


def test_a_report_without_a_csrf_token_is_refused(client, app, story_id):
    assert report(client, story_id, csrf=False).status_code == 400
    assert open_reports(app, story_id) == 0


def test_a_report_needs_a_reason(client, app, story_id):
    response = report(client, story_id, reason="")
    assert response.status_code == 200 and "Please choose one of these." in response.get_data(as_text=True)
    response = report(client, story_id, reason="because I said so")
    assert response.status_code == 200
    assert open_reports(app, story_id) == 0


def test_only_published_stories_can_be_reported(client, app):
    with app.app_context():
        hidden_id = waiting("Still waiting for a person.", {"toxicity": 0.01})
    assert client.get(f"/stories/{hidden_id}/report").status_code == 404
    assert client.post(f"/stories/{hidden_id}/report", data={"reason": "spam"}).status_code in (400, 404)


def test_the_same_visitor_counts_once_a_day(client, app, story_id):
    for _ in range(3):
        assert report(client, story_id, address="198.51.100.7").status_code == 303
    assert open_reports(app, story_id) == 1
    with app.app_context():
        assert db.session.get(Story, story_id).hidden is False


def test_three_visitors_hide_the_story_until_a_moderator_decides(client, app, story_id):
    for n in range(3):
        report(client, story_id, address=f"192.0.2.{n}")
    assert open_reports(app, story_id) == 3
    with app.app_context():
        assert db.session.get(Story, story_id).hidden is True
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "hide"))
        assert (entry.actor, entry.story_id) == ("readers", story_id)
    assert "I told my manager" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/stories/{story_id}").status_code == 404
    # a moderator reads it in the Reported queue and keeps it
    with app.app_context():
        moderator("sam")
        version = version_of(story_id)
    sam = Browser(app.test_client())
    sam.login()
    page = sam.page("/moderation/?queue=reported")
    assert f'id="story-{story_id}"' in page and "3 reports" in page and "It is harmful to someone" in page
    sam.decide(story_id, "keep", version, note="a kind story")
    assert open_reports(app, story_id) == 0
    with app.app_context():
        assert db.session.get(Story, story_id).hidden is False
    assert "I told my manager" in client.get("/").get_data(as_text=True)
    assert f'id="story-{story_id}"' not in sam.page("/moderation/?queue=reported")


def test_reports_are_rate_limited_per_visitor(settings):
    app = create_app(settings | {"RATELIMIT_ENABLED": True, "REPORT_RATE_LIMIT": "2 per hour"})
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
        story_id = waiting("I asked for help at work.", {"toxicity": 0.01})
        apply(db.session.get(Story, story_id), Action.APPROVE)
        db.session.commit()
    client = app.test_client()
    codes = [report(client, story_id, address="203.0.113.50").status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    assert "take a breather" in report(client, story_id, address="203.0.113.50").get_data(as_text=True)
    assert report(client, story_id, address="203.0.113.51").status_code == 303
    with app.app_context():
        db.engine.dispose()


def test_a_report_arriving_while_a_moderator_reads_makes_their_decision_wait(client, app, story_id):
    with app.app_context():
        moderator("sam")
        seen = version_of(story_id)
    sam = Browser(app.test_client())
    sam.login()
    report(client, story_id, "spam", address="192.0.2.77")
    sam.decide(story_id, "keep", seen)
    assert "a reader reported it at" in sam.page("/moderation/?queue=reported")
    assert open_reports(app, story_id) == 1
    sam.decide(story_id, "keep", seen + 1)
    assert open_reports(app, story_id) == 0
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.story_id == story_id)).all()
    assert actions == ["report", "keep"]
