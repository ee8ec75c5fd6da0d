"""Parcours forms: they check the shape of what was sent; services apply the rules."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from matcher.candidates.fields import date_field
from matcher.forms import BaseForm
from matcher.models.action_plan import ACTION_STATUSES
from matcher.parcours.catalogue import CATALOGUE
from matcher.parcours.notes import MAX_LENGTH

CHOOSE = _l("Choose one answer.")
MODE_CHOICES = [SelectChoice("", _l("Choose…")), SelectChoice("in_person", _l("In person")),
                SelectChoice("phone", _l("By phone")), SelectChoice("video", _l("By video"))]
REASON_CHOICES = [
    SelectChoice("", _l("Choose…")),
    SelectChoice("retained", _l("Hired and still employed 365 days later")),
    SelectChoice("left", _l("Left the program (moved away, stopped, no longer reachable)"))]
SCOPE_CHOICES = [SelectChoice("mine", _l("My caseload")),
                 SelectChoice("agency", _l("My whole agency")),
                 SelectChoice("unassigned", _l("Without an officer"))]


def strip(value):
    return value.strip() if isinstance(value, str) else value


class ScopeForm(BaseForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    scope = SelectField(_l("Show"), choices=SCOPE_CHOICES, default="mine",
                        validators=[Optional()])


class AssignForm(BaseForm):
    officer = SelectField(_l("Integration officer"), coerce=int, validate_choice=True,
                          validators=[InputRequired(message=CHOOSE)])


class MeetingForm(BaseForm):
    met_on = date_field(_l("Date of the first meeting"), required=True,
                        message=_l("Enter the date of the meeting."))
    mode = SelectField(_l("How it took place"), choices=MODE_CHOICES,
                       validators=[DataRequired(message=CHOOSE)])


def action_form(step: str) -> BaseForm:
    """Return the form that adds an action to one step (its fields prefixed by the step)."""

    class ActionForm(BaseForm):
        kind = SelectField(_l("Action"), choices=[
            SelectChoice("", _l("Other (describe it below)")),
            *(SelectChoice(kind.code, kind.label) for kind in CATALOGUE if kind.step == step)],
            validators=[Optional()])
        title = StringField(_l("Details, or the action in your words"), filters=[strip],
                            validators=[Optional(), Length(max=200)])
        due_on = date_field(_l("Due on"))

    return ActionForm(prefix=step)


class MoveForm(BaseForm):
    to = HiddenField(validators=[AnyOf(ACTION_STATUSES)])


class CloseForm(BaseForm):
    reason = SelectField(_l("Why close the plan?"), choices=REASON_CHOICES,
                         validators=[DataRequired(message=CHOOSE)])


class ReopenForm(BaseForm):
    pass


class NoteForm(BaseForm):
    text = TextAreaField(_l("New note"), filters=[strip], validators=[
        DataRequired(message=_l("Write the note.")),
        Length(max=MAX_LENGTH, message=_l("A note holds at most %(max)d characters."))])
