import zlib

import pytest
from sqlalchemy import create_engine, text

from tests.servers import Postgres, Redis
from wall import create_app
from wall.extensions import db


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="database the tests run against (postgres starts a throwaway cluster)",
    )


@pytest.fixture(scope="session")
def postgres(pytestconfig):
    if pytestconfig.getoption("--db") != "postgres":
        pytest.skip("PostgreSQL runs with --db postgres (the README's test command does both)")
    server = Postgres().start()
    yield server
    server.stop()


@pytest.fixture
def database_url(request, tmp_path, pytestconfig):
    """A fresh, empty database for each test: a SQLite file, or a new PostgreSQL database."""
    if pytestconfig.getoption("--db") == "sqlite":
        return f"sqlite:///{tmp_path / 'wall.db'}"
    server = request.getfixturevalue("postgres")
    name = f"t{zlib.crc32(request.node.nodeid.encode())}"
    engine = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.url(name)


@pytest.fixture
def settings(database_url, tmp_path):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "BROKER_URL": "memory://",
        "MODERATION_MODEL": "light",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }


@pytest.fixture
def make_app(settings):
    """Build apps with the test settings (plus overrides) and an empty schema; dispose them after."""
    apps = []

    def make(**overrides):
        app = create_app(settings | overrides)
        with app.app_context():
            db.create_all()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """A tiny random model in Detoxify's checkpoint format, with a local tokenizer."""
    from wall.scoring.synthetic import make_checkpoint

    words = ["i", "you", "we", "my", "me", "called", "told", "sister", "friend", "therapy", "today", "help"]
    checkpoint, config_dir = make_checkpoint(tmp_path_factory.mktemp("model"), "tiny", words)
    return checkpoint, config_dir


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    server = Redis(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()
