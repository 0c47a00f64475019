"""The queues: priority order, counts, filters, and what a card shows (safely)."""

import re
from datetime import timedelta

import pytest

from tests.moderation_support import Browser, moderator, published, waiting
from wall.extensions import db
from wall.moderation import queries, wordlists
from wall.moderation.cards import age
from wall.stories.models import Story
from wall.time import utcnow


@pytest.fixture
def settings(settings):
    return {**settings, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def sam(app, client):
    with app.app_context():
        moderator("sam")
    browser = Browser(client)
    browser.login()
    return browser


def order_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="card[^"]*" id="story-(\d+)"', page)]


def test_review_order_is_urgent_care_then_band_then_oldest_first(app):
    now = utcnow()
    with app.app_context():
        ago = lambda hours: now - timedelta(hours=hours)  # noqa: E731
        calm_old = waiting("calm, old", {"toxicity": 0.01}, created_at=ago(30))
        calm_new = waiting("calm, new", {"toxicity": 0.01}, created_at=ago(1))
        maybe = waiting("maybe", {"toxicity": 0.5}, created_at=ago(2))
        likely_new = waiting("likely, new", {"toxicity": 0.95}, created_at=ago(1))
        likely_old = waiting("likely, old", {"insult": 0.9}, created_at=ago(5))
        unscored = waiting("the model failed", {}, created_at=ago(3))
        urgent_calm = waiting("urgent, calm", {"toxicity": 0.01}, care_level="immediate", created_at=ago(1))
        urgent_likely = waiting("urgent, likely", {"toxicity": 0.9}, care_level="current", created_at=ago(1))
        past = waiting("past care is not urgent", {"toxicity": 0.01}, care_level="past", created_at=ago(40))
        found = [s.id for s in queries.stories(queries.QueueFilter("review"))]
    assert found == [urgent_likely, urgent_calm, likely_old, likely_new, unscored, maybe,
                     past, calm_old, calm_new]  # fmt: skip


def test_counts_and_filters(app, sam):
    now = utcnow()
    with app.app_context():
        wordlists.add("suspect", "boss", None)
        likely = waiting("A likely one about my boss.", {"toxicity": 0.9}, created_at=now - timedelta(days=3))
        maybe = waiting("A maybe one.", {"toxicity": 0.5})
        urgent = waiting("An urgent one.", {"toxicity": 0.1}, care_level="immediate")
        wordlists.screen(likely)
        published("Already on the wall.")
    page = sam.page("/moderation/")
    assert re.search(r"In review <span class=\"count\">3</span>", page)
    assert re.search(r"Published <span class=\"count\">1</span>", page)
    assert order_on(sam.page("/moderation/?band=maybe")) == [maybe]
    assert order_on(sam.page("/moderation/?flag=words")) == [likely]
    assert order_on(sam.page("/moderation/?flag=urgent")) == [urgent]
    day = (now - timedelta(days=3)).date().isoformat()
    assert order_on(sam.page(f"/moderation/?since={day}&until={day}")) == [likely]
    assert len(order_on(sam.page("/moderation/?queue=published"))) == 1


def test_bad_filters_get_a_message_not_an_error(sam, app):
    with app.app_context():
        waiting("A story.", {"toxicity": 0.1})
    for query in ("since=yesterday", "band=purple", "flag=%00", "queue=everything", "until=2026-13-45"):
        response = sam.get(f"/moderation/?{query}")
        assert response.status_code == 200, query
    assert "Not a valid date value" in sam.page("/moderation/?since=yesterday")


def test_a_card_highlights_the_matched_words_and_escapes_everything(sam, app):
    body = '<script>alert("x")</script> my b0ss is an <b>idiot</b> & that\'s "that"'
    with app.app_context():
        wordlists.add("suspect", "boss", None)
        wordlists.add("suspect", "idiot", None)
        waiting(body, {"toxicity": 0.2})
    page = sam.page("/moderation/")
    assert "<script>alert" not in page and "<b>idiot" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; my " in page
    assert '<mark class="hit hit-suspect" title="suspect list: boss">b0ss</mark>' in page
    assert '&lt;b&gt;<mark class="hit hit-suspect" title="suspect list: idiot">idiot</mark>&lt;/b&gt;' in page
    assert "entry “boss” matched “b0ss” at character" in page


def test_a_card_shows_what_set_the_care_level_and_what_may_identify_someone(sam, app):
    body = "I have the pills in front of me. Call me on 07700 900123 if you read this."
    with app.app_context():
        waiting(body, {"toxicity": 0.1})
    page = sam.page("/moderation/")
    card = page.split('class="story-body')[1].split("</div>")[0]
    assert '<mark class="care care-immediate"' in card and "pills in front of me" in card
    assert '<mark class="pii pii-phone"' in card and "07700 900123" in card


def test_likely_harmful_stories_are_blurred_until_opened(sam, app):
    with app.app_context():
        likely = waiting("Something cruel.", {"toxicity": 0.97})
        calm = waiting("Something kind.", {"toxicity": 0.01})
    page = sam.page("/moderation/")
    card = lambda story_id: page.split(f'id="story-{story_id}"')[1].split("</li>")[0]  # noqa: E731
    assert '<details class="reveal">' in card(likely) and "story-body blurred" in card(likely)
    assert "blurred" not in card(calm)


def test_the_card_shows_earlier_decisions(sam, app):
    with app.app_context():
        story_id = waiting("Look at me twice.", {"toxicity": 0.01})
        version = db.session.get(Story, story_id).version
    sam.decide(story_id, "reject", version, reason="not_a_story", note="too short")
    with app.app_context():
        version = db.session.get(Story, story_id).version
    sam.decide(story_id, "undo", version)
    page = sam.page("/moderation/")
    assert "Earlier decisions (2)" in page
    assert "sam: reject (in_review → rejected) · Not a story · “too short”" in page
    assert "sam: undo (rejected → in_review)" in page


@pytest.mark.parametrize(
    "minutes, said", [(0, "just now"), (1, "1 minute ago"), (59, "59 minutes ago"), (61, "1 hour ago"),
                      (60 * 49, "2 days ago")],
)  # fmt: skip
def test_age_reads_like_a_person_says_it(minutes, said):
    now = utcnow()
    assert age(now - timedelta(minutes=minutes), now) == said
