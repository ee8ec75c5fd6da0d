"""Admin forms: searches (posted, see saved_filters.py), roles, agencies, establishments, sites.

Forms check shape; organizations.py and auth/services.py enforce the rules.
"""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from matcher.admin.audit_log import KINDS
from matcher.forms import BaseForm
from matcher.models.employer import EMPLOYER_KINDS

ROLE_CHOICES = [
    SelectChoice("", _l("All roles")), SelectChoice("candidate", _l("Candidate")),
    SelectChoice("employer", _l("Employer")), SelectChoice("staff", _l("Staff")),
    SelectChoice("admin", _l("Admin")),
]
KIND_LABELS = {"CISSS": "CISSS", "CIUSSS": "CIUSSS", "non-merged": _l("Non-merged establishment"),
               "CRSSS": "CRSSS", "CHSLD": "CHSLD", "RPA": _l("Private seniors' residence (RPA)"),
               "clinic": _l("Clinic")}

MEMBER_LABELS = {"pending": _l("waiting for approval"), "approved": _l("approved"),
                 "rejected": _l("rejected")}


class UserFilterForm(BaseForm):
    """Search accounts by email or name (posted: the values never go in a URL)."""

    q = SearchField(_l("Email or name contains"), validators=[Optional(), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[Optional()])


class ConfirmForm(BaseForm):
    """A change that asks for confirmation: the first post shows what it does, the second
    (with confirmed=yes) does it."""

    confirmed = HiddenField()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed.data == "yes"


class RoleForm(ConfirmForm):
    role = SelectField(_l("Role"), choices=[SelectChoice("staff", _l("Staff")),
                                            SelectChoice("admin", _l("Admin"))])


class AgencyChoiceForm(BaseForm):
    """The agency a staff or admin user belongs to; choices set by the view."""

    agency = SelectField(_l("Agency"), coerce=int)


class AuditFilterForm(BaseForm):
    """Filter the audit log by person, kind of event and days (posted, like user searches)."""

    person = SearchField(_l("Person (name or email)"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Kind of event"), validators=[Optional()], choices=[
        SelectChoice("", _l("All events")),
        *(SelectChoice(key, label) for key, (label, _prefixes) in KINDS.items())])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end comes before the start."))


def _name_field(label):
    return StringField(label, validators=[DataRequired(_l("Enter a name.")), Length(max=200)],
                       filters=[lambda value: value.strip() if value else value])


class AgencyForm(BaseForm):
    """Create or rename an agency; region choices set by the view."""

    name = _name_field(_l("Name"))
    region_code = SelectField(_l("Region"), validators=[DataRequired(_l("Choose a region."))])


class EstablishmentForm(BaseForm):
    """Create or rename an establishment; region choices set by the view."""

    name = _name_field(_l("Name"))
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, KIND_LABELS[k])
                                            for k in EMPLOYER_KINDS])
    region_code = SelectField(_l("Region"), validators=[DataRequired(_l("Choose a region."))])


class SiteForm(BaseForm):
    """Add, rename or move a site; region choices set by the view."""

    name = _name_field(_l("Name of the site"))
    city = StringField(_l("City"), validators=[DataRequired(_l("Enter the city.")),
                                               Length(max=100)],
                       filters=[lambda value: value.strip() if value else value])
    region_code = SelectField(_l("Region"), validators=[DataRequired(_l("Choose a region."))])


class MergeForm(ConfirmForm):
    """Merge a duplicate establishment into another; target choices set by the view."""

    target = SelectField(_l("Merge into"), coerce=int,
                         validators=[DataRequired(_l("Choose an establishment."))])


class NameSearchForm(BaseForm):
    """Find an establishment or agency by name (names of organizations: GET is fine)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name contains"), validators=[Optional(), Length(max=100)])
