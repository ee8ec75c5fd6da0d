"""Forms of the postings feature: they check shape; rules.py checks the business rules.

NUL bytes in text fields are refused for every form by matcher.forms.
"""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice as C
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from matcher.forms import BaseForm
from matcher.models._common import SHIFTS
from matcher.models.posting import EMPLOYMENT_TYPES
from matcher.models.reference import ROLE_FAMILIES
from matcher.postings import rules
from matcher.postings.labels import (
    EMPLOYMENT_TYPE_LABELS,
    ROLE_FAMILY_LABELS,
    SHIFT_LABELS,
)
from matcher.postings.search import BoardFilters

NEW_SITE = "new"


class MoneyField(DecimalField):
    """A decimal typed the Québec way or the English way: "21,50", "21.50", "21.50 $".

    A text input (with a decimal keypad on phones): a number input would refuse the
    decimal comma in some browsers.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, max_places: int = 2, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, validators, places=max_places, **kwargs)
        self.max_places = max_places

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        text = text.removesuffix("$").removeprefix("$").replace(",", ".")
        self.data = None
        try:
            value = Decimal(text)
        except (InvalidOperation, ValueError) as error:
            raise ValueError(_l("Enter a number.")) from error
        if not value.is_finite():
            raise ValueError(_l("Enter a number."))
        if value.as_tuple().exponent < -self.max_places:
            raise ValueError(_l("Use at most %(places)s decimals.", places=self.max_places))
        self.data = value


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _level_choices(lowest: int) -> list[C]:
    return [C(level, str(level)) for level in range(lowest, 13)]


class PostingForm(BaseForm):
    """Create or edit a posting; choices of sites, occupations and certifications are set
    by the view from the database."""

    noc_code = SelectField(_l("Occupation"), validators=[InputRequired()])
    site_id = SelectField(_l("Site"), validators=[InputRequired()])
    # No Optional() here: it would stop the chain before validate_new_site_*().
    new_site_name = StringField(_l("Name of the new site"), validators=[Length(max=200)])
    new_site_city = StringField(_l("City"), validators=[Length(max=100)])
    new_site_region = SelectField(_l("Region"), validators=[Optional()])
    title = StringField(_l("Job title"), validators=[
        DataRequired(), Length(max=rules.TITLE_MAX)])
    description = TextAreaField(_l("Description of the job"), validators=[
        Optional(), Length(max=rules.DESCRIPTION_MAX)])
    shifts = CheckboxesField(_l("Shifts"), choices=[C(s, SHIFT_LABELS[s]) for s in SHIFTS],
                             validators=[DataRequired(_l("Choose at least one shift."))])
    employment_type = SelectField(
        _l("Type of employment"), validators=[InputRequired()],
        choices=[C(t, EMPLOYMENT_TYPE_LABELS[t]) for t in EMPLOYMENT_TYPES])
    hours_per_week = MoneyField(_l("Hours per week"), max_places=1, validators=[
        InputRequired(), NumberRange(min=Decimal("0.5"), max=rules.HOURS_MAX)])
    hourly_wage = MoneyField(_l("Hourly wage ($)"), validators=[
        InputRequired(), NumberRange(min=Decimal("0.01"), max=rules.WAGE_MAX)])
    openings = IntegerField(_l("Number of openings"), default=1, validators=[
        InputRequired(), NumberRange(min=1, max=rules.OPENINGS_MAX)])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    closes_on = DateField(_l("Closing date"), validators=[Optional()])
    # validate_choice=False: rules.check explains a level below the program's floor.
    min_french_oral = SelectField(_l("Minimum oral French"), coerce=int, default=5,
                                  choices=_level_choices(rules.FRENCH_ORAL_MIN),
                                  validate_choice=False)
    min_french_written = SelectField(_l("Minimum written French"), coerce=int, default=1,
                                     choices=_level_choices(1), validate_choice=False)
    min_experience_months = IntegerField(
        _l("Minimum experience in this occupation (months)"), default=0,
        validators=[InputRequired(), NumberRange(min=0, max=rules.EXPERIENCE_MAX)])
    certifications = CheckboxesField(_l("Required certifications"))
    training_provided = BooleanField(_l("We provide training for the required certifications"))
    publish = SubmitField(_l("Publish"))
    save_draft = SubmitField(_l("Save as draft"))
    save = SubmitField(_l("Save changes"))

    def validate_new_site_name(self, field) -> None:
        if self.site_id.data == NEW_SITE and not (field.data or "").strip():
            raise ValidationError(_l("Enter the name of the new site."))

    def validate_new_site_city(self, field) -> None:
        if self.site_id.data == NEW_SITE and not (field.data or "").strip():
            raise ValidationError(_l("Enter the city of the new site."))

    def values(self) -> dict:
        """Return the posting's values as the services expect them."""
        return {
            "noc_code": self.noc_code.data, "title": self.title.data.strip(),
            "description": (self.description.data or "").strip(),
            "shifts": list(self.shifts.data or ()),
            "employment_type": self.employment_type.data,
            "hours_per_week": self.hours_per_week.data, "hourly_wage": self.hourly_wage.data,
            "openings": self.openings.data, "start_date": self.start_date.data,
            "closes_on": self.closes_on.data, "min_french_oral": self.min_french_oral.data,
            "min_french_written": self.min_french_written.data,
            "min_experience_months": self.min_experience_months.data,
            "certifications": list(self.certifications.data or ()),
            "training_provided": bool(self.training_provided.data),
        }

    def new_site(self) -> dict | None:
        """Return the new site to create, or None when an existing site was chosen."""
        if self.site_id.data != NEW_SITE:
            return None
        return {"name": (self.new_site_name.data or "").strip(),
                "city": (self.new_site_city.data or "").strip(),
                "region_code": self.new_site_region.data}

    def add_errors(self, errors: dict[str, str]) -> None:
        """Show business-rule errors next to their fields."""
        for name, message in errors.items():
            field = self._fields.get(name) or self.title
            field.errors = [*field.errors, message]


