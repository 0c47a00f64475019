from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from wall.extensions import db
from wall.scoring.loader import resolve
from wall.stories.models import Score, Story
from wall.stories.states import State
from wall.tasks import queue_depth
from wall.time import utcnow

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    database = _database()
    depth = queue_depth()
    broker = "ok" if depth is not None else "unreachable"
    model = _model(database["status"] == "ok")
    healthy = database["status"] == "ok" and broker == "ok"
    body = {"status": "ok" if healthy else "degraded", "database": database, "broker": broker}
    return jsonify(body | {"queue": {"waiting_in_broker": depth}, "model": model}), 200 if healthy else 503


def _model(database_ok: bool) -> dict:
    """What the settings and files choose, and what the workers actually used last."""
    cfg = current_app.config
    choice = resolve(cfg)
    model = {
        "setting": cfg["MODERATION_MODEL"],
        "uses": choice.kind if choice.kind == "light" else f"detoxify:{choice.variant}",
        "path": cfg.get("SCORE_PATH", "float32") if choice.kind == "detoxify" else None,
        "fallback": choice.kind == "light" and cfg["MODERATION_MODEL"] != "light",
        "reason": choice.reason or None,
    }
    if choice.fetch_into is not None:
        model["reason"] = f"not downloaded yet: a worker fetches it into {choice.fetch_into} on start"
    if database_ok:
        last = db.session.scalar(select(Score.model).order_by(Score.id.desc()).limit(1))
        model["last_scored_by"] = last
        # A worker that could not load Detoxify says so in its log; its scores say so here.
        if last and last.startswith("light:") and cfg["MODERATION_MODEL"] != "light":
            model["fallback"] = True
            model["reason"] = model["reason"] or "workers fell back to the light classifier (see their log)"
    return model


def _database() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
        waiting, oldest = db.session.execute(
            select(func.count(), func.min(Story.created_at)).where(Story.state == State.RECEIVED)
        ).one()
    except SQLAlchemyError as exc:
        db.session.rollback()
        return {"status": "unreachable", "error": type(exc).__name__}
    age = None
    if oldest is not None:
        now = utcnow() if oldest.tzinfo else utcnow().replace(tzinfo=None)
        age = round((now - oldest).total_seconds(), 1)
    return {"status": "ok", "unscored": waiting, "oldest_unscored_seconds": age}
