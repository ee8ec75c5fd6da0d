"""Forms for logging in and managing an account."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from matcher.auth.passwords import MAX_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"),
                       validators=[DataRequired(), Length(max=254), Email()])
    password = PasswordField(_l("Password"),
                             validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Keep me logged in on this device (14 days)"))
    next = HiddenField(validators=[Length(max=2000)])
