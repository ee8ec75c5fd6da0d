"""Dashboard forms: the filters of the detail tables, and the program settings."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from matcher.candidates.fields import date_field, optional_int
from matcher.extensions import db
from matcher.forms import BaseForm
from matcher.models import Agency, Region


class FilterForm(BaseForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    start = date_field(_l("From"))
    end = date_field(_l("To"))
    region = SelectField(_l("Region"), validators=[Optional()])
    agency = SelectField(_l("Partner agency"), coerce=optional_int, validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = db.session.execute(select(Region.code, Region.name).order_by(Region.code))
        self.region.choices = [("", _l("All regions"))] + [
            (code, f"{code} – {name}") for code, name in regions]
        agencies = db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name))
        self.agency.choices = [("", _l("All agencies"))] + [(id_, name) for id_, name in agencies]

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the period is before its start."))


class ProgramSettingsForm(BaseForm):
    target_hires = IntegerField(_l("Hiring target"), validators=[
        InputRequired(), NumberRange(min=1, max=1_000_000)])
    starts_on = date_field(_l("Program start"), required=True)
    ends_on = date_field(_l("Program end (deadline)"), required=True)

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data <= self.starts_on.data:
            raise ValidationError(_l("The end must come after the start."))
