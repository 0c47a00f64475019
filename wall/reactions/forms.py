from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import AnyOf, InputRequired

from wall.reactions.service import KINDS


class ReactionForm(FlaskForm):
    """One small form; each reaction is a submit button carrying its own `kind`."""

    kind = StringField(
        validators=[
            InputRequired("Please choose how the story touched you."),
            AnyOf(list(KINDS), message="That is not something we can count. Please use the buttons."),
        ]
    )
