"""Never losing a story: real Redis, real `celery --app workers worker` processes, real faults.

Each test posts 200 stories over HTTP (the Flask test client, in this process), breaks something
while they are being scored, and ends only when every story is in review exactly once with exactly
one set of scores. The sweep runs in the worker's embedded beat with short intervals.
"""

import contextlib
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.servers import BIN, ROOT, Postgres, Redis, _pg_bin, start_worker, stop, wait_until, wall_env
from wall import create_app
from wall.extensions import db
from wall.stories.models import Score, Story, StoryEvent
from wall.stories.states import State

pytestmark = [pytest.mark.slow, pytest.mark.faults]

N = 200
CLASSES = 6
# Short intervals, and one torch thread: the tiny model gains nothing from two on a busy machine.
FAST = {"SWEEP_AFTER_SECONDS": 4, "SWEEP_EVERY_SECONDS": 1, "VISIBILITY_TIMEOUT": 8, "SCORE_MAX_TRIES": 8,
        "TORCH_THREADS": 1}  # fmt: skip


class Rig:
    """The web app in this process; workers as subprocesses sharing its database and Redis."""

    def __init__(self, settings: dict, database_url: str, tiny_model, folder: Path):
        checkpoint, config_dir = tiny_model
        self.folder = folder
        self.redis = Redis(folder / "redis").start()
        model = {"MODERATION_MODEL": "detoxify:original", "DETOXIFY_CHECKPOINT": str(checkpoint),
                 "DETOXIFY_CONFIG_DIR": str(config_dir)}  # fmt: skip
        shared = model | FAST | {"BROKER_URL": self.redis.url, "DATABASE_URL": database_url}
        self.app = create_app(settings | shared)
        with self.app.app_context():
            import wall.models  # noqa: F401

            db.create_all()
        self.env = wall_env(SECRET_KEY="test-secret", INSTANCE_PATH=folder / "instance", **shared)
        self.client = self.app.test_client()
        self.workers: list[subprocess.Popen] = []
        self.beat: subprocess.Popen | None = None
        self.log = folder / "worker.log"

    def start_worker(self) -> subprocess.Popen:
        if self.beat is None:
            self.beat = self._start_beat()
        worker = start_worker(self.env, self.log)
        self.workers.append(worker)
        return worker

    def _start_beat(self) -> subprocess.Popen:
        """`celery beat` as its own process, as in production: it schedules the sweep."""
        with open(self.folder / "beat.log", "ab") as out:
            return subprocess.Popen(
                [str(BIN / "celery"), "--app", "workers", "beat", "--loglevel", "INFO",
                 "--schedule", str(self.folder / "beat-schedule")],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def post(self, count: int, start: int = 0) -> None:
        for n in range(start, start + count):
            response = self.client.post(
                "/share", data={"story": f"Small step {n}: I called my sister today."}
            )
            assert response.status_code == 303 and response.location.endswith("/share/thanks")

    def in_review(self) -> int:
        with self.app.app_context():
            db.session.remove()
            return db.session.scalar(select(func.count()).where(Story.state == State.IN_REVIEW))

    def wait_all_scored(self, timeout: float = 120) -> None:
        wait_until(
            lambda: self.in_review() == N, timeout=timeout, interval=0.5, what=f"{N} stories in review"
        )

    def assert_each_story_in_review_exactly_once(self) -> None:
        with self.app.app_context():
            db.session.remove()
            assert db.session.scalar(select(func.count(Story.id))) == N
            states = db.session.execute(select(Story.state, func.count()).group_by(Story.state)).all()
            assert states == [(State.IN_REVIEW, N)]
            moves = db.session.execute(
                select(StoryEvent.story_id, func.count())
                .where(StoryEvent.to_state == State.IN_REVIEW)
                .group_by(StoryEvent.story_id)
            ).all()
            assert len(moves) == N and {n for _, n in moves} == {1}
            rows = db.session.execute(select(Score.story_id, func.count()).group_by(Score.story_id)).all()
            assert len(rows) == N and {n for _, n in rows} == {CLASSES}
            assert db.session.scalar(select(func.count()).where(Story.score_error.is_not(None))) == 0

    def close(self) -> None:
        for worker in [*self.workers, *([self.beat] if self.beat else [])]:
            stop(worker)
        self.redis.stop()
        with self.app.app_context():
            db.engine.dispose()


@pytest.fixture
def rig(settings, database_url, tiny_model, tmp_path):
    rig = Rig(settings, database_url, tiny_model, tmp_path)
    yield rig
    rig.close()


def pool_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children]


