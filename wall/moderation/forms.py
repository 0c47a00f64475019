"""Forms for the moderators' pages. Each owns its validation; views only read the result."""

import re

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from wall.moderation.models import ROLES
from wall.moderation.passwords import password_problem
from wall.moderation.queries import BANDS, FLAGS, QUEUES
from wall.moderation.reasons import REJECT_REASONS
from wall.moderation.wordlists import KINDS


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, text) for value, text in pairs]


_BACK = re.compile(r"^/moderation/[\w\-./?=&%+]*$")


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=128)])
    submit = SubmitField("Log in")


class DecisionForm(FlaskForm):
    """One decision on one story, as seen at `version`. Cards write these fields by hand."""

    version = IntegerField(validators=[DataRequired(), NumberRange(min=1)])
    reason = RadioField(
        choices=choices(REJECT_REASONS.items()), validators=[Optional()], validate_choice=False
    )
    note = TextAreaField(validators=[Optional(), Length(max=1000)])
    body = TextAreaField(validators=[Optional()])
    back = HiddenField(validators=[Optional(), Length(max=500)])
    next = HiddenField(validators=[Optional(), Length(max=20)])

    def return_to(self, default: str) -> str:
        """Where to go afterwards: the same queue and filters, at the next card."""
        target = self.back.data or ""
        target = target if _BACK.match(target) and "//" not in target else default
        return target + (f"#story-{self.next.data}" if (self.next.data or "").isdigit() else "")


class BulkForm(FlaskForm):
    reason = SelectField(
        "Reason, when rejecting",
        choices=choices([("", "Choose a reason"), *REJECT_REASONS.items()]),
        validators=[Optional()],
        validate_choice=False,
    )
    note = StringField("Note (optional)", validators=[Optional(), Length(max=1000)])
    back = HiddenField(validators=[Optional(), Length(max=500)])
    approve = SubmitField("Approve selected")
    reject = SubmitField("Reject selected")

    @staticmethod
    def picks(values: list[str]) -> list[tuple[int, int]]:
        """["12:3", ...] from the checked cards, as (story id, version seen)."""
        out = []
        for value in values[:500]:
            story_id, _, version = value.partition(":")
            if story_id.isdigit() and version.isdigit():
                out.append((int(story_id), int(version)))
        return out


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: filters change nothing

    queue = SelectField("Queue", choices=choices(QUEUES.items()), default="review", validate_choice=False)
    band = SelectField(
        "Band", choices=choices([("", "Any band")] + [(b, b) for b in BANDS]), validators=[Optional()]
    )
    flag = SelectField("Flag", choices=choices([("", "Any flag"), *FLAGS.items()]), validators=[Optional()])
    since = DateField("Shared from", validators=[Optional()])
    until = DateField("Shared until", validators=[Optional()])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField("Who", validators=[Optional(), Length(max=80)])
    action = StringField("Action", validators=[Optional(), Length(max=40)])
    story = IntegerField("Story #", validators=[Optional(), NumberRange(min=1)])
    since = DateField("From", validators=[Optional()])
    until = DateField("Until", validators=[Optional()])


def _password_rules(form, field):
    problem = password_problem(field.data or "", getattr(form, "username", None) and form.username.data or "")
    if problem:
        raise ValidationError(problem)


class NewModeratorForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(min=2, max=80)])
    password = PasswordField("Password", validators=[DataRequired(), _password_rules])
    role = SelectField("Role", choices=choices((r, r) for r in ROLES), default="moderator")
    submit = SubmitField("Create moderator")

    def validate_username(self, field):
        if not re.fullmatch(r"[\w.\-]+", field.data or ""):
            raise ValidationError("Use letters, digits, dots, dashes or underscores.")


class PasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), _password_rules])
    submit = SubmitField("Set password")


class ChangeOwnPasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=128)])
    password = PasswordField("New password", validators=[DataRequired(), _password_rules])
    submit = SubmitField("Change my password")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=choices((r, r) for r in ROLES))


class ConfirmForm(FlaskForm):
    """A bare form for buttons (disable, enable, remove): CSRF and nothing else."""


class WordForm(FlaskForm):
    kind = SelectField("List", choices=choices(KINDS.items()))
    phrase = StringField("Word or phrase", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Add to the list")


class ThresholdForm(FlaskForm):
    category = StringField("Category", validators=[DataRequired(), Length(max=40)])
    value = StringField("Threshold (0.01 to 1)", validators=[DataRequired(), Length(max=10)])
    submit = SubmitField("Save threshold")
