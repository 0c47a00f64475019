from flask import current_app
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from wall import themes
from wall.sharing.text import normalise

NOTE_MAX = 80


class ShareForm(FlaskForm):
    story = TextAreaField("Your story", filters=[lambda s: normalise(s or "")])
    content_note = StringField(
        "Content note (optional)",
        filters=[lambda s: " ".join(normalise(s or "").split()) or None],
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=f"A content note works best short: up to {NOTE_MAX} characters."),
        ],
    )
    theme = SelectField(
        "Theme (optional)",
        choices=[SelectChoice(value, label) for value, label in themes.choices()],
        validate_choice=False,
        filters=[lambda v: v or None],
    )
    submit = SubmitField("Share")
    share_anyway = SubmitField("Share anyway")

    def validate_story(self, field):
        low, high = current_app.config["STORY_MIN_CHARS"], current_app.config["STORY_MAX_CHARS"]
        if not field.data:
            raise ValidationError("Your story is empty. Write a few words whenever you are ready.")
        if len(field.data) < low:
            raise ValidationError(f"Could you write a little more? A story needs at least {low} characters.")
        if len(field.data) > high:
            raise ValidationError(
                f"Your story is {len(field.data):,} characters long; the wall holds up to "
                f"{high:,}. Could you shorten it a little?"
            )

    def validate_theme(self, field):
        if field.data is not None and themes.get(field.data) is None:
            raise ValidationError("Please pick a theme from the list, or leave it as “No theme”.")
