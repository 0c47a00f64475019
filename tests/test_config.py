import pytest

from wall import create_app
from wall.config import MissingSecretKey


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("WALL_SECRET_KEY", raising=False)
    monkeypatch.setenv("WALL_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(MissingSecretKey, match="WALL_SECRET_KEY is not set"):
        create_app({"ENV": "production"})


def test_development_makes_a_key_once_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("WALL_SECRET_KEY", raising=False)
    monkeypatch.setenv("WALL_INSTANCE_PATH", str(tmp_path))
    first = create_app({"ENV": "development"}).config["SECRET_KEY"]
    assert len(first) >= 32
    assert create_app({"ENV": "development"}).config["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_settings_come_from_wall_environment_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("WALL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("WALL_SECRET_KEY", "from-env")
    monkeypatch.setenv("WALL_DATABASE_URL", "postgresql+psycopg://u@db/wall")
    monkeypatch.setenv("WALL_BROKER_URL", "redis://broker:6379/0")
    monkeypatch.setenv("WALL_MODERATION_MODEL", "light")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/wall"
    assert app.extensions["celery"].conf.broker_url == "redis://broker:6379/0"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_embedded_defaults_need_no_server(monkeypatch, tmp_path):
    monkeypatch.setenv("WALL_INSTANCE_PATH", str(tmp_path))
    app = create_app({"ENV": "development"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'wall.db'}"
    assert app.extensions["celery"].conf.broker_url == "filesystem://"


def test_proxy_hops_decide_whose_address_counts(monkeypatch, tmp_path):
    monkeypatch.setenv("WALL_INSTANCE_PATH", str(tmp_path))
    seen = {}
    for hops in (0, 1):
        app = create_app({"ENV": "development", "PROXY_HOPS": hops})

        @app.get("/_addr")
        def addr():
            from flask import request

            return request.remote_addr

        seen[hops] = (
            app.test_client()
            .get(
                "/_addr", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "10.0.0.2"}
            )
            .get_data(as_text=True)
        )
    assert seen == {0: "10.0.0.2", 1: "203.0.113.9"}
