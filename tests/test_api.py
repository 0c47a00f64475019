"""The read-only JSON API: every response checked against /api/openapi.json, unpublished stories invisible."""

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate as validate_spec

from tests.helpers import published_story, scored_story
from wall.extensions import db
from wall.reactions.service import react
from wall.stories.service import apply, create_story
from wall.stories.states import Action


@pytest.fixture
def api(client):
    spec = client.get("/api/openapi.json").get_json()
    validate_spec(spec)
    openapi = OpenAPI.from_dict(spec)

    def get(path: str, status: int = 200, **kwargs):
        response = client.get(path, **kwargs)
        assert response.status_code == status, response.get_data(as_text=True)
        openapi.validate_response(WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response))
        return response

    return get


def _publish(body, theme=None, note=None) -> int:
    story = published_story(body)
    story.theme, story.content_note = theme, note
    db.session.commit()
    return story.id


def test_a_story_is_described_fully(api, app):
    with app.app_context():
        story_id = _publish("I asked my GP about my sleep.", theme="body-and-health", note="insomnia")
        react(story_id, "helped", "192.0.2.1")
    data = api(f"/api/stories/{story_id}").get_json()
    assert data["id"] == story_id and data["body"] == "I asked my GP about my sleep."
    assert data["theme"] == {"slug": "body-and-health", "label": "Body and health"}
    assert data["content_note"] == "insomnia"
    assert data["url"] == f"http://localhost/stories/{story_id}"
    assert data["reactions"] == {"helped": 1, "me_too": 0}
    assert data["published_at"].endswith("Z")


def test_stories_page_by_cursor_and_filter_by_theme(api, app):
    with app.app_context():
        ids = [_publish(f"Step {n} at work.", theme="work-and-study" if n % 2 else None) for n in range(5)]
    first = api("/api/stories?limit=2").get_json()
    assert [s["id"] for s in first["stories"]] == ids[::-1][:2]
    second = api(f"/api/stories?limit=2&cursor={first['next_cursor']}").get_json()
    assert [s["id"] for s in second["stories"]] == ids[::-1][2:4]
    last = api(f"/api/stories?limit=2&cursor={second['next_cursor']}").get_json()
    assert [s["id"] for s in last["stories"]] == ids[:1] and last["next_cursor"] is None
    themed = api("/api/stories?theme=work-and-study").get_json()
    assert [s["id"] for s in themed["stories"]] == [ids[3], ids[1]]
    assert [t["slug"] for t in api("/api/themes").get_json()["themes"]][0] == "reaching-out"


def test_unpublished_stories_do_not_exist_for_the_api(api, app, client):
    with app.app_context():
        received = create_story("Only just shared.").id
        in_review = scored_story("Being read by a person.", {"toxicity": 0.2}).id
        rejected = scored_story("Turned down.", {"toxicity": 0.9})
        apply(rejected, Action.REJECT)
        hidden = published_story("Held back after readers' reports.")
        hidden.hidden = True
        db.session.commit()
        rejected, hidden = rejected.id, hidden.id
    missing = api("/api/stories/999999", status=404)
    for story_id in (received, in_review, rejected, hidden):
        response = api(f"/api/stories/{story_id}", status=404)
        assert response.get_json() == missing.get_json()  # no hint that it exists
    assert api("/api/stories").get_json()["stories"] == []


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("cursor=not-a-cursor!!", "cursor looks broken"),
        ("theme=nope", "no theme called 'nope'"),
        ("limit=0", "from 1 to 50"),
        ("limit=51", "from 1 to 50"),
        ("limit=ten", "from 1 to 50"),
        ("limit=-1", "from 1 to 50"),
    ],
)
def test_bad_parameters_get_a_clear_message(api, query, words):
    body = api(f"/api/stories?{query}", status=400).get_json()
    assert words in body["detail"]


def test_the_api_revalidates_with_etags(api, app):
    with app.app_context():
        story_id = _publish("I said no to an extra shift.")
    first = api(f"/api/stories/{story_id}")
    again = api(f"/api/stories/{story_id}", status=304, headers={"If-None-Match": first.headers["ETag"]})
    assert again.data == b""
    with app.app_context():
        react(story_id, "me_too", "192.0.2.7")
    assert (
        api(f"/api/stories/{story_id}", headers={"If-None-Match": first.headers["ETag"]}).status_code == 200
    )


def test_the_schema_check_would_catch_a_wrong_response(client, app):
    """Guard against a check that cannot fail: a story missing its reactions must not validate."""
    from openapi_core.validation.response.exceptions import InvalidData
    from werkzeug.wrappers import Response

    with app.app_context():
        story_id = _publish("I opened the curtains.")
    openapi = OpenAPI.from_dict(client.get("/api/openapi.json").get_json())
    real = client.get(f"/api/stories/{story_id}")
    broken = real.get_json()
    del broken["reactions"]
    fake = Response(__import__("json").dumps(broken), mimetype="application/json")
    with pytest.raises(InvalidData):
        openapi.validate_response(WerkzeugOpenAPIRequest(real.request), WerkzeugOpenAPIResponse(fake))
