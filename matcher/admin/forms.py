"""Admin forms: filters for users and the audit log, role changes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

ROLE_CHOICES = [
    SelectChoice("", _l("All roles")), SelectChoice("candidate", _l("Candidate")),
    SelectChoice("employer", _l("Employer")), SelectChoice("staff", _l("Staff")),
    SelectChoice("admin", _l("Admin")),
]


class UserFilterForm(FlaskForm):
    """Posted, never sent in a URL: an email would land in access logs."""

    q = SearchField(_l("Email contains"), validators=[Optional(), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[Optional()])


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[SelectChoice("staff", _l("Staff")),
                                            SelectChoice("admin", _l("Admin"))])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = StringField(_l("Action starts with"), validators=[Optional(), Length(max=50)])
    actor_id = IntegerField(_l("User number"),
                            validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    subject_type = StringField(_l("Subject"), validators=[Optional(), Length(max=30)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])
