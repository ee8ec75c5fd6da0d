"""Placement round forms: which postings, which candidates, which proposals to approve."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, SelectMultipleField, ValidationError
from wtforms.fields.choices import SelectChoice as C
from wtforms.validators import Optional

from matcher.extensions import db
from matcher.forms import BaseForm
from matcher.models import Agency, Region
from matcher.postings.labels import occupation_label
from matcher.postings.picker import program_occupations

MAX_POSTINGS = 100  # postings in one round: keeps the stored preference lists bounded


class _Ids(SelectMultipleField):
    """Ids ticked in a list the page draws itself; the services check who may use them."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        try:
            self.data = list(dict.fromkeys(int(value) for value in valuelist))
        except ValueError as error:
            self.data = []
            raise ValueError(_("Choose from the list.")) from error
        if any(not 0 < value < 2**31 for value in self.data):
            self.data = []
            raise ValueError(_("Choose from the list."))


class PostingFilterForm(BaseForm):
    """Narrow the list of postings offered for a round (GET: it changes nothing)."""

    class Meta:
        csrf = False

    region = SelectField(_l("Region of the posting"), validators=[Optional()])
    occupation = SelectField(_l("Occupation"), validators=[Optional()])

    def valid(self, name: str):
        """Return a filter's value, or None if it is empty or invalid."""
        field = self._fields[name]
        return None if field.errors or field.data in ("", None) else field.data


class RoundForm(BaseForm):
    """The postings of a round and the pool of candidates it draws from."""

    posting_ids = _Ids(_l("Postings"))
    pool_region = SelectField(_l("Candidates who want to work in"), validators=[Optional()])
    pool_occupation = SelectField(_l("Candidates who want or did this work"),
                                  validators=[Optional()])
    pool_agency = SelectField(_l("Candidates followed by"), validators=[Optional()])

    def validate_posting_ids(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one posting."))
        if len(field.data) > MAX_POSTINGS:
            raise ValidationError(_l("Choose at most %(num)s postings.", num=MAX_POSTINGS))

    def pool(self) -> dict:
        """Return the pool filters as the services expect them (None: no filter)."""
        agency = self.pool_agency.data if "pool_agency" in self._fields else None
        return {"region": self.pool_region.data or None,
                "noc_code": self.pool_occupation.data or None,
                "agency_id": int(agency) if agency else None}


class SelectionForm(BaseForm):
    """The proposals ticked on the review page (GET to the confirmation page)."""

    class Meta:
        csrf = False

    proposal = _Ids()


class ApproveForm(BaseForm):
    """The confirmed proposals: invitations go out when this is posted."""

    proposal = _Ids()


def region_choices(anything: str) -> list[C]:
    """Return the regions, after an "any" choice."""
    return [C("", anything)] + [C(r.code, f"{r.code} – {r.name}") for r in db.session.scalars(
        select(Region).order_by(Region.code))]


def occupation_choices(anything: str) -> list[C]:
    """Return the program's occupations, after an "any" choice."""
    return [C("", anything)] + [C(o.noc_code, str(occupation_label(o)))
                                for o in program_occupations()]


def fill_choices(filters: PostingFilterForm, form: RoundForm, staff: bool) -> None:
    """Set the choices of both forms; only staff choose candidates by agency."""
    filters.region.choices = region_choices(_("All regions"))
    filters.occupation.choices = occupation_choices(_("All occupations"))
    form.pool_region.choices = region_choices(_("Any region"))
    form.pool_occupation.choices = occupation_choices(_("Any occupation"))
    if not staff:
        del form.pool_agency
        return
    form.pool_agency.choices = [C("", _("Any agency"))] + [
        C(str(a.id), a.name) for a in db.session.scalars(select(Agency).order_by(Agency.name))]
