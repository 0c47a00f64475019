"""Binding Celery to the app, and handing a story to the workers."""

import logging
import threading
import time
from pathlib import Path

from celery import Celery, Task
from celery.signals import worker_process_init
from flask import Flask, current_app
from kombu.exceptions import ChannelError, OperationalError

log = logging.getLogger(__name__)
QUEUE = "celery"
BROKER_BACKOFF_SECONDS = 10.0  # after a failed send, skip the broker this long: the sweep catches up


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(celery_settings(app))
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    worker_process_init.connect(_warm_up_after_fork(app), weak=False, dispatch_uid="wall-warm-up")
    return celery_app


def _warm_up_after_fork(app: Flask):
    """Load the model in each worker process as soon as it forks, without blocking the fork.

    Celery kills a child whose init takes longer than worker_proc_alive_timeout (4 s), and a
    model takes longer, so the load runs in a thread; a task that arrives first waits for it.
    """

    def handler(**_):
        from wall.scoring.loader import get_scorer

        threading.Thread(target=get_scorer, args=(app.config,), name="model-load", daemon=True).start()

    return handler


def celery_settings(app: Flask) -> dict:
    cfg = app.config
    url = cfg["BROKER_URL"]
    options: dict = {"visibility_timeout": int(cfg["VISIBILITY_TIMEOUT"])}
    if url.startswith("filesystem://"):
        folder = Path(app.instance_path) / "broker"
        folder.mkdir(parents=True, exist_ok=True)
        options |= {"data_folder_in": str(folder), "data_folder_out": str(folder)}
    elif url.startswith(("redis://", "rediss://")):
        options |= {"socket_connect_timeout": 2, "socket_timeout": 5}
    return {
        "broker_url": url,
        "broker_transport_options": options,
        "broker_connection_retry_on_startup": True,
        "task_ignore_result": True,
        # A story is only acknowledged once it is scored; a killed worker hands it back.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": int(cfg["WORKER_PREFETCH"]),
        "worker_concurrency": int(cfg["WORKER_CONCURRENCY"]),
        "worker_hijack_root_logger": False,
        "include": ["workers.tasks"],
        "beat_schedule": {
            "sweep-unscored-stories": {
                "task": "workers.tasks.sweep",
                "schedule": float(cfg["SWEEP_EVERY_SECONDS"]),
            }
        },
    }


def enqueue_scoring(story_id: int) -> bool:
    """Ask a worker to score the story. False if the broker is unreachable.

    The story row is already committed, so nothing is lost: the periodic sweep re-sends
    every story still waiting for a score.
    """
    from workers.tasks import score_story

    celery_app = current_app.extensions["celery"]
    if time.monotonic() < getattr(celery_app, "broker_down_until", 0.0):
        return False  # it failed moments ago: answer the visitor now, the sweep sends it later
    try:
        score_story.apply_async(
            args=[story_id],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0.2, "interval_step": 0.5},
        )
    except OperationalError as exc:
        celery_app.broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        log.warning("broker unreachable, story %s left for the sweep: %s", story_id, exc)
        return False
    return True


def queue_depth() -> int | None:
    """Stories waiting in the broker's queue (not yet handed to a worker); None if unreachable."""
    celery_app = current_app.extensions["celery"]
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            return conn.default_channel.queue_declare(queue=QUEUE, passive=True).message_count
    except ChannelError:
        return 0  # the queue does not exist until the first message
    except (OperationalError, OSError):
        return None


def broker_ok() -> bool:
    celery_app = current_app.extensions["celery"]
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except (OperationalError, OSError):
        return False
    return True
