"""Staff forms: finding candidates, marking documents verified."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from matcher.forms import BaseForm

VERIFIABLE = ("permit", "french")
TO_VERIFY_CHOICES = [
    SelectChoice("", _l("All candidates")),
    SelectChoice("permit", _l("Permit to verify")),
    SelectChoice("french", _l("French level to verify")),
]


class CandidateFilterForm(BaseForm):
    """Posted, never sent in a URL: a name or an email would land in access logs."""

    q = SearchField(_l("Name or email contains"), validators=[Optional(), Length(max=100)])
    to_verify = SelectField(_l("Show"), choices=TO_VERIFY_CHOICES, validators=[Optional()])


class VerifyForm(BaseForm):
    """Mark the permit or the French level verified (verified=1) or not (0)."""

    what = HiddenField(validators=[AnyOf(VERIFIABLE)])
    verified = HiddenField(validators=[AnyOf(("0", "1"))])
