"""Forms of the application pipeline."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField
from wtforms.validators import AnyOf, DataRequired, InputRequired

from matcher.applications.services import EMPLOYER_MOVES

SHARE_LABEL = _l("I agree that this employer sees my name, email and phone number")


class ApplyForm(FlaskForm):
    share_contact = BooleanField(SHARE_LABEL, validators=[
        DataRequired(_l("To apply, you need to share your contact details with the employer."))])


class RespondForm(FlaskForm):
    answer = HiddenField(validators=[AnyOf(("accept", "decline"))])
    share_contact = BooleanField(SHARE_LABEL)


class MoveForm(FlaskForm):
    status = HiddenField(validators=[AnyOf(sorted({s for m in EMPLOYER_MOVES.values()
                                                   for s in m}))])


class HireForm(FlaskForm):
    start_on = DateField(_l("First day of work"), validators=[InputRequired()])


class EndHireForm(FlaskForm):
    end_on = DateField(_l("Last day of work"), validators=[InputRequired()])
