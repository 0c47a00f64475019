"""Decisions from the queue: one story at a time, or several selected at once."""

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from wall.moderation.blueprint import bp
from wall.moderation.decisions import KINDS, Decision, DecisionRefused, decide, decide_many
from wall.moderation.forms import BulkForm, DecisionForm


@bp.post("/stories/<int:story_id>/<kind>")
def decide_story(story_id: int, kind: str):
    if kind == "decide":  # the first queue's form: one URL, the button pressed says which
        kind = "approve" if request.form.get("approve") else "reject"
    if kind not in KINDS:
        abort(404)
    form = DecisionForm()
    back = url_for(".queue")
    if not form.validate_on_submit():
        flash("That decision form was incomplete, so nothing was saved. Please try again.", "error")
        return redirect(form.return_to(back), code=303)
    decision = Decision(kind, form.version.data, form.reason.data, form.note.data or None, form.body.data)
    try:
        message = decide(story_id, decision, current_user, current_app.config["STORY_MAX_CHARS"])
    except DecisionRefused as refused:
        flash(refused.message, "error")
        return redirect(form.return_to(back), code=303)
    flash(message, "info")
    return redirect(form.return_to(back), code=303)


@bp.post("/bulk")
def bulk():
    form = BulkForm()
    back = form.back.data if (form.back.data or "").startswith("/moderation/") else url_for(".queue")
    picks = form.picks(request.form.getlist("pick"))
    if not form.validate_on_submit() or not picks:
        flash("Select at least one story first (the checkbox on each card).", "error")
        return redirect(back, code=303)
    kind = "reject" if form.reject.data else "approve"
    try:
        result = decide_many(picks, kind, current_user, form.reason.data or None, form.note.data or None)
    except DecisionRefused as refused:
        flash(refused.message, "error")
        return redirect(back, code=303)
    verb = "published" if kind == "approve" else "rejected"
    if result.done:
        flash(f"{len(result.done)} {'story' if len(result.done) == 1 else 'stories'} {verb}.", "info")
    for _story_id, message in result.refused[:5]:
        flash(message, "error")
    return redirect(back, code=303)
