"""Logging in and out: throttled per account and per client, a fresh session each time, idle timeout."""

import time

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from wall.extensions import db, limiter, login_manager
from wall.moderation import audit
from wall.moderation.forms import LoginForm
from wall.moderation.models import Moderator

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_moderator(session_id: str) -> Moderator | None:
    """The id carries a stamp that a password reset or disabling changes, ending old sessions."""
    raw_id, _, stamp = session_id.partition(".")
    if not raw_id.isdigit():
        return None
    moderator = db.session.get(Moderator, int(raw_id))
    if moderator is None or not moderator.active or moderator.session_stamp != stamp:
        return None
    return moderator


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_key() -> str:
    return "login:" + (request.form.get("username") or "").strip().lower()[:80]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_account_key)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        moderator = db.session.scalar(
            select(Moderator).where(Moderator.username == form.username.data.strip())
        )
        if moderator and moderator.active and moderator.check_password(form.password.data):
            session.clear()  # a fresh session at every login
            login_user(moderator)
            session["seen"] = time.time()
            audit.record("login", moderator)
            db.session.commit()
            return redirect(_safe_next() or url_for("moderation.queue"))
        flash("That username and password do not match.", "error")
    return render_template("moderation/login.html", form=form)


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    safe = target.startswith("/") and not target.startswith(("//", "/\\"))
    return target if safe else None


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    flash("You are logged out. Thank you for your care today.", "info")
    return redirect(url_for("auth.login"))


def init_idle_timeout(app: Flask) -> None:
    @app.before_request
    def end_idle_sessions():
        if "_user_id" not in session or request.endpoint == "static":
            return None
        now = time.time()
        idle = now - float(session.get("seen", 0))
        if idle > 60 * float(current_app.config["IDLE_TIMEOUT_MINUTES"]) and current_user.is_authenticated:
            logout_user()
            session.clear()
            flash("You were logged out after a while without activity. Please log in again.", "info")
            return redirect(
                url_for("auth.login", next=request.full_path if request.method == "GET" else None)
            )
        session["seen"] = now
        return None
