"""The Report button on each published story: no account, CSRF-protected, rate-limited."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from wall.extensions import limiter
from wall.public.queries import published_story
from wall.reports.forms import ReportForm
from wall.reports.service import file_report

bp = Blueprint("reports", __name__)


def _report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


@bp.route("/stories/<int:story_id>/report", methods=["GET", "POST"])
@limiter.limit(_report_limit, methods=["POST"])
def report(story_id: int):
    story = published_story(story_id)
    if story is None:
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        file_report(
            story,
            form.reason.data,
            form.note.data,
            request.remote_addr or "unknown",
            int(current_app.config["REPORTS_TO_HIDE"]),
        )
        # The same page whether or not this visitor reported it before: nothing to learn from it.
        return redirect(url_for("reports.thanks"), code=303)
    return render_template("reports/report.html", form=form, story=story)


@bp.get("/reports/thanks")
def thanks():
    return render_template("reports/thanks.html")


@bp.app_template_global()
def report_form_for() -> ReportForm:
    """A blank report form for the Report section under a published story."""
    return ReportForm(formdata=None)
