"""docker-compose.yml cannot run here (no Docker engine); check what can be checked without one."""

import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.servers import BIN, ROOT, wall_env

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
APP_SERVICES = ("web", "worker", "beat")


def _commands(service: dict) -> list[list[str]]:
    command = service["command"]
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in command[2].replace("exec ", "").split("&&")]
    return [command]


def test_compose_has_the_production_services_and_volumes():
    services = COMPOSE["services"]
    assert set(services) >= {"web", "worker", "beat", "redis", "db"}
    redis_cmd = " ".join(services["redis"]["command"])
    assert "--appendonly yes" in redis_cmd and "--maxmemory-policy noeviction" in redis_cmd
    assert "db-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "models:/models" in services["worker"]["volumes"]
    env = services["web"]["environment"]
    assert env["WALL_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert env["WALL_BROKER_URL"].startswith("redis://")
    assert env["WALL_PROXY_HOPS"] == "1"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_each_app_service_command_exists(name):
    for argv in _commands(COMPOSE["services"][name]):
        assert (BIN / argv[0]).exists(), f"{name}: {argv[0]} is not installed by the project"


def test_the_worker_command_finds_the_celery_app(tmp_path):
    env = wall_env(SECRET_KEY="x", INSTANCE_PATH=tmp_path, MODERATION_MODEL="light")
    out = subprocess.run(
        [str(BIN / "celery"), "--app", "workers", "report"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "broker_url" in out.stdout.lower() or "filesystem" in out.stdout.lower()


def test_gunicorn_config_is_valid_and_logs_no_addresses(tmp_path):
    env = wall_env(SECRET_KEY="x", INSTANCE_PATH=tmp_path)
    out = subprocess.run(
        [str(BIN / "gunicorn"), "--check-config", "--config", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    import importlib.util

    spec = importlib.util.spec_from_file_location("gconf", ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    for field in ("%(h)s", "%(a)s", "%(f)s", "%(q)s", "%(r)s", "%(U)s?%(q)s"):
        assert field not in conf.access_log_format


def test_dockerfile_default_command_is_the_web_server():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]' in dockerfile
    assert Path(ROOT / ".dockerignore").exists()
