"""Anonymity by construction: the privacy page, per-visitor keys, and kind rate limits."""

import multiprocessing
import re
from datetime import date, timedelta

import pytest

from tests.helpers import csrf_token
from wall import privacy
from wall.extensions import db


def test_the_privacy_page_says_what_is_and_is_not_kept(client):
    page = client.get("/privacy").get_data(as_text=True)
    for said in ("What we keep", "What we never keep", "IP address", "user agent", "receipt code",
                 "replaced every day", "withdraw"):  # fmt: skip
        assert said in page, said
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)  # linked from every page


def test_the_daily_step_is_one_way_and_deterministic():
    seed = b"s" * 32
    day = date(2026, 11, 28)
    assert privacy._advance((day, seed), day + timedelta(days=2)) == (
        day + timedelta(days=2),
        privacy.next_secret(privacy.next_secret(seed)),
    )
    assert privacy.next_secret(seed) != seed
    # A clock that goes backwards gets a fresh secret, never an old one.
    back_day, back = privacy._advance((day, seed), day - timedelta(days=1))
    assert back_day == day - timedelta(days=1) and back != seed


def _child_key(queue):
    queue.put(privacy.keyed_hash("203.0.113.9"))


def test_processes_forked_after_priming_give_a_visitor_one_key():
    """As gunicorn does: prime in the master, fork workers; a visitor's key is the same in each."""
    privacy.prime()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    children = [context.Process(target=_child_key, args=(queue,)) for _ in range(2)]
    for child in children:
        child.start()
    keys = {queue.get(timeout=30) for _ in children}
    for child in children:
        child.join(30)
    assert keys == {privacy.keyed_hash("203.0.113.9")}
    assert "203.0.113.9" not in keys.pop()


@pytest.fixture
def limited_app(settings):
    from wall import create_app

    app = create_app(
        settings | {"RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": True, "SHARE_RATE_LIMIT": "2 per hour"}
    )
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_sharing_is_limited_kindly_and_rechecking_a_draft_does_not_count(limited_app):
    client = limited_app.test_client()
    token = csrf_token(client.get("/share").data)
    with_phone = {"story": "Call me on 07700 900123 if you like.", "csrf_token": token}
    for _ in range(3):  # previews of a draft are not stories sent
        assert client.post("/share", data=with_phone).status_code == 200
    for n in range(2):
        sent = client.post("/share", data={"story": f"A small step, number {n}.", "csrf_token": token})
        assert sent.status_code == 303
    refused = client.post("/share", data={"story": "One more small step.", "csrf_token": token})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert re.search(r"You can try again in about (an hour|\d+ minutes) \(at \d\d:\d\d UTC\)", text)


def test_visitors_are_limited_separately_by_address(limited_app):
    client = limited_app.test_client()
    token = csrf_token(client.get("/share").data)
    for n in range(2):
        client.post("/share", data={"story": f"A small step, number {n}.", "csrf_token": token})
    other = client.post("/share", data={"story": "Another person's step.", "csrf_token": token},
                        environ_base={"REMOTE_ADDR": "198.51.100.7"})  # fmt: skip
    assert other.status_code == 303


def test_reporting_is_limited_with_the_same_kind_page(settings):
    from tests.helpers import published_story
    from wall import create_app

    app = create_app(settings | {"RATELIMIT_ENABLED": True, "REPORT_RATE_LIMIT": "1 per hour"})
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
        story_id = published_story("I asked for help at work today.").id
    client = app.test_client()
    first = client.post(f"/stories/{story_id}/report", data={"reason": "other"})
    assert first.status_code == 303
    second = client.post(f"/stories/{story_id}/report", data={"reason": "other"})
    assert second.status_code == 429
    assert "You can try again in about" in second.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()
