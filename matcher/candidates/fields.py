"""Form fields the profile needs beyond WTForms' own: forgiving numbers, bounded dates."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectMultipleField
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from matcher.candidates.rules import DATE_RANGE_MESSAGE, date_in_range

NUMBER_MESSAGE = _l("Enter a number, for example 37.5.")


class NumberField(DecimalField):
    """A decimal that also accepts a comma (37,5), as people write it in Québec.

    WTForms' DecimalField lets "NaN" and "Infinity" through, and comparing those with
    a range raises; they are refused here as ordinary typing mistakes.
    """

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        if not text:
            self.data = None
            return
        try:
            value = Decimal(text)
        except (InvalidOperation, ValueError):
            value = None
        if value is None or not value.is_finite():
            self.data = None
            raise ValueError(NUMBER_MESSAGE)
        self.data = value


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes (easier than a multiple select on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _check_date_range(form, field) -> None:
    if not date_in_range(field.data):
        raise ValidationError(DATE_RANGE_MESSAGE)


def date_field(label, required: bool = False, message=None) -> DateField:
    """Return an HTML date input whose date must fall in the accepted window."""
    first = InputRequired(message=message) if required else Optional()
    return DateField(label, validators=[first, _check_date_range])


def optional_int(value) -> int | None:
    """Coerce a select's value to an int, the empty choice to None."""
    if value in (None, "", "None"):
        return None
    return int(value)
