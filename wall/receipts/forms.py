from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, ValidationError

from wall.receipts.tokens import clean


class _CodeMixin:
    def validate_code(self, field):
        token = clean(field.data)
        if token is None:
            raise ValidationError(
                "That doesn't look like a receipt code. It is a long line of letters, numbers, - and _; "
                "pasting the whole receipt link works too."
            )
        field.data = token


class LookupForm(_CodeMixin, FlaskForm):
    code = StringField("Your receipt code or link", render_kw={"autocomplete": "off", "spellcheck": "false"})
    submit = SubmitField("Show my story's status")


class WithdrawForm(_CodeMixin, FlaskForm):
    code = HiddenField()
    confirm = BooleanField(
        "Yes, take my story back and erase its words",
        validators=[DataRequired("Tick the box if you're sure. You can't undo this.")],
    )
    submit = SubmitField("Withdraw my story")
