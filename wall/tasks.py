"""Binding Celery to the app, and handing a story to the workers."""

import logging
from pathlib import Path

from celery import Celery, Task
from flask import Flask, current_app
from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(celery_settings(app))
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app


def celery_settings(app: Flask) -> dict:
    cfg = app.config
    url = cfg["BROKER_URL"]
    options: dict = {"visibility_timeout": int(cfg.get("VISIBILITY_TIMEOUT", 3600))}
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
        "worker_prefetch_multiplier": 1,
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

    try:
        score_story.apply_async(
            args=[story_id],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0.2, "interval_step": 0.5},
        )
    except OperationalError as exc:
        log.warning("broker unreachable, story %s left for the sweep: %s", story_id, exc)
        return False
    return True


def broker_ok() -> bool:
    celery_app = current_app.extensions["celery"]
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except (OperationalError, OSError):
        return False
    return True
