"""The form that issues an API token."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from matcher.forms import BaseForm
from matcher.tokens.services import DEFAULT_DAYS, MAX_DAYS

SCOPE_LABELS = {
    "employer": _l("My establishment (postings, applications, hires)"),
    "agency": _l("My agency’s candidates"),
    "staff": _l("Program figures"),
}


class TokenForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("Say what will use it, for example “HR system”."))
    scope = SelectField(_l("Access"), validators=[DataRequired()])
    days = IntegerField(_l("Valid for (days)"), default=DEFAULT_DAYS,
                        validators=[DataRequired(), NumberRange(min=1, max=MAX_DAYS)])

    def limit_scopes(self, scopes) -> None:
        """Offer only the scopes this user may issue."""
        self.scope.choices = [(scope, SCOPE_LABELS[scope]) for scope in scopes]
