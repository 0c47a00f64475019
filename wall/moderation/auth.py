from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_required, login_user, logout_user
from sqlalchemy import select

from wall.extensions import db, limiter, login_manager
from wall.moderation.forms import LoginForm
from wall.moderation.models import Moderator

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_moderator(moderator_id: str) -> Moderator | None:
    return db.session.get(Moderator, int(moderator_id))


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
