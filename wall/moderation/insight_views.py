"""The dashboard, the audit log (with CSV export) and a moderator's own password."""

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from wall.extensions import db
from wall.moderation import audit, dashboard
from wall.moderation.blueprint import bp
from wall.moderation.forms import AuditFilterForm, ChangeOwnPasswordForm
from wall.time import utcnow


@bp.get("/dashboard")
def insights():
    return render_template("moderation/dashboard.html", s=dashboard.summary(), now=utcnow())


def _audit_filter() -> tuple[AuditFilterForm, audit.AuditFilter]:
    form = AuditFilterForm(request.args)
    if not form.validate():
        return form, audit.AuditFilter()
    return form, audit.AuditFilter(
        form.actor.data or None, form.action.data or None, form.story.data, form.since.data, form.until.data
    )


@bp.get("/audit")
def audit_log():
    form, filters = _audit_filter()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    rows = audit.entries(filters, limit=101, offset=(page - 1) * 100)
    return render_template(
        "moderation/audit.html",
        form=form,
        rows=rows[:100],
        more=len(rows) > 100,
        page=page,
        actors=audit.known_actors(),
        actions=audit.known_actions(),
    )


@bp.get("/audit.csv")
def audit_csv():
    form, filters = _audit_filter()
    if form.errors:  # never export more than was asked for
        abort(400, "Those filters did not make sense (dates look like 2026-11-28). Nothing was exported.")
    name = f"small-steps-audit-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(
        stream_with_context(audit.to_csv(filters)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/account/password", methods=["GET", "POST"])
def own_password():
    form = ChangeOwnPasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("That is not your current password.")
        else:
            current_user.set_password(form.password.data)
            audit.record("change_own_password", current_user)
            db.session.commit()
            flash("Your password is changed. Please log in again with it.", "info")
            return redirect(url_for("auth.login"), code=303)
    return render_template("moderation/password.html", form=form)
