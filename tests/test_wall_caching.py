"""Conditional GET: wall pages, story pages and feeds answer 304 while nothing they show has changed."""

import re

from tests.helpers import csrf_token, published_story
from wall import create_app
from wall.extensions import db
from wall.reactions.service import react
from wall.stories.models import Story
from wall.stories.service import apply
from wall.stories.states import Action


def _revalidate(client, path, response, **headers):
    return client.get(path, headers={"If-None-Match": response.headers["ETag"], **headers})


def test_wall_pages_answer_304_until_a_story_is_published(client, app):
    with app.app_context():
        published_story("I went to the support group.")
    first = client.get("/")
    assert first.headers["ETag"].startswith('W/"') and first.headers["Last-Modified"]
    assert "no-cache" in first.headers["Cache-Control"]
    again = _revalidate(client, "/", first)
    assert again.status_code == 304 and again.data == b""
    assert client.get("/", headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    with app.app_context():
        published_story("A new step, just published.")
    assert _revalidate(client, "/", first).status_code == 200


def test_a_story_taken_down_changes_the_wall(client, app):
    with app.app_context():
        published_story("A step that stays.")
        gone = published_story("A step a moderator takes another look at.").id
    first = client.get("/")
    with app.app_context():
        apply(db.session.get(Story, gone), Action.REOPEN)
        db.session.commit()
    changed = _revalidate(client, "/", first)
    assert changed.status_code == 200 and "another look" not in changed.get_data(as_text=True)
    assert "A step that stays." in changed.get_data(as_text=True)


def test_theme_pages_and_feeds_revalidate(client, app):
    with app.app_context():
        story = published_story("I hugged my dad.")
        story.theme = "family"
        db.session.commit()
    for path in ("/themes/family", "/feed.atom", "/themes/family/feed.atom"):
        first = client.get(path)
        assert _revalidate(client, path, first).status_code == 304, path
    feed = client.get("/feed.atom")
    assert feed.headers["Cache-Control"] == "public, max-age=60"


def test_a_reaction_changes_the_story_page(client, app):
    with app.app_context():
        story_id = published_story("I let the call go to voicemail, then called back.").id
    first = client.get(f"/stories/{story_id}")
    assert _revalidate(client, f"/stories/{story_id}", first).status_code == 304
    with app.app_context():
        react(story_id, "helped", "192.0.2.44")
    fresh = _revalidate(client, f"/stories/{story_id}", first)
    assert fresh.status_code == 200 and "1 person found this helpful" in fresh.get_data(as_text=True)


def test_a_page_with_a_form_is_only_fresh_for_the_session_it_was_made_for(settings):
    """The story page carries a CSRF token bound to the session: another session must get its own copy."""
    app = create_app(settings | {"WTF_CSRF_ENABLED": True})
    with app.app_context():
        import wall.models  # noqa: F401

        db.create_all()
        story_id = published_story("I wrote it all down, then slept.").id
    path = f"/stories/{story_id}"
    alice, bob = app.test_client(), app.test_client()
    first = alice.get(path)
    assert "Cookie" in first.headers["Vary"] and first.headers["Cache-Control"].startswith("private")
    assert _revalidate(alice, path, first).status_code == 304  # same session: its token still works
    theirs = _revalidate(bob, path, first)
    assert theirs.status_code == 200  # another session: a fresh page with a token that works for it
    token = csrf_token(theirs.data)  # the page came from the render cache, with bob's own token in it
    assert token != csrf_token(first.data)
    posted = bob.post(f"{path}/reactions", data={"kind": "me_too", "csrf_token": token})
    assert posted.status_code == 303
    carol = app.test_client()
    theirs = carol.get(path)
    assert (
        carol.post(
            f"{path}/reactions", data={"kind": "helped", "csrf_token": csrf_token(theirs.data)}
        ).status_code
        == 303
    )
    assert alice.post(f"{path}/reactions", data={"kind": "helped", "csrf_token": token}).status_code == 400
    with app.app_context():
        db.engine.dispose()
    assert re.match(r'W/"[0-9a-f]{32}"', first.headers["ETag"])


def test_the_render_cache_never_serves_what_changed(client, app):
    """Pages are reused only while their fingerprint (ids, versions, counts) is unchanged."""
    with app.app_context():
        story = published_story("I told them my full name and my address.")
        story_id = story.id
    assert "my address" in client.get("/").get_data(as_text=True)
    assert "my address" in client.get("/").get_data(as_text=True)  # now from the cache
    with app.app_context():  # a moderator takes it back, edits out the details, publishes it again
        apply(db.session.get(Story, story_id), Action.REOPEN)
        apply(db.session.get(Story, story_id), Action.APPROVE, values={"body": "I told them who I was."})
        db.session.commit()
    for path in ("/", "/feed.atom", "/api/stories"):
        page = client.get(path).get_data(as_text=True)
        assert "my address" not in page and "I told them who I was." in page, path
    with app.app_context():  # held back after reports: gone from the wall at once
        db.session.get(Story, story_id).hidden = True
        db.session.commit()
    assert "I told them who I was." not in client.get("/").get_data(as_text=True)
    assert client.get(f"/stories/{story_id}").status_code == 404


def test_a_logged_in_moderator_never_gets_a_readers_cached_page(client, app):
    from tests.helpers import login, make_moderator

    with app.app_context():
        published_story("I asked for a day off to rest.")
        make_moderator()
    reader_page = client.get("/").get_data(as_text=True)  # stored for readers
    assert "Log out" not in reader_page
    assert login(client).status_code in (302, 303)
    page = client.get("/").get_data(as_text=True)
    assert "Log out" in page  # rendered for the moderator, with their own logout form
