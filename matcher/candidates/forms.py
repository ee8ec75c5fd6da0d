"""Forms of the candidate's profile steps: shape here, business rules in rules.py."""

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from matcher import clock
from matcher.candidates import rules
from matcher.candidates.fields import MultiCheckboxField, NumberField, date_field, optional_int
from matcher.candidates.rules import PHONE_PATTERN
from matcher.extensions import db
from matcher.forms import BaseForm
from matcher.i18n import select_locale
from matcher.models import Certification, Employer, FrenchLevel, Occupation, Region
from matcher.models.candidate import FRENCH_SKILLS
from matcher.models.consent import CONSENT_PURPOSES
from matcher.postings.labels import OCCUPATION_LABELS

NO_OCCUPATION = "none"
PERMIT_CHOICES = [
    SelectChoice("open", _l("Open work permit (any employer)")),
    SelectChoice("employer_specific",
                 _l("Employer-specific work permit (only the employer named on it)")),
    SelectChoice("pending", _l("I have applied for a work permit and am waiting")),
    SelectChoice("none", _l("I have no work permit")),
]
SOURCE_CHOICES = [
    SelectChoice("self", _l("My own estimate")),
    SelectChoice("course", _l("Francization course")),
    SelectChoice("test", _l("Test (TCF, TEF)")),
]
SHIFT_CHOICES = [
    SelectChoice("day", _l("Day")), SelectChoice("evening", _l("Evening")),
    SelectChoice("night", _l("Night")), SelectChoice("weekend", _l("Weekend")),
]
STAGES = {"beginner": _l("beginner"), "intermediate": _l("intermediate"),
          "advanced": _l("advanced")}
SKILL_LABELS = {
    "oral_comprehension": _l("Understanding spoken French"),
    "oral_production": _l("Speaking French"),
    "reading": _l("Reading French"),
    "writing": _l("Writing French"),
}
CONSENT_MESSAGES = {
    ("matching", True): _l("Approved employers can now see your profile, without your name "
                           "or contact details."),
    ("matching", False): _l("Employers can no longer see your profile."),
    ("share_contact", True): _l("Your contact details will be given to the employers you "
                                "apply to."),
    ("share_contact", False): _l("Your contact details are withdrawn: employers, including "
                                 "those you already applied to, no longer see your name, "
                                 "email or phone. Your applications stay open."),
}
PROGRAM_REGIONS = ("03", "06", "12")  # where the program hires: listed first


def strip(value):
    return value.strip() if isinstance(value, str) else value


def _apply(form, errors: dict) -> bool:
    """Put business-rule errors next to their fields; say whether there were none."""
    for name, message in errors.items():
        getattr(form, name).errors.append(message)
    return not errors


class AboutForm(BaseForm):
    first_name = StringField(_l("First name"), filters=[strip],
                             validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Last name"), filters=[strip],
                            validators=[DataRequired(), Length(max=100)])
    phone = TelField(_l("Phone number"), filters=[strip], validators=[
        Optional(), Length(max=30),
        Regexp(PHONE_PATTERN, message=_l("Enter a phone number, for example 514 555-0101."))])
    city = StringField(_l("City where you live"), filters=[strip],
                       validators=[Optional(), Length(max=100)])


