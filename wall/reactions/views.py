"""The small POST forms behind "This helped me" and "Me too"."""

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for

from wall.extensions import limiter
from wall.public.queries import published_story
from wall.reactions.forms import ReactionForm
from wall.reactions.service import react

bp = Blueprint("reactions", __name__)

THANKS = {
    True: "Thank you. Knowing it helped someone is exactly why people share here.",
    False: "You already said that today. Thank you, it has been counted.",
}


def _limit() -> str:
    return current_app.config["REACTION_RATE_LIMIT"]


@bp.post("/stories/<int:story_id>/reactions")
@limiter.limit(_limit)
def add(story_id: int):
    story = published_story(story_id)
    if story is None:
        abort(404)
    form = ReactionForm()
    if not form.validate():
        abort(400, " ".join(e for errors in form.errors.values() for e in errors))
    counted = react(story.id, form.kind.data, request.remote_addr or "unknown")
    flash(THANKS[counted], "thanks")
    return redirect(url_for("public.story", story_id=story.id, _anchor="encourage"), code=303)
