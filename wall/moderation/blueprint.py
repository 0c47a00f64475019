"""The moderation blueprint, and who may open which page."""

from functools import wraps

from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.before_request
@login_required
def require_login():
    """Every page here is for signed-in moderators only."""


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


@bp.app_template_global()
def reason_label(code: str | None) -> str:
    from wall.moderation.reasons import label

    return label(code)


@bp.app_template_global()
def report_reason(code: str) -> str:
    from wall.reports.models import REASONS

    return REASONS.get(code, code)
