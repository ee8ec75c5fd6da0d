"""Rules every form shares, installed once for all WTForms string fields.

Every text-like field (StringField, TextAreaField, EmailField, PasswordField, HiddenField,
SearchField ...) inherits StringField's hooks, so installing the rules there means no form
can forget them:

- what a browser sent is put in Unicode form NFC before any validator, service or query
  sees it (matcher/text.py says why), passwords included, so the same password typed on
  two devices is the same password;
- a NUL byte is refused at the field.
"""

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import StopValidation

from matcher.text import nfc

_process_string_formdata = StringField.process_formdata  # WTForms' own, kept to call it
NUL_MESSAGE = _l("This field contains a character that is not allowed.")


def _refuse_nul(self, form) -> None:
    """Refuse NUL bytes: PostgreSQL cannot store them and no person types them."""
    if isinstance(self.data, str) and "\x00" in self.data:
        raise StopValidation(str(NUL_MESSAGE))
    for value in self.raw_data or ():
        if isinstance(value, str) and "\x00" in value:
            raise StopValidation(str(NUL_MESSAGE))


def _process_formdata_as_nfc(self, valuelist) -> None:
    """Take the submitted text as WTForms does, in Unicode form NFC."""
    _process_string_formdata(self, valuelist)
    if isinstance(self.data, str):
        self.data = nfc(self.data)


def init_app(app: Flask) -> None:
    """Install the shared field rules and refuse NUL bytes in query strings."""
    StringField.process_formdata = _process_formdata_as_nfc
    StringField.pre_validate = _refuse_nul

    @app.before_request
    def refuse_nul_in_query_string():
        if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
            abort(400)