class PermitForm(BaseForm):
    permit_kind = RadioField(_l("Your work permit"), choices=PERMIT_CHOICES,
                             validators=[InputRequired(message=_l("Choose one answer."))])
    permit_expires_on = date_field(_l("Expiry date of the permit"))
    permit_employer_id = SelectField(_l("Employer named on the permit"), coerce=optional_int,
                                     validators=[Optional()])
    permit_renewal_applied_on = date_field(_l("Date you filed a renewal, if you did"))
    permit_health_restricted = BooleanField(
        _l("My permit says I am not authorized to work in health-service occupations"))
    sin_expires_on = date_field(_l("Expiry date of your social insurance number (SIN)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        employers = db.session.execute(select(Employer.id, Employer.name)
                                       .order_by(Employer.name)).all()
        self.permit_employer_id.choices = [SelectChoice("", _("Choose the employer"))] + [
            SelectChoice(str(row.id), row.name) for row in employers]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        return _apply(self, rules.permit_errors(
            self.permit_kind.data, self.permit_expires_on.data, self.permit_employer_id.data,
            self.permit_renewal_applied_on.data, clock.today()))


# What a person can do at each level of the Québec scale, in plain words (jargon second).
CAN_DO = {
    1: _l("I know a few words and ready-made phrases."),
    2: _l("I can say who I am and answer simple questions, slowly."),
    3: _l("I can talk about my daily life in short sentences."),
    4: _l("I can manage simple daily situations: a shop, an appointment."),
    5: _l("I can follow a conversation on a familiar topic at work and take part in it."),
    6: _l("I can explain a situation, give simple instructions and follow a phone call."),
    7: _l("I can talk about most work topics with ease and give my opinion."),
    8: _l("I can handle the unexpected at work and follow a quick conversation."),
    9: _l("I can present and defend ideas and understand most radio and TV."),
    10: _l("I can speak and write with precision, even on complex topics."),
    11: _l("I can adapt how I speak and write to any situation."),
    12: _l("I use French like a person educated in French."),
}


def can_do(level: int) -> str:
    """Say in plain words what a person can do at a level of the Québec scale."""
    return str(CAN_DO.get(level, level))


def plain_level_label(row: FrenchLevel) -> str:
    """Return a level as the candidate chooses it: the number, then « Je peux… »."""
    return _("%(level)s — %(can_do)s", level=row.level, can_do=can_do(row.level))


def level_label(row: FrenchLevel) -> str:
    """Return a level's label: number, stage and approximate equivalents."""
    return _("%(level)s · %(stage)s · NCLC %(nclc)s · CEFR ≈ %(cefr)s", level=row.level,
             stage=STAGES.get(row.stage, row.stage), nclc=row.nclc, cefr=row.cefr)


def _level_field() -> SelectField:
    return SelectField(_l("Level"), coerce=optional_int,
                       validators=[DataRequired(message=_l("Choose a level."))])


def _source_field() -> SelectField:
    return SelectField(_l("How do you know this level?"), choices=SOURCE_CHOICES)


def french_levels() -> list[FrenchLevel]:
    """Return the 12 levels of the Québec scale with their equivalents."""
    return list(db.session.scalars(select(FrenchLevel).order_by(FrenchLevel.level)))


class FrenchForm(BaseForm):
    french_oral_comprehension = _level_field()
    french_oral_comprehension_source = _source_field()
    french_oral_production = _level_field()
    french_oral_production_source = _source_field()
    french_reading = _level_field()
    french_reading_source = _source_field()
    french_writing = _level_field()
    french_writing_source = _source_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [SelectChoice("", _("Choose a level"))] + [
            SelectChoice(str(row.level), plain_level_label(row)) for row in french_levels()]
        for skill in FRENCH_SKILLS:
            self[f"french_{skill}"].choices = choices

    def skills(self):
        """Yield (skill name, level field, source field) in the scale's order."""
        for skill in FRENCH_SKILLS:
            yield SKILL_LABELS[skill], self[f"french_{skill}"], self[f"french_{skill}_source"]


class ExperienceForm(BaseForm):
    title = StringField(_l("Your job title"), filters=[strip],
                        validators=[DataRequired(), Length(max=150)])
    noc_code = RadioField(_l("Which occupation is this job closest to?"),
                          validate_choice=False, validators=[Optional(), Length(max=5)])
    employer_name = StringField(_l("Employer"), filters=[strip],
                                validators=[Optional(), Length(max=150)])
    country = StringField(_l("Country"), filters=[strip], validators=[Optional(), Length(max=80)])
    start_on = date_field(_l("Date you started"), required=True,
                          message=_l("Enter the date you started."))
    end_on = date_field(_l("Date you left"))
    ongoing = BooleanField(_l("I still work here"))
    hours_per_week = NumberField(
        _l("Hours per week"), default=Decimal("37.5"), places=None, validators=[
            InputRequired(),
            NumberRange(min=1, max=80, message=_l("Enter between 1 and 80 hours."))])
    description = TextAreaField(_l("What did you do there?"), filters=[strip],
                                validators=[Optional(), Length(max=2000)])

    def set_occupations(self, options: list[tuple[str, str]]) -> None:
        """Offer these (NOC code, label) choices, then "none of these"."""
        none = (_("None of these: I describe the job in my own words") if options
                else _("No occupation found: I describe the job in my own words"))
        self.noc_code.choices = [*(SelectChoice(code, label) for code, label in options),
                                 SelectChoice(NO_OCCUPATION, none)]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        code = self.noc_code.data
        if not code and len(self.noc_code.choices) > 1:
            self.noc_code.errors.append(
                _l("Choose the occupation closest to this job, or the last answer to describe it "
                   "in your own words."))
            return False
        if code and code != NO_OCCUPATION and db.session.get(Occupation, code) is None:
            self.noc_code.errors.append(_l("Unknown occupation code."))
            return False
        return _apply(self, rules.experience_errors(
            self.start_on.data, self.end_on.data, self.ongoing.data, clock.today()))

    @property
    def chosen_noc_code(self) -> str | None:
        code = self.noc_code.data
        return None if not code or code == NO_OCCUPATION else code


class PreferencesForm(BaseForm):
    preferred_regions = MultiCheckboxField(_l("Regions where you would like to work"))
    willing_to_relocate = BooleanField(_l("I am willing to move to another region for a job"))
    shifts = MultiCheckboxField(_l("Shifts you can work"), choices=SHIFT_CHOICES)
    available_from = date_field(_l("You can start working from"))
    desired_occupations = MultiCheckboxField(_l("Jobs you would like"))
    certifications = MultiCheckboxField(_l("Certifications you hold"))
    skills_text = TextAreaField(_l("Your skills, in your own words"), filters=[strip],
                                validators=[Optional(), Length(max=2000)])
    arrival_date = date_field(_l("Date you arrived in Québec"))
    weekly_matches = BooleanField(_l("Each week, send me by email the new jobs that fit me"))

    def __init__(self, *args, extra_occupations=(), **kwargs):
        super().__init__(*args, **kwargs)
        english = select_locale() == "en"
        regions = db.session.scalars(select(Region).order_by(
            Region.code.not_in(PROGRAM_REGIONS), Region.code))
        self.preferred_regions.choices = [SelectChoice(r.code, r.name) for r in regions]
        occupations = db.session.scalars(select(Occupation).where(
            Occupation.role_family.is_not(None) | Occupation.noc_code.in_(extra_occupations))
            .order_by(Occupation.role_family, Occupation.noc_code)).all()
        self.desired_occupations.choices = [  # short everyday names, not the long NOC titles
            SelectChoice(o.noc_code, OCCUPATION_LABELS.get(o.noc_code)
                         or (o.title_en if english else o.title_fr)) for o in occupations]
        self.certifications.choices = [
            SelectChoice(c.code, c.name_en if english else c.name_fr)
            for c in db.session.scalars(select(Certification).order_by(Certification.code))]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        return _apply(self, rules.arrival_errors(self.arrival_date.data, clock.today()))


class DeleteAccountForm(BaseForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=128)])
    confirm = BooleanField(
        _l("I understand that my account and my profile will be deleted for good"),
        validators=[DataRequired(message=_l("Tick this box to confirm."))])


class ConsentForm(BaseForm):
    """One consent switch; the template writes the hidden inputs itself (no duplicate ids)."""

    purpose = HiddenField(validators=[AnyOf(CONSENT_PURPOSES)])
    grant = HiddenField(validators=[AnyOf(("0", "1"))])


class ConfirmForm(BaseForm):
    """A button that changes something: only the CSRF token to check."""
