"""Forms for registering, logging in and managing a password."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from matcher.auth.passwords import MAX_LENGTH, MIN_LENGTH, is_common
from matcher.forms import BaseForm


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


class LoginForm(BaseForm):
    email = email_field()
    password = PasswordField(_l("Password"),
                             validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Keep me logged in on this device (14 days)"))
    next = HiddenField(validators=[Length(max=2000)])


class CandidateRegistrationForm(BaseForm):
    email = email_field()
    password, confirm = new_password_fields()
    accept = BooleanField(_l("I have read the privacy notice"),
                          validators=[DataRequired(_l("Please read and accept the privacy "
                                                      "notice."))])


NOT_LISTED = -1  # the establishment choice that opens the request for a new one


class EmployerRegistrationForm(BaseForm):
    establishment = SelectField(_l("Your establishment"), coerce=int,
                                validators=[DataRequired(_l("Choose your establishment."))])
    new_name = StringField(_l("Name of the establishment"), validators=[
        Length(max=200, message=_l("Write at most 200 characters."))])
    new_kind = SelectField(_l("Kind of establishment"), validate_choice=False)
    new_region = SelectField(_l("Region"), validate_choice=False)
    new_address = StringField(_l("Address of the establishment"), validators=[
        Length(max=300, message=_l("Write at most 300 characters."))])
    contact_name = StringField(_l("Your name"), validators=[
        DataRequired(_l("Write your name.")),
        Length(max=120, message=_l("Write at most 120 characters."))])
    job_title = StringField(_l("Your job title"), validators=[
        DataRequired(_l("Write your job title.")),
        Length(max=120, message=_l("Write at most 120 characters."))])
    phone = StringField(_l("Work phone number"), validators=[
        DataRequired(_l("Write a phone number where the program’s team can reach you.")),
        Length(max=30, message=_l("Write at most 30 characters."))])
    email = email_field(_l("Work email address"))
    password, confirm = new_password_fields()
    accept = BooleanField(_l("I have read the privacy notice"),
                          validators=[DataRequired(_l("Please read and accept the privacy "
                                                      "notice."))])


class ChangePasswordForm(BaseForm):
    current = PasswordField(_l("Current password"),
                            validators=[DataRequired(), Length(max=MAX_LENGTH)])
    password, confirm = new_password_fields()


class ForgotPasswordForm(BaseForm):
    email = email_field()


class ResetPasswordForm(BaseForm):
    password, confirm = new_password_fields()


class CodeForm(BaseForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])


class ReauthForm(BaseForm):
    """Password and a current code: asked again before changing two-step login."""

    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    code = StringField(_l("Code from your app"), validators=[DataRequired(), Length(max=20)])


def validate_new_establishment(form: EmployerRegistrationForm, kinds, regions) -> bool:
    """Check the fields of an establishment that is not in the list (only when chosen)."""
    if form.establishment.data != NOT_LISTED:
        return True
    required = {form.new_name: _l("Write the name of your establishment."),
                form.new_address: _l("Write the address of your establishment.")}
    for field, message in required.items():
        if not (field.data or "").strip():
            field.errors = [*field.errors, message]
    if form.new_kind.data not in kinds:
        form.new_kind.errors = [*form.new_kind.errors, _l("Choose the kind of establishment.")]
    if form.new_region.data not in regions:
        form.new_region.errors = [*form.new_region.errors, _l("Choose the region.")]
    return not any((form.new_name.errors, form.new_address.errors, form.new_kind.errors,
                    form.new_region.errors))
