"""Admins' pages: moderators, word lists, thresholds. Every change is audited."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from wall.extensions import db
from wall.moderation import accounts, thresholds, wordlists
from wall.moderation.blueprint import admin_required, bp
from wall.moderation.forms import (
    ConfirmForm,
    NewModeratorForm,
    PasswordForm,
    RoleForm,
    ThresholdForm,
    WordForm,
)
from wall.moderation.models import Moderator, Threshold


@bp.route("/admin/moderators", methods=["GET", "POST"])
@admin_required
def moderators():
    form = NewModeratorForm()
    if form.validate_on_submit():
        try:
            accounts.create(form.username.data, form.password.data, form.role.data, current_user)
            flash(f"{form.username.data} can now log in as a {form.role.data}.", "info")
            return redirect(url_for(".moderators"), code=303)
        except accounts.AccountProblem as problem:
            form.username.errors.append(str(problem))
    return render_template(
        "moderation/moderators.html",
        form=form,
        people=accounts.everyone(),
        confirm=ConfirmForm(),
        password_form=PasswordForm(formdata=None),
        role_form=RoleForm(formdata=None),
    )


@bp.post("/admin/moderators/<int:moderator_id>/<change>")
@admin_required
def change_moderator(moderator_id: int, change: str):
    person = db.get_or_404(Moderator, moderator_id)
    form = {"password": PasswordForm, "role": RoleForm}.get(change, ConfirmForm)()
    if change not in ("disable", "enable", "password", "role") or not form.validate_on_submit():
        errors = [e for errs in form.errors.values() for e in errs] or ["That change was incomplete."]
        flash(f"Nothing changed for {person.username}: {' '.join(errors)}", "error")
        return redirect(url_for(".moderators"), code=303)
    try:
        if change in ("disable", "enable"):
            accounts.set_active(person, change == "enable", current_user)
        elif change == "password":
            accounts.reset_password(person, form.password.data, current_user)
        else:
            accounts.set_role(person, form.role.data, current_user)
    except accounts.AccountProblem as problem:
        flash(str(problem), "error")
        return redirect(url_for(".moderators"), code=303)
    flash(f"Saved the change for {person.username}.", "info")
    return redirect(url_for(".moderators"), code=303)


@bp.route("/admin/words", methods=["GET", "POST"])
@admin_required
def words():
    form = WordForm()
    if form.validate_on_submit():
        try:
            entry = wordlists.add(form.kind.data, form.phrase.data, current_user)
        except wordlists.BadEntry as problem:
            form.phrase.errors.append(str(problem))
        else:
            rejected = wordlists.rescreen_waiting()
            extra = (
                f" {rejected} waiting stories matched it and were rejected automatically." if rejected else ""
            )
            flash(f"Added “{entry.phrase}” to the {entry.kind} list.{extra}", "info")
            return redirect(url_for(".words"), code=303)
    return render_template(
        "moderation/words.html",
        form=form,
        entries=wordlists.entries(),
        kinds=wordlists.KINDS,
        confirm=ConfirmForm(),
    )


@bp.post("/admin/words/<int:entry_id>/remove")
@admin_required
def remove_word(entry_id: int):
    if ConfirmForm().validate_on_submit():
        entry = wordlists.remove(entry_id, current_user)
        if entry is not None:
            wordlists.rescreen_waiting()
            flash(f"Removed “{entry.phrase}” from the {entry.kind} list.", "info")
    return redirect(url_for(".words"), code=303)


@bp.route("/admin/thresholds", methods=["GET", "POST"])
@admin_required
def threshold_settings():
    form = ThresholdForm()
    if form.validate_on_submit():
        try:
            moved = thresholds.set_threshold(form.category.data, form.value.data, current_user)
        except thresholds.BadThreshold as problem:
            form.value.errors.append(str(problem))
        else:
            flash(
                f"Saved. {moved} waiting {'story' if moved == 1 else 'stories'} moved to another band.",
                "info",
            )
            return redirect(url_for(".threshold_settings"), code=303)
    return render_template(
        "moderation/thresholds.html",
        form=form,
        effective=thresholds.effective_thresholds(),
        overrides={t.category: t for t in db.session.scalars(db.select(Threshold))},
        known=thresholds.KNOWN_CATEGORIES,
        ratio=thresholds.maybe_ratio(),
        confirm=ConfirmForm(),
    )


@bp.post("/admin/thresholds/<category>/reset")
@admin_required
def reset_threshold(category: str):
    if ConfirmForm().validate_on_submit():
        moved = thresholds.reset_threshold(category, current_user)
        flash(f"Back to the configured value. {moved} waiting stories moved to another band.", "info")
    return redirect(url_for(".threshold_settings"), code=303)
