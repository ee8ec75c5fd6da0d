"""Account services: registration, authentication, passwords and sessions."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_login import login_user
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from matcher import audit, clock
from matcher.auth import messages, throttle, verification
from matcher.auth.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    dummy_verify,
    hash_password,
    is_common,
    needs_rehash,
    verify_password,
)
from matcher.extensions import db
from matcher.models import (
    Agency,
    Candidate,
    Employer,
    EmployerMember,
    EstablishmentRequest,
    PasswordResetToken,
    User,
)
from matcher.staff import duplicates
from matcher.text import nfc
from matcher.tokens import services as tokens

RESET_TOKEN_LIFETIME = timedelta(hours=1)


class UserError(ValueError):
    """A user could not be created or changed; the message says why."""


def normalize_email(email: str) -> str:
    """Return the canonical form under which an email is stored (NFC, trimmed, lower case)."""
    return nfc(email).strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this email, if any."""
    return db.session.scalar(select(User).filter_by(email=normalize_email(email)))


def _new_user(email: str, password: str, locale: str, role: str) -> User | None:
    """Add an account for a new address; for a used one, tell its owner someone tried.

    Both paths hash the password and queue one message, so neither the answer nor its
    time tells whether the address has an account.
    """
    password_hash = hash_password(password)
    owner = find_user_by_email(email)
    if owner is not None:
        verification.send_attempt_notice(owner)
        audit.record("user.registration_refused", owner, reason="address_in_use")
        return None
    user = User(email=normalize_email(email), role=role, password_hash=password_hash,
                locale=locale)
    db.session.add(user)
    return user


def register_candidate(email: str, password: str, locale: str) -> User | None:
    """Create an unverified candidate account with its (empty) profile, and send the link.

    None when the address is already used (its owner gets a message instead): the
    caller answers the same way in both cases.
    """
    user = _new_user(email, password, locale, "candidate")
    if user is None:
        return None
    candidate = Candidate(user=user)
    db.session.add(candidate)
    db.session.flush()
    audit.record("user.registered", user, actor=user, role="candidate")
    # Someone registering again under a variant of their address (case, +tag, dots):
    # the staff's duplicates page shows the pair, the log says when it appeared.
    duplicates.flag(candidate, select(Candidate))
    verification.send_link(user)
    return user


class EstablishmentExists(Exception):
    """An establishment of that name is already in the list."""


def register_employer_user(email: str, password: str, locale: str, employer: Employer | None,
                           contact: dict | None = None,
                           new_establishment: dict | None = None) -> User | None:
    """Create an unverified HR user of an establishment, pending staff approval (as above).

    `contact` holds contact_name, job_title and phone. With `new_establishment` (name, kind,
    region_code, address) instead of `employer`, the establishment is created inactive with
    a request that staff approve together with the user.
    """
    if new_establishment is not None and db.session.scalar(select(Employer.id).where(
            func.lower(Employer.name) == new_establishment["name"].strip().lower())):
        raise EstablishmentExists(new_establishment["name"])
    user = _new_user(email, password, locale, "employer")
    if user is None:
        return None
    request = None
    if new_establishment is not None:
        employer = Employer(name=new_establishment["name"].strip(),
                            kind=new_establishment["kind"],
                            region_code=new_establishment["region_code"], active=False)
        request = EstablishmentRequest(employer=employer,
                                       address=new_establishment["address"].strip())
    member = EmployerMember(user=user, employer=employer, status="pending", **(contact or {}))
    member.establishment_request = request
    db.session.add(member)
    try:
        with db.session.begin_nested():  # two requests for one name at once: one lands
            db.session.flush()
    except IntegrityError:
        raise EstablishmentExists(employer.name) from None
    audit.record("user.registered", user, actor=user, role="employer", employer_id=employer.id,
                 new_establishment=request is not None)
    verification.send_link(user)
    return user


