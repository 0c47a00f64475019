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
