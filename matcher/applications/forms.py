"""Forms of the application pipeline."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from matcher.applications.services import EMPLOYER_MOVES
from matcher.forms import BaseForm

SHARE_LABEL = _l("I agree that this employer sees my name, email and phone number")


class ApplyForm(BaseForm):
    share_contact = BooleanField(SHARE_LABEL, validators=[
        DataRequired(_l("To apply, you need to share your contact details with the employer."))])


class RespondForm(BaseForm):
    answer = HiddenField(validators=[AnyOf(("accept", "decline"))])
    share_contact = BooleanField(SHARE_LABEL)


class MoveForm(BaseForm):
    status = HiddenField(validators=[AnyOf(sorted({s for m in EMPLOYER_MOVES.values()
                                                   for s in m}))])


DATE_MESSAGE = _l("Enter a date, for example 2026-12-01.")


class HireForm(BaseForm):
    start_on = DateField(_l("First day of work"), validators=[InputRequired(DATE_MESSAGE)])


class EndHireForm(BaseForm):
    end_on = DateField(_l("Last day of work"), validators=[InputRequired(DATE_MESSAGE)])


class CancelHireForm(BaseForm):
    reason = TextAreaField(_l("Why is this hire cancelled?"), validators=[
        DataRequired(_l("Say why the hire is cancelled.")),
        Length(min=5, max=500, message=_l("Write between 5 and 500 characters."))])


class NoteForm(BaseForm):
    """A note on an application, for the employer's team only."""

    body = TextAreaField(_l("Note for your team"), validators=[
        DataRequired(_l("Write the note.")), Length(max=2000)])


class ThreadMessageForm(BaseForm):
    """A message to the other side of an application: plain text."""

    body = TextAreaField(_l("Your message"), validators=[
        DataRequired(_l("Write your message.")),
        Length(max=2000, message=_l("Write at most 2,000 characters."))],
        render_kw={"rows": 5, "maxlength": 2000})
