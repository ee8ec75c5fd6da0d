"""Staff forms: finding candidates, marking documents verified, correcting them."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from matcher.candidates.fields import date_field, optional_int
from matcher.candidates.forms import PermitForm
from matcher.forms import BaseForm
from matcher.models.candidate import FRENCH_SKILLS
from matcher.parcours.forms import strip
from matcher.staff.corrections import EVIDENCE, EVIDENCE_LABELS, FIELD_LABELS, KIND_LABELS

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


def _level_choices():
    return [SelectChoice("", _l("Unchanged"))] + [
        SelectChoice(str(level), str(level)) for level in range(1, 13)]


def _evidence_fields(section: str):
    """Return the evidence fields shared by both corrections."""
    return {
        "evidence": RadioField(_l("What you checked"), choices=[
            SelectChoice(kind, EVIDENCE_LABELS[kind]) for kind in EVIDENCE[section]],
            validators=[InputRequired(message=_l("Choose what you checked."))]),
        "evidence_name": StringField(_l("Name of the test or document"),
                                     validators=[Optional(), Length(max=100)],
                                     filters=[strip]),
        "evidence_on": date_field(_l("Date of the result or of the document seen")),
        "note": TextAreaField(_l("Why the value changes (the candidate reads this note)"),
                              validators=[DataRequired(message=_l(
                                  "Say why the value changes: the candidate will read it.")),
                                  Length(max=1000)], filters=[strip]),
    }


def french_correction_form(*args, **kwargs) -> BaseForm:
    """Return the form correcting the four French levels (blank leaves a level as it is)."""
    fields = {skill: SelectField(FIELD_LABELS[f"french_{skill}"], choices=_level_choices(),
                                 coerce=optional_int, validators=[Optional()])
              for skill in FRENCH_SKILLS}
    form_class = type("FrenchCorrectionForm", (BaseForm,),
                      {**fields, **_evidence_fields("french")})
    return form_class(*args, **kwargs)


def permit_correction_form(*args, **kwargs) -> BaseForm:
    """Return the form correcting the permit as the document shows it."""
    fields = {
        "permit_kind": RadioField(FIELD_LABELS["permit_kind"], choices=[
            SelectChoice(kind, label) for kind, label in KIND_LABELS.items()],
            validators=[InputRequired(message=_l("Choose one answer."))]),
        "permit_expires_on": date_field(FIELD_LABELS["permit_expires_on"]),
        "permit_employer_id": PermitForm.permit_employer_id,
        "permit_renewal_applied_on": date_field(FIELD_LABELS["permit_renewal_applied_on"]),
        "permit_health_restricted": BooleanField(FIELD_LABELS["permit_health_restricted"]),
    }
    form_class = type("PermitCorrectionForm", (PermitForm,),
                      {"sin_expires_on": None, **fields, **_evidence_fields("permit"),
                       "validate": BaseForm.validate})
    return form_class(*args, **kwargs)


class PairForm(BaseForm):
    """Two candidate files, and for a merge the one to keep."""

    first = IntegerField(validators=[InputRequired()], widget=HiddenInput())
    second = IntegerField(validators=[InputRequired()], widget=HiddenInput())
    keep = IntegerField(_l("File to keep"), validators=[Optional()])
