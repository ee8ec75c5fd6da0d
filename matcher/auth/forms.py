"""Forms for registering, logging in and managing a password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from matcher.auth.passwords import MAX_LENGTH, MIN_LENGTH, is_common


def strong_password(form, field) -> None:
    """Check length and refuse common passwords; no composition rules (NIST 800-63B)."""
    if len(field.data or "") < MIN_LENGTH:
        raise ValidationError(_l("Use at least %(min)s characters.", min=MIN_LENGTH))
    if is_common(field.data):
        raise ValidationError(_l("This password is too common. Choose another one: a short "
                                 "sentence is easy to remember and hard to guess."))


def email_field(label=None):
    return EmailField(label or _l("Email address"),
                      validators=[DataRequired(), Length(max=254), Email(message=_l(
                          "Enter a valid email address, for example name@example.com."))])


def new_password_fields():
    """Return the "new password" and "confirm" fields every password form shares."""
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=MAX_LENGTH), strong_password],
    )
    confirm = PasswordField(
        _l("Confirm the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    return password, confirm


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Password"),
                             validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Keep me logged in on this device (14 days)"))
    next = HiddenField(validators=[Length(max=2000)])


class CandidateRegistrationForm(FlaskForm):
    email = email_field()
    password, confirm = new_password_fields()
    accept = BooleanField(_l("I have read the privacy notice"),
                          validators=[DataRequired(_l("Please read and accept the privacy "
                                                      "notice."))])


class EmployerRegistrationForm(FlaskForm):
    establishment = SelectField(_l("Your establishment"), coerce=int,
                                validators=[DataRequired(_l("Choose your establishment."))])
    email = email_field(_l("Work email address"))
    password, confirm = new_password_fields()
    accept = BooleanField(_l("I have read the privacy notice"),
                          validators=[DataRequired(_l("Please read and accept the privacy "
                                                      "notice."))])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"),
                            validators=[DataRequired(), Length(max=MAX_LENGTH)])
    password, confirm = new_password_fields()


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