def authenticate(email: str, password: str, address: str | None = None) -> User | None:
    """Return the active user these credentials belong to, or None.

    Raises throttle.Throttled, before any password is checked, while the account or the
    address must wait (matcher/auth/throttle.py); a failure makes the next wait longer.
    An unknown email costs one hash verification too, so the answer time does not reveal
    which accounts exist. Every attempt is audited.
    """
    throttle.check(email, address)
    user = _check_credentials(email, password)
    if user is None:
        throttle.record_failure(email, address)
        return None
    throttle.clear(email)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _check_credentials(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None:
        dummy_verify(password)
        audit.record("login.failed", reason="unknown_account")
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        audit.record("login.failed", user, actor=user,
                     reason="inactive" if user.active is False else "wrong_password")
        return None
    if user.is_demo and not current_app.config["DEMO_ENABLED"]:
        audit.record("login.failed", user, actor=user, reason="demo_disabled")
        return None
    return user


def start_session(user: User, remember: bool) -> None:
    """Log the user in on a fresh session and note the time."""
    previous = user.last_login_at
    session.clear()  # nothing from before the login survives it
    if previous is not None:  # the candidate's home shows what is new since then
        session["previous_login_at"] = previous.isoformat()
    login_user(user, remember=remember)
    user.last_login_at = clock.now()
    audit.record("login.succeeded", user, actor=user, remember=bool(remember))


def revoke_sessions(user: User) -> None:
    """End every session of this user, on every device."""
    user.session_version += 1


def revoke_access(user: User) -> None:
    """End every session and revoke every API token: the account changed what it may do."""
    revoke_sessions(user)
    tokens.revoke_all(user)


def change_password(user: User, current: str, new: str) -> bool:
    """Change the password if the current one is right; end the other sessions."""
    if not verify_password(user.password_hash, current):
        audit.record("password.change_failed", user)
        return False
    user.password_hash = hash_password(new)
    revoke_access(user)
    login_user(user)  # this device stays logged in under the new session version
    audit.record("password.changed", user)
    return True


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_reset_token(user: User) -> str:
    """Return a new single-use reset token for the user; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=_token_hash(token),
                                      expires_at=clock.now() + RESET_TOKEN_LIFETIME))
    audit.record("password.reset_requested", user, actor=user)
    return token


def user_for_reset_token(token: str) -> User | None:
    """Return the user of an unused, unexpired token, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(PasswordResetToken).where(
        PasswordResetToken.token_hash == _token_hash(token),
        PasswordResetToken.used_at.is_(None),
        PasswordResetToken.expires_at > clock.now()))
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    return user if user is not None and user.active else None


def reset_password(token: str, new: str, address: str | None = None) -> User | None:
    """Set a new password with a token; the token and every other one stop working.

    Opening the link proves the person holds the mailbox: the address counts as
    verified, and the failed-login counts of the account (and of the address the reset
    came from) are cleared, so the owner can always log in again at once.
    """
    user = user_for_reset_token(token)
    if user is None:
        return None
    # One conditional update: of two simultaneous uses of a token, only one wins.
    used = db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.token_hash == _token_hash(token),
               PasswordResetToken.used_at.is_(None))
        .values(used_at=clock.now()))
    if used.rowcount != 1:
        return None
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=clock.now()))
    user.password_hash = hash_password(new)
    user.email_verified_at = user.email_verified_at or clock.now()
    throttle.clear(user.email, address)
    revoke_access(user)
    audit.record("password.reset", user, actor=user)
    return user


def deactivate(user: User) -> None:
    """Deactivate an account and end its sessions."""
    user.active = False
    revoke_access(user)
    audit.record("user.deactivated", user)


def reactivate(user: User) -> None:
    """Let a deactivated account log in again."""
    user.active = True
    audit.record("user.reactivated", user)


def change_role(user: User, role: str) -> None:
    """Move a staff user to admin or back; sessions end so the new role applies at once."""
    if user.role not in ("staff", "admin") or role not in ("staff", "admin"):
        raise UserError("Only staff and admin roles can be exchanged.")
    if user.role != role:
        audit.record("user.role_changed", user, old=user.role, new=role)
        user.role = role
        revoke_access(user)


def decide_membership(member: EmployerMember, decision: str, staff: User) -> None:
    """Approve or reject an employer user's membership, recording who decided."""
    if decision not in ("approved", "rejected"):
        raise UserError("Unknown decision.")
    member.status = decision
    member.decided_by_id = staff.id
    member.decided_at = clock.now()
    request = member.establishment_request
    if request is not None and request.status == "pending":
        # One step: approving the person approves the establishment they asked for.
        request.status = "approved" if decision == "approved" else "refused"
        request.decided_by_id, request.decided_at = staff.id, member.decided_at
        request.employer.active = decision == "approved"
        audit.record(f"establishment_request.{request.status}", request,
                     employer_id=request.employer_id)
    messages.send_membership_decision(member.user, member.employer.name, decision == "approved")
    audit.record(f"employer_member.{decision}", member, employer_id=member.employer_id,
                 user_id=member.user_id)


def create_staff_user(email: str, role: str, password: str, agency_name: str | None) -> User:
    """Create a staff or admin user (there are no default accounts)."""
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise UserError("A user with this email already exists.")
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH or is_common(password):
        raise UserError("The password must have 8 to 128 characters and not be a common one.")
    agency = None
    if agency_name:
        agency = db.session.scalar(select(Agency).filter_by(name=agency_name))
        if agency is None:
            raise UserError(f"Unknown agency: {agency_name}")
    # The operator who creates the account vouches for the address.
    user = User(email=email, role=role, password_hash=hash_password(password), agency=agency,
                email_verified_at=clock.now())
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", user, role=role)
    return user
