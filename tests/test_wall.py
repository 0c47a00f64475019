import re

from tests.helpers import published_story, scored_story
from wall.extensions import db
from wall.stories.service import apply, create_story
from wall.stories.states import Action


def _ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/stories/(\d+)"', page)]


def test_only_published_stories_are_visible(client, app):
    with app.app_context():
        waiting = create_story("Still waiting for a score.").id
        in_review = scored_story("Waiting for a person to read it.", {"toxicity": 0.1}).id
        rejected = scored_story("A story that was turned down.", {"toxicity": 0.9})
        apply(rejected, Action.REJECT)
        db.session.commit()
        rejected = rejected.id
        shown = published_story("I asked for help at work.").id
    wall = client.get("/").get_data(as_text=True)
    assert "I asked for help at work." in wall
    assert _ids(wall) == [shown]
    for hidden in (waiting, in_review, rejected):
        assert client.get(f"/stories/{hidden}").status_code == 404
    assert client.get(f"/stories/{shown}").status_code == 200
    assert client.get("/stories/999999").status_code == 404


def test_the_wall_pages_newest_first_by_cursor(client, app):
    app.config["WALL_PAGE_SIZE"] = 3
    with app.app_context():
        ids = [published_story(f"Small step number {n}.").id for n in range(7)]
    first = client.get("/").get_data(as_text=True)
    assert _ids(first) == ids[::-1][:3]
    older = re.search(r'href="/\?before=([^"]+)"', first).group(1)
    second = client.get(f"/?before={older}").get_data(as_text=True)
    assert _ids(second) == ids[::-1][3:6]
    # a story published meanwhile does not shift the older pages
    with app.app_context():
        published_story("A newer step.")
    assert _ids(client.get(f"/?before={older}").get_data(as_text=True)) == ids[::-1][3:6]
    newer = re.search(r'href="/\?after=([^"]+)"', second).group(1)
    assert _ids(client.get(f"/?after={newer}").get_data(as_text=True)) == ids[::-1][:3]


def test_a_broken_cursor_gets_a_clear_message(client):
    response = client.get("/?before=not-a-cursor!!")
    assert response.status_code == 400
    assert "page link looks broken" in response.get_data(as_text=True)


def _publish(body: str, theme: str | None = None, note: str | None = None) -> int:
    story = published_story(body)
    story.theme, story.content_note = theme, note
    db.session.commit()
    return story.id


def test_a_theme_page_shows_only_its_stories_and_pages_on_its_own(client, app):
    app.config["WALL_PAGE_SIZE"] = 2
    with app.app_context():
        family = [_publish(f"I called my mum, step {n}.", theme="family") for n in range(3)]
        _publish("I went back to the group.", theme="recovery")
        _publish("A step with no theme at all.")
    first = client.get("/themes/family").get_data(as_text=True)
    assert "<h1>Family</h1>" in first
    assert _ids(first) == family[::-1][:2]
    older = re.search(r'href="/themes/family\?before=([^"]+)"', first).group(1)
    assert _ids(client.get(f"/themes/family?before={older}").get_data(as_text=True)) == family[:1]
    assert 'aria-current="page">Family' in first


def test_an_unknown_theme_is_not_found(client):
    assert client.get("/themes/not-a-theme").status_code == 404
    assert client.get("/themes/not-a-theme/feed.atom").status_code == 404


def test_a_story_page_shows_theme_collapsed_content_note_and_ways_on(client, app):
    with app.app_context():
        story_id = _publish("I finally said the word out loud.", theme="grief-and-loss", note="a death")
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert 'href="/themes/grief-and-loss"' in page and "Grief and loss" in page
    note = re.search(r"<details class=\"content-note\">(.*?)</details>", page, re.S).group(1)
    assert "Content note: a death" in note and "I finally said the word out loud." in note
    assert '<details class="content-note" open' not in page  # collapsed until the reader opens it
    assert f'href="/stories/random?from={story_id}"' in page and "Read another story" in page


def test_open_graph_tags_are_plain_and_carry_no_tracking(client, app):
    with app.app_context():
        story_id = _publish("I asked my manager for a lighter week.")
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    tags = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)"', page))
    assert tags["og:url"] == f"http://localhost/stories/{story_id}"
    assert tags["og:title"].startswith("A small step")
    assert "lighter week" in tags["og:description"]
    assert f'value="http://localhost/stories/{story_id}"' in page  # the link to pass on
    assert not re.search(r"utm_|fbclid|gclid|[?&]ref=", page)


def test_a_content_note_keeps_the_story_out_of_link_previews(client, app):
    with app.app_context():
        story_id = _publish("Details that deserve a warning first.", note="hospital")
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    description = re.search(r'<meta property="og:description" content="([^"]*)"', page).group(1)
    assert description == "Content note: hospital"


def test_read_another_story_picks_a_published_one_other_than_this(client, app):
    with app.app_context():
        shown = [_publish(f"Published step {n}.") for n in range(3)]
        waiting = scored_story("Not yet read by a person.", {"toxicity": 0.1}).id
    seen = set()
    for _ in range(40):
        response = client.get(f"/stories/random?from={shown[0]}")
        assert response.status_code == 303
        assert response.headers["Cache-Control"] == "no-store"
        seen.add(int(response.headers["Location"].rsplit("/", 1)[1]))
    assert seen <= set(shown[1:]) and waiting not in seen and shown[0] not in seen
    assert seen == set(shown[1:])  # 40 draws from two stories: both come up (chance of not: 2^-39)


def test_read_another_story_on_an_empty_wall_goes_back_to_the_wall(client):
    response = client.get("/stories/random")
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_the_about_page_explains_and_invites(client):
    page = client.get("/about").get_data(as_text=True)
    for words in ("Why it exists", "read by a person", 'href="/privacy"', 'href="/share"', "never sorted"):
        assert words in page
    assert 'href="/about"' in client.get("/").get_data(as_text=True)


def test_every_asset_comes_from_this_site(client, app):
    with app.app_context():
        story_id = _publish("I opened the letter.", theme="everyday-courage", note="debt")
    for path in ("/", "/about", "/themes/everyday-courage", f"/stories/{story_id}", "/share"):
        page = client.get(path).get_data(as_text=True)
        for src in re.findall(r'(?:src|href)="([^"]+)"', page):
            assert src.startswith(("/", "#", "http://localhost/")), (path, src)
