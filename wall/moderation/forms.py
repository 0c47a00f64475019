from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=128)])
    submit = SubmitField("Log in")


class DecisionForm(FlaskForm):
    """Approve or reject one story, as seen at `version`."""

    version = HiddenField(validators=[DataRequired()])
    approve = SubmitField("Approve")
    reject = SubmitField("Reject")
