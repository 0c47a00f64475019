"""The queues and a single story's page."""

from flask import current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select

from wall.extensions import db
from wall.moderation import cards, queries, wordlists
from wall.moderation.blueprint import bp
from wall.moderation.forms import BulkForm, QueueFilterForm
from wall.moderation.models import Redaction
from wall.moderation.reasons import REJECT_REASONS
from wall.reports.models import Report
from wall.stories.models import Story


def _filters(form: QueueFilterForm) -> queries.QueueFilter:
    valid = form.validate()
    queue = form.queue.data if form.queue.data in queries.QUEUES else "review"
    if not valid:
        return queries.QueueFilter(queue)
    return queries.QueueFilter(
        queue, form.band.data or None, form.flag.data or None, form.since.data, form.until.data
    )


@bp.get("/")
def queue():
    form = QueueFilterForm(request.args)
    filters = _filters(form)
    stories = queries.stories(filters, current_app.config["QUEUE_PAGE_SIZE"])
    return render_template(
        "moderation/queue.html",
        form=form,
        filters=filters,
        cards=cards.build(stories, wordlists.entries()),
        matching=queries.count(filters),
        counts=queries.counts(),
        for_model=queries.waiting_for_model(),
        queues=queries.QUEUES,
        reasons=REJECT_REASONS,
        bulk=BulkForm(formdata=None),
        back=request.full_path.rstrip("?"),
    )


@bp.get("/stories/<int:story_id>")
def story(story_id: int):
    found = db.get_or_404(Story, story_id)
    redactions, snapshots = [], []
    if current_user.is_admin:  # the text as shared, before a redaction, is for admins' eyes only
        redactions = db.session.scalars(select(Redaction).where(Redaction.story_id == story_id)).all()
    reports = db.session.scalars(select(Report).where(Report.story_id == story_id).order_by(Report.id)).all()
    snapshots = [r for r in reports if r.snapshot and r.snapshot != found.body]
    return render_template(
        "moderation/story.html",
        card=cards.build([found], wordlists.entries())[0],
        all_reports=reports,
        snapshots=snapshots,
        redactions=redactions,
        reasons=REJECT_REASONS,
        back=request.full_path.rstrip("?"),
    )
