from flask import Blueprint, abort, current_app, render_template, request

from wall.public.queries import BadCursor, published_story, wall_page

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    try:
        page = wall_page(
            current_app.config["WALL_PAGE_SIZE"],
            before=request.args.get("before"),
            after=request.args.get("after"),
        )
    except BadCursor:
        abort(400, "That page link looks broken. The newest stories are on the first page.")
    return render_template("public/wall.html", page=page)


@bp.get("/stories/<int:story_id>")
def story(story_id: int):
    found = published_story(story_id)
    if found is None:
        abort(404)
    return render_template("public/story.html", story=found)
