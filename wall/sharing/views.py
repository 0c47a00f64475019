from flask import Blueprint, current_app, redirect, render_template, session, url_for

from wall.care.helplines import for_country
from wall.care.marks import highlight, pii_marks
from wall.care.pause import review
from wall.care.views import visitor_country
from wall.extensions import limiter
from wall.scoring.policy import threshold_for
from wall.sharing.forms import ShareForm
from wall.sharing.service import share_story

bp = Blueprint("sharing", __name__)


def _share_limit() -> str:
    return current_app.config["SHARE_RATE_LIMIT"]


def _check_limit() -> str:
    return current_app.config["SHARE_CHECK_RATE_LIMIT"]


@bp.route("/share", methods=["GET", "POST"])
@limiter.limit(_check_limit, methods=["POST"], scope="share-check")
# Only stories actually sent count towards the sharing limit: re-checking a draft does not.
@limiter.limit(_share_limit, methods=["POST"], scope="share", deduct_when=lambda r: r.status_code == 303)
def share():
    form = ShareForm()
    if not form.validate_on_submit():
        return render_template("sharing/share.html", form=form)
    text = form.story.data
    pause = review(text, threshold_for("offensive", current_app.config["THRESHOLDS"]))
    if pause.needs_a_look and not form.share_anyway.data:
        region, world = for_country(visitor_country())
        marked = highlight(text, pii_marks(text))
        return render_template(
            "sharing/preview.html", form=form, pause=pause, marked=marked, region=region, world=world
        )
    token = share_story(text, form.content_note.data, pause.crisis.level, theme=form.theme.data)
    session["shared"] = {"receipt": token, "care": pause.crisis.level}  # read once by the thank-you page
    return redirect(url_for("sharing.thanks"), code=303)


@bp.get("/share/thanks")
def thanks():
    shared = session.pop("shared", None) or {}
    region, world = for_country(visitor_country())
    page = render_template(
        "sharing/thanks.html",
        receipt=shared.get("receipt"),
        level=shared.get("care"),
        region=region,
        world=world,
    )
    return page, 200, {"Cache-Control": "no-store"}