class OccupationSearchForm(BaseForm):
    """Narrow the occupation list by a title typed in French or English."""

    class Meta:
        csrf = False

    occupation_q = SearchField(_l("Find an occupation by title"),
                               validators=[Optional(), Length(max=100)])


class StatusForm(BaseForm):
    """Publish, close or reopen a posting."""

    action = SelectField(choices=[C("publish"), C("close"), C("reopen")])


SORTS = {"relevance": _l("Best match first"), "newest": _l("Newest first"),
         "start": _l("Soonest start date")}


class BoardForm(BaseForm):
    """Search and filters of the public job board (GET, no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Words"), validators=[Optional(), Length(max=100)])
    region = SelectField(_l("Region"), validators=[Optional()])
    family = SelectField(_l("Type of work"), validators=[Optional()], choices=[
        C("", _l("All types of work")), *(C(f, ROLE_FAMILY_LABELS[f]) for f in ROLE_FAMILIES)])
    shift = SelectField(_l("Shift"), validators=[Optional()], choices=[
        C("", _l("Any shift")), *(C(s, SHIFT_LABELS[s]) for s in SHIFTS)])
    employment_type = SelectField(_l("Type of employment"), validators=[Optional()], choices=[
        C("", _l("Any type")), *(C(t, EMPLOYMENT_TYPE_LABELS[t]) for t in EMPLOYMENT_TYPES)])
    # Best match first is newest first when there are no words (every posting ties).
    sort = SelectField(_l("Sort by"), validators=[Optional()], default="relevance",
                       choices=[C(key, label) for key, label in SORTS.items()])
    # A NOC code, from a "did you mean" link of a search without results.
    occupation = StringField(validators=[Optional(), Regexp(r"^\d{5}$")])
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=100000)])

    def filters(self) -> BoardFilters:
        """Return the valid filters (an invalid one is left out, and shown as an error)."""
        return BoardFilters(region=self.valid("region"), family=self.valid("family"),
                            occupation=self.valid("occupation"), shift=self.valid("shift"),
                            employment_type=self.valid("employment_type"))

    def valid(self, name: str):
        """Return a filter's value, or None if it is empty, invalid or not one of its choices.

        Optional() lets a blank value such as " " through without checking the choices,
        so the choices are checked here again.
        """
        field = self._fields[name]
        if field.errors or field.data in ("", None):
            return None
        if isinstance(field, SelectField) and field.data not in {
                value for value, *_rest in field.iter_choices()}:
            return None
        return field.data
