from flask import Blueprint, current_app, redirect, render_template, url_for

from wall.extensions import limiter
from wall.sharing.forms import ShareForm
from wall.stories.service import create_story
from wall.tasks import enqueue_scoring

bp = Blueprint("sharing", __name__)


def _share_limit() -> str:
    return current_app.config["SHARE_RATE_LIMIT"]


@bp.route("/share", methods=["GET", "POST"])
@limiter.limit(_share_limit, methods=["POST"])
def share():
    form = ShareForm()
    if form.validate_on_submit():
        story = create_story(form.story.data)
        enqueue_scoring(story.id)  # if the broker is down, the sweep sends it later
        return redirect(url_for("sharing.thanks"), code=303)
    return render_template("sharing/share.html", form=form)


@bp.get("/share/thanks")
def thanks():
    return render_template("sharing/thanks.html")
