from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from wall.reports.models import REASONS


class ReportForm(FlaskForm):
    reason = RadioField(
        "What is wrong with this story?",
        choices=[SelectChoice(k, v) for k, v in REASONS.items()],
        validators=[DataRequired(message="Please choose one of these.")],
    )
    note = TextAreaField(
        "Anything else we should know? (optional, please leave out names)",
        validators=[Optional(), Length(max=500)],
    )
    submit = SubmitField("Send report")
