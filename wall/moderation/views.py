from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from wall.extensions import db
from wall.moderation.forms import DecisionForm
from wall.moderation.queries import count_in, review_queue
from wall.scoring.policy import category_band
from wall.stories.models import Story
from wall.stories.service import StaleStory, apply
from wall.stories.states import Action, IllegalTransition, State

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.before_request
@login_required
def require_login():
    """Every page here is for signed-in moderators only."""


@bp.get("/")
def queue():
    stories = review_queue()
    forms = {s.id: DecisionForm(version=s.version, formdata=None) for s in stories}
    cfg = current_app.config

    def band(category, value):
        return category_band(category, value, cfg["THRESHOLDS"], cfg["MAYBE_RATIO"])

    return render_template(
        "moderation/queue.html",
        stories=stories,
        forms=forms,
        waiting=count_in(State.IN_REVIEW),
        band=band,
    )


@bp.post("/stories/<int:story_id>/decide")
def decide(story_id: int):
    form = DecisionForm()
    story = db.get_or_404(Story, story_id)
    if not form.validate_on_submit() or not form.version.data.isdigit():
        abort(400, "That decision form was incomplete. Please reload the queue and try again.")
    action = Action.APPROVE if form.approve.data else Action.REJECT
    try:
        apply(story, action, moderator_id=current_user.id, expected_version=int(form.version.data))
        db.session.commit()
    except (StaleStory, IllegalTransition):
        flash(
            f"Story #{story_id} changed while you were reading it (someone else may have "
            "decided). Nothing was saved; here is the queue as it is now.",
            "error",
        )
        return redirect(url_for(".queue"), code=303)
    verb = "published" if action is Action.APPROVE else "rejected"
    flash(f"Story #{story_id} {verb}.", "info")
    return redirect(url_for(".queue"), code=303)