def test_sigkill_of_the_worker_child_mid_batch(rig):
    worker = rig.start_worker()
    rig.post(N)
    wait_until(lambda: rig.in_review() >= 20, timeout=60, what="scoring under way")

    def lost() -> bool:
        return b"WorkerLostError" in rig.log.read_bytes()

    for _ in range(5):  # a child with a backlog is almost always mid-task; make sure one kill landed there
        [child] = wait_until(lambda: pool_children(worker.pid), timeout=30, what="a pool child")
        os.kill(child, signal.SIGKILL)
        with contextlib.suppress(TimeoutError):
            wait_until(lambda: lost() or rig.in_review() == N, timeout=5)
        if lost():
            break
    assert b"WorkerLostError" in rig.log.read_bytes(), "no kill landed during a task"
    rig.wait_all_scored()
    rig.assert_each_story_in_review_exactly_once()


def test_sigkill_of_the_worker_main_process(rig):
    worker = rig.start_worker()
    rig.post(N)
    wait_until(lambda: rig.in_review() >= 20, timeout=60, what="scoring under way")
    children = pool_children(worker.pid)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)
    for child in children:  # orphans finish their task or die with the group, as under systemd/docker
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
    assert rig.in_review() < N, "the kill came too late to test anything"
    rig.start_worker()  # unacknowledged stories come back after the visibility timeout
    rig.wait_all_scored()
    rig.assert_each_story_in_review_exactly_once()


def test_redis_restarted_mid_run(rig):
    rig.start_worker()
    rig.post(N // 2)
    wait_until(lambda: rig.in_review() >= 10, timeout=60, what="scoring under way")
    rig.redis.stop()
    rig.post(N // 4, start=N // 2)  # posted while the broker is down: the visitor is still thanked
    rig.redis.start()  # same port, same append-only file
    rig.post(N // 4, start=N // 2 + N // 4)
    rig.wait_all_scored()
    rig.assert_each_story_in_review_exactly_once()


def test_redis_down_while_stories_are_posted(rig):
    rig.redis.stop()
    started = time.monotonic()
    rig.post(N)
    assert time.monotonic() - started < 60  # the visitor is not kept waiting on a dead broker
    assert rig.in_review() == 0
    rig.redis.start()
    rig.start_worker()  # with beat: the sweep finds every story left in its first state
    rig.wait_all_scored()
    rig.assert_each_story_in_review_exactly_once()
    assert b"sweep re-sent" in rig.log.read_bytes()


def _relaunch(server: Postgres) -> None:
    """Start the same cluster again, on the same port (tests.servers.Postgres.start also runs initdb)."""
    server.proc = subprocess.Popen(
        [*server._as_owner(), _pg_bin("postgres"), "-D", str(server.data), "-p", str(server.port),
         "-h", "127.0.0.1", "-k", str(server.folder), "-c", "fsync=off", "-c", "max_connections=200"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    from tests.servers import wait_for_port

    wait_for_port(server.port, proc=server.proc)
    import psycopg

    def accepts() -> bool:
        try:
            psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres").close()
        except psycopg.OperationalError:  # "the database system is starting up"
            return False
        return True

    wait_until(accepts, timeout=30, what="PostgreSQL accepting connections again")


@pytest.fixture
def outage(pytestconfig, tmp_path):
    """A way to make the database unreachable for a few seconds, and the URL of that database.

    PostgreSQL: the server is stopped and started again. SQLite has no server to stop; its
    equivalent is another process holding the write lock longer than the busy timeout (5 s),
    so the worker's writes fail with "database is locked", as they would on a stuck disk or NFS.
    """
    if pytestconfig.getoption("--db") == "postgres":
        server = Postgres().start()

        def down(seconds: float) -> None:
            stop(server.proc, signal.SIGINT)
            time.sleep(seconds)
            _relaunch(server)

        yield server.url(), down
        server.stop()
        return
    path = tmp_path / "faults.db"

    def locked(seconds: float) -> None:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    yield f"sqlite:///{path}", locked


@pytest.fixture
def db_rig(settings, outage, tiny_model, tmp_path):
    url, down = outage
    rig = Rig(settings | {"DATABASE_URL": url}, url, tiny_model, tmp_path)
    yield rig, down
    rig.close()


def test_database_unreachable_for_a_few_seconds_during_scoring(db_rig):
    rig, down = db_rig
    rig.start_worker()
    rig.post(N)
    wait_until(lambda: rig.in_review() >= 20, timeout=60, what="scoring under way")
    outage = threading.Thread(target=down, args=(12,))
    outage.start()
    outage.join()
    rig.wait_all_scored()
    rig.assert_each_story_in_review_exactly_once()
    log = rig.log.read_bytes()
    assert b"OperationalError" in log and b"Retry in" in log  # it failed, and retried with backoff
