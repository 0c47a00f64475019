"""Real servers for tests: Redis, PostgreSQL, Celery workers and gunicorn, as subprocesses.

Each is started on a free loopback port in a temporary folder and stopped afterwards.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on port {port} after {timeout}s")


def wait_until(check, timeout: float = 60, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"{what} not reached after {timeout}s")


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


class Redis:
    def __init__(self, folder: Path, port: int | None = None):
        self.folder, self.port = folder, port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        self.folder.mkdir(parents=True, exist_ok=True)
        # The production settings: an append-only file, and never evict a queued story.
        self.proc = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--dir", str(self.folder), "--appendonly", "yes",
             "--maxmemory-policy", "noeviction", "--save", ""],
            stdout=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_for_port(self.port, proc=self.proc)
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc:
            stop(self.proc, sig)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return path


class Postgres:
    """A throwaway PostgreSQL cluster; as root, it runs as the 'postgres' system user."""

    def __init__(self, folder: Path | None = None):
        # pytest's temporary folders are private to root; the 'postgres' user needs its own.
        self.folder = Path(folder or tempfile.mkdtemp(prefix="wall-pg-"))
        self.port = free_port()
        self.data = self.folder / "data"
        self.proc: subprocess.Popen | None = None

    def _as_owner(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> "Postgres":
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            os.chmod(self.folder, 0o755)
        subprocess.run(
            [*self._as_owner(), _pg_bin("initdb"), "-D", str(self.data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.proc = subprocess.Popen(
            [*self._as_owner(), _pg_bin("postgres"), "-D", str(self.data), "-p", str(self.port),
             "-h", "127.0.0.1", "-k", str(self.folder), "-c", "fsync=off",
             "-c", "max_connections=200"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_for_port(self.port, proc=self.proc)
        return self

    def stop(self) -> None:
        if self.proc:
            stop(self.proc, signal.SIGINT)  # fast shutdown
        shutil.rmtree(self.folder, ignore_errors=True)


def wall_env(**settings: str) -> dict:
    """The environment for a subprocess of ours, with WALL_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WALL_")}
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"})
    env.update({f"WALL_{k}": str(v) for k, v in settings.items()})
    return env


def start_worker(env: dict, log: Path, *args: str) -> subprocess.Popen:
    """A real `celery --app workers worker` process; returns once it says it is ready."""
    with open(log, "ab") as out:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(
            [str(BIN / "celery"), "--app", "workers", "worker", "--loglevel", "INFO",
             "--concurrency", "1", "--without-gossip", "--without-mingle", *args],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    wait_until(
        lambda: proc.poll() is not None or b"ready." in log.read_bytes(),
        timeout=90,
        what="celery worker ready",
    )
    if proc.poll() is not None:
        raise RuntimeError(f"celery worker exited:\n{log.read_text()[-3000:]}")
    return proc


def start_web(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    """The app under gunicorn, as in production; returns the process and its base URL."""
    port = free_port()
    with open(log, "ab") as out:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    wait_for_port(port, timeout=60, proc=proc)
    return proc, f"http://127.0.0.1:{port}"


def flask_cli(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
