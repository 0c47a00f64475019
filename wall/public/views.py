"""The public wall: pages of stories, themes, a story on its own page, the about page."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from wall import themes
from wall.public.caching import conditional, latest
from wall.public.queries import (
    BadCursor,
    page_keys,
    published_story,
    random_story_id,
    story_keys,
    wall_page,
)
from wall.reactions.forms import ReactionForm
from wall.reactions.service import KINDS, Tally, phrases

bp = Blueprint("public", __name__)


def _wall(template: str, theme=None, **context):
    """A page of stories. The freshness check reads only keys and counts; stories are loaded to render."""
    where = {
        "before": request.args.get("before"),
        "after": request.args.get("after"),
        "theme": theme.slug if theme else None,
    }
    size = current_app.config["WALL_PAGE_SIZE"]
    try:
        keys = page_keys(size, **where)
    except BadCursor:
        abort(400, "That page link looks broken. The newest stories are on the first page.")
    reactions = Tally.from_keys(keys.stories)
    parts = [
        template,
        [row[:2] for row in keys.stories],
        reactions.fingerprint(),
        keys.older,
        keys.newer,
    ]
    modified = latest(reactions.latest, *(row[3] for row in keys.stories))

    def render():
        page = wall_page(size, **where)
        return render_template(template, page=page, reactions=reactions, theme=theme, **context)

    return conditional(parts, modified, render)


@bp.get("/")
def index():
    return _wall("public/wall.html", themes=themes.THEMES)


@bp.get("/themes/<slug>")
def theme(slug: str):
    found = themes.get(slug)
    if found is None:
        abort(404)
    return _wall("public/theme.html", theme=found, themes=themes.THEMES)


@bp.get("/stories/<int:story_id>")
def story(story_id: int):
    keys = story_keys(story_id)
    if keys is None:
        abort(404)
    reactions = Tally.from_keys([keys])

    def render():
        found = published_story(story_id)
        if found is None:  # taken down this very moment
            abort(404)
        return render_template(
            "public/story.html",
            story=found,
            theme=themes.get(found.theme),
            counts=reactions.of(found.id),
            kinds=KINDS,
            form=ReactionForm(),
        )

    parts = ["story", keys.id, keys.version, reactions.fingerprint()]
    return conditional(parts, latest(keys.state_changed_at, reactions.latest), render)


@bp.get("/stories/random")
def random_story():
    """ "Read another story": a redirect to a published story picked at random."""
    exclude = request.args.get("from", type=int)
    picked = random_story_id(exclude=exclude)
    if picked is None:
        return redirect(url_for("public.index"), code=303)
    response = redirect(url_for("public.story", story_id=picked), code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/about")
def about():
    return render_template("public/about.html", themes=themes.THEMES)


@bp.app_template_global()
def themes_get(slug):
    return themes.get(slug)


@bp.app_template_global()
def reaction_phrases(counts):
    return phrases(counts)
