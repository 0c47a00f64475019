"""Themes: a short fixed list, and set_theme, the one way a moderator changes a story's theme."""

import pytest
from sqlalchemy import select

from tests.helpers import published_story
from wall import themes
from wall.extensions import db
from wall.stories.models import Story, StoryEvent


def test_the_list_is_short_and_slugs_are_url_safe():
    assert 5 <= len(themes.THEMES) <= 12
    for theme in themes.THEMES:
        assert theme.slug == theme.slug.lower() and theme.slug.replace("-", "").isalpha()
        assert theme.label and theme.blurb
    assert themes.choices()[0] == ("", "No theme")
    assert themes.get("nope") is None and themes.get(None) is None and themes.get("") is None


def test_a_moderator_changes_the_theme_with_a_logged_event(app):
    with app.app_context():
        story = published_story("I asked my friend to come with me.")
        before = story.version
        themes.set_theme(story, "friendship", moderator_id=None)
        db.session.commit()
        story = db.session.get(Story, story.id)
        assert story.theme == "friendship" and story.version == before + 1
        event = db.session.scalars(select(StoryEvent).where(StoryEvent.action == "theme")).one()
        assert event.note == "theme: none → friendship" and event.to_state == "published"
        themes.set_theme(story, "", moderator_id=None)
        db.session.commit()
        assert db.session.get(Story, story.id).theme is None


def test_an_unknown_theme_or_a_stale_view_changes_nothing(app):
    with app.app_context():
        story = published_story("I turned up to the first session.")
        with pytest.raises(themes.UnknownTheme):
            themes.set_theme(story, "popular", moderator_id=None)
        with pytest.raises(themes.StaleTheme):
            themes.set_theme(story, "recovery", moderator_id=None, expected_version=story.version - 1)
        assert db.session.get(Story, story.id).theme is None


def test_a_theme_change_moves_the_story_between_theme_pages(client, app):
    with app.app_context():
        story = published_story("I said yes to the walk.")
        story_id = story.id
        themes.set_theme(story, "friendship", moderator_id=None)
        db.session.commit()
    assert f'href="/stories/{story_id}"' in client.get("/themes/friendship").get_data(as_text=True)
    with app.app_context():
        themes.set_theme(db.session.get(Story, story_id), "body-and-health", moderator_id=None)
        db.session.commit()
    assert f'href="/stories/{story_id}"' not in client.get("/themes/friendship").get_data(as_text=True)
    assert f'href="/stories/{story_id}"' in client.get("/themes/body-and-health").get_data(as_text=True)


def test_a_visitor_may_choose_a_theme_when_sharing(client, app):
    page = client.get("/share").get_data(as_text=True)
    assert '<label for="theme">Theme (optional)</label>' in page
    assert (
        '<option value="">No theme</option>' in page and '<option value="recovery">Recovery</option>' in page
    )
    for chosen in ("recovery", ""):
        response = client.post(
            "/share", data={"story": f"I went to my first meeting today {chosen}.", "theme": chosen}
        )
        assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Story.theme).order_by(Story.id)).all() == ["recovery", None]


def test_a_made_up_theme_gets_a_kind_message_and_nothing_is_stored(client, app):
    response = client.post("/share", data={"story": "I rang the number on the leaflet.", "theme": "popular"})
    assert response.status_code == 200
    assert "Please pick a theme from the list" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Story)) is None
