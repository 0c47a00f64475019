"""The visitor's receipt: shown once, stored only as a hash, shows the state, withdraws for good."""

import hashlib
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.helpers import csrf_token
from wall.extensions import db
from wall.stories.models import Score, Story, StoryEvent
from wall.stories.service import apply
from wall.stories.states import Action

STORY = "I sat in the car park for ten minutes, then went in to my first group session."


def _share(client, text=STORY) -> str:
    assert client.post("/share", data={"story": text}).status_code == 303
    page = client.get("/share/thanks").get_data(as_text=True)
    return re.search(r"<code>([A-Za-z0-9_-]{32})</code>", page).group(1)


def _story(app) -> Story:
    with app.app_context():
        return db.session.scalars(select(Story)).one()


def test_only_a_hash_of_the_code_is_stored(client, app):
    code = _share(client)
    story = _story(app)
    assert story.receipt_hash == hashlib.sha256(code.encode()).hexdigest()
    raw = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    if raw.exists():
        with app.app_context():
            db.engine.dispose()  # flush the WAL into the file we read
        assert code.encode() not in raw.read_bytes()


def test_two_shares_get_different_codes(client):
    assert _share(client) != _share(client, STORY + " Twice.")


def test_the_receipt_shows_waiting_then_published_with_a_link(client, app):
    code = _share(client)
    page = client.post("/receipt", data={"code": code})
    assert page.headers["Cache-Control"] == "no-store"
    assert "Waiting to be read" in page.get_data(as_text=True)
    with app.app_context():
        story = db.session.scalars(select(Story)).one()
        apply(story, Action.SCORE)
        apply(story, Action.APPROVE)
        db.session.commit()
        story_id = story.id
    text = client.post("/receipt", data={"code": code}).get_data(as_text=True)
    assert "on the wall" in text and f'href="/stories/{story_id}"' in text


def test_a_rejected_story_shows_the_reason_category(client, app):
    code = _share(client)
    with app.app_context():
        from wall.moderation.audit import record

        story = db.session.scalars(select(Story)).one()
        apply(story, Action.SCORE)
        apply(story, Action.REJECT)
        record("reject", None, actor="test", story_id=story.id, reason="identifies")
        db.session.commit()
    text = client.post("/receipt", data={"code": code}).get_data(as_text=True)
    assert "Not published" in text and "it could identify someone" in text
    assert "isn't a judgement of you" in text


def test_the_whole_receipt_link_can_be_pasted(client):
    code = _share(client)
    page = client.post("/receipt", data={"code": f"  http://localhost/receipt#{code} "})
    assert "Waiting to be read" in page.get_data(as_text=True)


@pytest.mark.parametrize("bad", ["", "short", "x" * 200, "<script>alert(1)</script>", "' OR 1=1 --"])
def test_a_bad_code_gets_a_kind_message(client, bad):
    page = client.post("/receipt", data={"code": bad})
    assert page.status_code == 200
    assert "look like a receipt code" in page.get_data(as_text=True)


def test_an_unknown_code_says_so_honestly(client):
    page = client.post("/receipt", data={"code": "A" * 32}).get_data(as_text=True)
    assert "couldn't find a story for that code" in page


def test_withdrawing_erases_the_words_and_keeps_that_it_happened(client, app):
    code = _share(client, STORY + " Content note test.")
    with app.app_context():
        story = db.session.scalars(select(Story)).one()
        story.content_note = "mentions a hard day"
        apply(story, Action.SCORE)
        apply(story, Action.APPROVE)
        db.session.add(Score(story_id=story.id, model="m", category="toxicity", value=0.1))
        db.session.commit()
        story_id = story.id
    assert client.get(f"/stories/{story_id}").status_code == 200
    unticked = client.post("/receipt/withdraw", data={"code": code})
    assert "Tick the box" in unticked.get_data(as_text=True)
    done = client.post("/receipt/withdraw", data={"code": code, "confirm": "y"})
    assert "Your story is withdrawn" in done.get_data(as_text=True)
    assert client.get(f"/stories/{story_id}").status_code == 404
    with app.app_context():
        story = db.session.get(Story, story_id)
        assert story.state == "withdrawn" and story.body is None and story.content_note is None
        assert story.care_level is None
        assert db.session.scalars(select(Score).where(Score.story_id == story_id)).all() == []
        events = db.session.scalars(select(StoryEvent).where(StoryEvent.story_id == story_id)).all()
        assert events[-1].action == "withdraw" and not events[-1].note
    again = client.post("/receipt", data={"code": code}).get_data(as_text=True)
    assert "You took this story back" in again and "Withdraw my story" not in again
    assert client.post("/receipt/withdraw", data={"code": code, "confirm": "y"}).status_code == 200


def test_withdrawing_erases_copies_kept_by_moderation_and_reports(client, app):
    code = _share(client)
    with app.app_context():
        from wall.moderation.models import Redaction

        story = db.session.scalars(select(Story)).one()
        db.session.add(Redaction(story_id=story.id, original=STORY))
        db.session.commit()
    client.post("/receipt/withdraw", data={"code": code, "confirm": "y"})
    with app.app_context():
        assert db.session.scalars(select(Redaction.original)).all() == [None]


@pytest.fixture
def limited_app(settings):
    from wall import create_app

    app = create_app(settings | {"RATELIMIT_ENABLED": True, "RECEIPT_RATE_LIMIT": "3 per hour",
                                 "WTF_CSRF_ENABLED": True})  # fmt: skip
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_receipt_lookups_are_rate_limited_with_a_kind_page(limited_app):
    client = limited_app.test_client()
    token = csrf_token(client.get("/receipt").data)
    for _ in range(3):
        assert client.post("/receipt", data={"code": "B" * 32, "csrf_token": token}).status_code == 200
    page = client.post("/receipt", data={"code": "B" * 32, "csrf_token": token})
    text = page.get_data(as_text=True)
    assert page.status_code == 429 and "Retry-After" in page.headers
    assert re.search(r"You can try again in about (an hour|\d+ minutes) \(at \d\d:\d\d UTC\)", text)
    assert "Nothing is wrong with what you did" in text


def test_the_receipt_page_never_puts_the_code_in_a_url(client):
    code = _share(client)
    page = client.post("/receipt", data={"code": code}).get_data(as_text=True)
    assert f"?code={code}" not in page and f"/receipt/{code}" not in page
    assert 'method="post" action="/receipt/withdraw"' in page


def test_naughty_strings_and_injections_as_codes_get_a_page_not_an_error(client):
    import json

    corpora = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
    strings = json.loads((corpora / "blns" / "blns.json").read_text(encoding="utf-8"))
    strings += (corpora / "sqli" / "Generic_SQLI.txt").read_text(encoding="utf-8").splitlines()
    for text in strings + ["\x00" * 40, "A" * 31 + "\x00"]:
        for path, data in (
            ("/receipt", {"code": text}),
            ("/receipt/withdraw", {"code": text, "confirm": "y"}),
        ):
            response = client.post(path, data=data)
            assert response.status_code == 200, (path, text)
            assert "Check on your story" in response.get_data(as_text=True), (path, text)
