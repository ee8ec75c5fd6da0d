"""Rules every form shares, installed once for all WTForms string fields."""

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import StopValidation

NUL_MESSAGE = _l("This field contains a character that is not allowed.")


def _refuse_nul(self, form) -> None:
    """Refuse NUL bytes: PostgreSQL cannot store them and no person types them."""
    if isinstance(self.data, str) and "\x00" in self.data:
        raise StopValidation(str(NUL_MESSAGE))
    for value in self.raw_data or ():
        if isinstance(value, str) and "\x00" in value:
            raise StopValidation(str(NUL_MESSAGE))


def init_app(app: Flask) -> None:
    """Install the shared field rules and refuse NUL bytes in query strings."""
    # Every text-like field (StringField, TextAreaField, EmailField, PasswordField,
    # SearchField ...) inherits this pre-validation hook, so no form can forget it.
    StringField.pre_validate = _refuse_nul

    @app.before_request
    def refuse_nul_in_query_string():
        if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
            abort(400)
