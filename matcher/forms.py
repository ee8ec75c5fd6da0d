"""Rules every form shares, in one base class that every form inherits: BaseForm.

Every text-like field (StringField, TextAreaField, EmailField, PasswordField, HiddenField,
SearchField ...) is a StringField, and BaseForm gives each one it binds these rules, so no
form can forget them:

- what a browser sent is put in Unicode form NFC before any validator, service or query
  sees it (matcher/text.py says why), passwords included, so the same password typed on
  two devices is the same password;
- a NUL byte is refused at the field.
"""

from types import MethodType

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import StopValidation

from matcher.text import nfc

NUL_MESSAGE = _l("This field contains a character that is not allowed.")


def _refuse_nul(self, form) -> None:
    """Refuse NUL bytes: PostgreSQL cannot store them and no person types them."""
    if isinstance(self.data, str) and "\x00" in self.data:
        raise StopValidation(str(NUL_MESSAGE))
    for value in self.raw_data or ():
        if isinstance(value, str) and "\x00" in value:
            raise StopValidation(str(NUL_MESSAGE))
    type(self).pre_validate(self, form)


def _process_formdata_as_nfc(self, valuelist) -> None:
    """Take the submitted text as WTForms does, in Unicode form NFC."""
    type(self).process_formdata(self, valuelist)
    if isinstance(self.data, str):
        self.data = nfc(self.data)


class BaseForm(FlaskForm):
    """The form every Passerelle form inherits: its text fields get the shared rules."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField):
                field.process_formdata = MethodType(_process_formdata_as_nfc, field)
                field.pre_validate = MethodType(_refuse_nul, field)
            return field


def init_app(app: Flask) -> None:
    """Refuse NUL bytes in query strings (the forms refuse them in BaseForm)."""

    @app.before_request
    def refuse_nul_in_query_string():
        if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
            abort(400)
