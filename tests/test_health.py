from wall.stories.service import create_story


def test_healthz_names_database_broker_and_model(client, app):
    with app.app_context():
        create_story("Waiting for the worker to score this.")
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["database"]["status"] == "ok"
    assert body["database"]["unscored"] == 1
    assert body["database"]["oldest_unscored_seconds"] >= 0
    assert body["broker"] == "ok"
    assert body["model"]["setting"] == "light" and body["model"]["uses"] == "light"
    assert body["model"]["fallback"] is False


def test_healthz_says_when_the_broker_is_unreachable(make_app):
    from tests.servers import free_port

    app = make_app(BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["broker"] == "unreachable"
