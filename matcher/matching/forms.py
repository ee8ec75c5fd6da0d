"""Matching forms: the star buttons of the wish list, the ranked list's filters."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from matcher.forms import BaseForm

# Where a star button sends the candidate back to.
STAR_PAGES = ("matches", "posting")


class StarForm(BaseForm):
    """Star or unstar a posting (the button carries the CSRF token and the page to return to)."""

    back = HiddenField(validators=[AnyOf(STAR_PAGES)], default="matches")


class RankingFilterForm(BaseForm):
    """Filters of the ranked list (GET, no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    verified = BooleanField(_l("Verified permit and French only"))
    min_months = IntegerField(_l("Minimum experience in this occupation (months)"),
                              validators=[Optional(), NumberRange(min=0, max=600)])
    available_by = DateField(_l("Available by"), validators=[Optional()])
    region = SelectField(_l("Region (or willing to relocate)"), validators=[Optional()])


class CompareForm(BaseForm):
    """Two to four candidates of the ranked list, side by side (GET)."""

    class Meta:
        csrf = False

    ids = SelectMultipleField(coerce=int, validate_choice=False,
                              validators=[Length(min=2, max=4)])
