"""Forms of the application pipeline."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from matcher.applications.notify import rejection_reason_label, status_label
from matcher.applications.services import EMPLOYER_MOVES
from matcher.forms import BaseForm
from matcher.models.application import REJECTION_REASONS

SHARE_LABEL = _l("I agree that this employer sees my name, email and phone number")


class ApplyForm(BaseForm):
    share_contact = BooleanField(SHARE_LABEL, validators=[
        DataRequired(_l("To apply, you need to share your contact details with the employer."))])


class RespondForm(BaseForm):
    answer = HiddenField(validators=[AnyOf(("accept", "decline"))])
    share_contact = BooleanField(SHARE_LABEL)


# Declining goes through RejectForm (a reason is required); the other moves need none.
PLAIN_MOVES = sorted({s for m in EMPLOYER_MOVES.values() for s in m} - {"rejected"})


class MoveForm(BaseForm):
    status = HiddenField(validators=[AnyOf(PLAIN_MOVES)])


def _reason_choices() -> list[SelectChoice]:
    return [SelectChoice(code, rejection_reason_label(code)) for code in REJECTION_REASONS]


class RejectForm(BaseForm):
    """Decline an application: a reason from a short list, HR's words, an optional message."""

    reason = RadioField(_l("Why is the application not retained?"), validators=[
        InputRequired(_l("Choose a reason."))])
    detail = TextAreaField(_l("In your words, for your team"), validators=[
        Length(max=500, message=_l("Write at most 500 characters."))])
    message = TextAreaField(_l("Message to the candidate (optional)"), validators=[
        Length(max=1000, message=_l("Write at most 1,000 characters."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = _reason_choices()

    def validate_detail(self, field) -> None:
        if self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Say in a few words what the other reason is."))


class BulkMoveForm(BaseForm):
    """Move several applications of one posting to the same status."""

    status = SelectField(_l("Move the selected applications to"), validators=[
        InputRequired(_l("Choose a status."))])
    reason = SelectField(_l("Reason, if declining"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice(s, status_label(s))
                               for s in [*PLAIN_MOVES, "rejected"]]
        self.reason.choices = [SelectChoice("", _l("— Choose a reason —")), *_reason_choices()]

    def validate_reason(self, field) -> None:
        if field.data and field.data not in REJECTION_REASONS:
            raise ValidationError(_l("Choose a reason from the list."))
        if self.status.data == "rejected" and field.data not in REJECTION_REASONS:
            raise ValidationError(_l("Choose why these applications are declined."))
        if self.status.data == "rejected" and field.data == "other":
            raise ValidationError(_l("“Other reason” needs your words: decline these "
                                     "applications one by one."))


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


class InterviewForm(BaseForm):
    """Propose an interview: a day and time in Québec, how long, how and where."""

    day = DateField(_l("Day"), validators=[InputRequired(DATE_MESSAGE)])
    at = TimeField(_l("Time (Québec time)"), validators=[
        InputRequired(_l("Enter a time, for example 14:30."))])
    duration = SelectField(_l("Length"), coerce=int, choices=[
        SelectChoice(30, _l("30 minutes")), SelectChoice(45, _l("45 minutes")),
        SelectChoice(60, _l("1 hour")), SelectChoice(90, _l("1 hour 30 minutes"))], default=45)
    mode = RadioField(_l("How"), choices=[
        SelectChoice("in_person", _l("In person")), SelectChoice("video", _l("Video call")),
        SelectChoice("phone", _l("Phone call"))], validators=[InputRequired(_l("Choose how."))])
    place = StringField(_l("Address, video link or phone number"), validators=[
        DataRequired(_l("Say where the interview takes place, or how to join it.")),
        Length(max=300, message=_l("Write at most 300 characters."))])


class InterviewAnswerForm(BaseForm):
    """The candidate confirms the interview, or asks for another time with a short note."""

    answer = HiddenField(validators=[AnyOf(("confirm", "change"))])
    note = TextAreaField(_l("Which days and times suit you?"), validators=[
        Length(max=500, message=_l("Write at most 500 characters."))])

    def validate_note(self, field) -> None:
        if self.answer.data == "change" and not (field.data or "").strip():
            raise ValidationError(_l("Say which days and times suit you."))
