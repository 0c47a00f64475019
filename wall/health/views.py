from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from wall.extensions import db
from wall.scoring.loader import resolve
from wall.stories.models import Score, Story
from wall.stories.states import State
from wall.tasks import broker_ok
from wall.time import utcnow

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    database = _database()
    broker = "ok" if broker_ok() else "unreachable"
    choice = resolve(current_app.config)
    model = {
        "setting": current_app.config["MODERATION_MODEL"],
        "uses": choice.kind if choice.kind == "light" else f"detoxify:{choice.variant}",
        "fallback": choice.kind == "light" and current_app.config["MODERATION_MODEL"] != "light",
        "reason": choice.reason or None,
    }
    if database["status"] == "ok":
        model["last_scored_by"] = db.session.scalar(select(Score.model).order_by(Score.id.desc()).limit(1))
    healthy = database["status"] == "ok" and broker == "ok"
    body = {"status": "ok" if healthy else "degraded", "database": database, "broker": broker}
    return jsonify(body | {"model": model}), 200 if healthy else 503


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
