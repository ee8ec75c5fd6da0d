"""Two-step login: TOTP codes (pyotp) and single-use recovery codes.

Required for staff and admins (MFA_REQUIRED_ROLES), offered to HR users. The TOTP
secret must be readable to check a code, so it cannot be hashed: it is encrypted at rest
with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`). The key is MFA_KEY when
set, else derived from SECRET_KEY with HKDF-SHA256 (its own `info`, so it is never the
session-signing key itself). Rotation: put the new key in MFA_KEY and the old ones in
MFA_OLD_KEYS; each secret is re-encrypted with the new key at its owner's next login.
Recovery codes are only needed for comparison, so they are hashed with argon2 like
passwords. A code's time step is remembered, so a code seen once is refused after.
"""

import base64
import secrets

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select

from matcher import audit, clock
from matcher.auth.passwords import hash_password, verify_password
from matcher.extensions import db
from matcher.mail import queue_message
from matcher.models import MfaRecoveryCode, User
from matcher.urls import absolute_url

ISSUER = "Passerelle"
RECOVERY_CODES = 10
STEP = 30  # seconds per TOTP code
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def _derived_key(secret_key: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"passerelle mfa totp")
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


def _fernet() -> MultiFernet:
    config = current_app.config
    current = config.get("MFA_KEY") or _derived_key(config["SECRET_KEY"])
    old = [key.strip() for key in (config.get("MFA_OLD_KEYS") or "").split(",") if key.strip()]
    return MultiFernet([Fernet(current), *(Fernet(key) for key in old)])


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str | None:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def required(user: User) -> bool:
    """Say whether this user must use two-step login (demo accounts: development only)."""
    if user.role not in current_app.config["MFA_REQUIRED_ROLES"]:
        return False
    return not (user.is_demo and current_app.config["ENV_NAME"] != "production")


def offered(user: User) -> bool:
    return user.role in ("employer", "staff", "admin")


def may_turn_off(user: User) -> bool:
    """Say whether the user may switch two-step login off themselves.

    Staff and admins keep it even where the configuration relaxes the rule (tests, the
    demo): they see every candidate's file.
    """
    return offered(user) and user.role not in ("staff", "admin") and not required(user)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """Return the otpauth URI as an inline SVG QR code, drawn here (no outside service)."""
    return segno.make(uri, error="m").svg_inline(scale=4, title=title, omitsize=False)


def _matching_step(secret: str, code: str, after: int | None) -> int | None:
    """Return the time step the code belongs to (now, or one step either side), if unused."""
    code = code.replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp, now = pyotp.TOTP(secret), int(clock.now().timestamp()) // STEP
    for step in (now - 1, now, now + 1):
        if (after is None or step > after) and secrets.compare_digest(
                totp.at(step * STEP), code):
            return step
    return None


def enable(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-step login on if the code fits the secret; return the recovery codes once."""
    step = _matching_step(secret, code, None)
    if step is None:
        return None
    user.mfa_secret, user.mfa_enabled_at, user.mfa_last_step = encrypt(secret), clock.now(), step
    audit.record("mfa.enabled", user)
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES new ones; return them in clear."""
    db.session.execute(delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user.id))
    codes = ["-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))
             for _ in range(RECOVERY_CODES)]
    db.session.add_all(MfaRecoveryCode(user_id=user.id, code_hash=hash_password(code))
                       for code in codes)
    return codes


def verify(user: User, code: str) -> bool:
    """Check a TOTP code (each usable once) or a recovery code (used up); audit either way."""
    code = (code or "").strip().lower()[:20]
    secret = decrypt(user.mfa_secret) if user.mfa_secret else None
    step = _matching_step(secret, code, user.mfa_last_step) if secret else None
    if step is not None:
        user.mfa_last_step = step
        user.mfa_secret = _fernet().rotate(user.mfa_secret.encode()).decode()
        return True
    for row in db.session.scalars(select(MfaRecoveryCode).where(
            MfaRecoveryCode.user_id == user.id, MfaRecoveryCode.used_at.is_(None))):
        if verify_password(row.code_hash, code):
            row.used_at = clock.now()
            audit.record("mfa.recovery_code_used", user, actor=user)
            return True
    audit.record("mfa.failed", user, actor=user)
    return False


def codes_left(user: User) -> int:
    return len(db.session.scalars(select(MfaRecoveryCode.id).where(
        MfaRecoveryCode.user_id == user.id, MfaRecoveryCode.used_at.is_(None))).all())


def reset(user: User, admin: User) -> None:
    """Turn two-step login off for a user who lost their device (an admin's act, audited)."""
    from matcher.auth.services import revoke_sessions

    user.mfa_secret = user.mfa_enabled_at = user.mfa_last_step = None
    db.session.execute(delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user.id))
    revoke_sessions(user)
    audit.record("mfa.reset", user, actor=admin)


def reauthenticate(user: User, password: str, code: str) -> bool:
    """Check the password and a current code from the app (a recovery code is not enough).

    The code's time step is used up, like at login, so a code seen once cannot be replayed.
    """
    secret = decrypt(user.mfa_secret) if user.mfa_secret else None
    right_password = verify_password(user.password_hash, password or "")
    step = (_matching_step(secret, (code or "").strip()[:20], user.mfa_last_step)
            if secret and right_password else None)
    if step is None:
        audit.record("mfa.reauthentication_failed", user, actor=user)
        return False
    user.mfa_last_step = step
    return True


def replace_recovery_codes(user: User, password: str, code: str) -> list[str] | None:
    """Give the user new recovery codes (the old ones stop working); None if refused."""
    if not reauthenticate(user, password, code):
        return None
    codes = new_recovery_codes(user)
    audit.record("mfa.recovery_codes_replaced", user, actor=user)
    _send_notice(user, "codes")
    return codes


def turn_off(user: User, password: str, code: str) -> bool:
    """Switch the user's own two-step login off, where the role allows it; False if refused."""
    if not may_turn_off(user):
        raise PermissionError("two-step login is required for this role")
    if not reauthenticate(user, password, code):
        return False
    user.mfa_secret = user.mfa_enabled_at = user.mfa_last_step = None
    db.session.execute(delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user.id))
    audit.record("mfa.disabled", user, actor=user)
    _send_notice(user, "off")
    return True


def _send_notice(user: User, change: str) -> None:
    """Tell the owner of the account, in their language, that its two-step login changed."""
    with force_locale(user.locale):
        what = {"codes": _("New recovery codes were created for your account. The former "
                           "codes no longer work."),
                "off": _("Two-step login was switched off for your account. Logging in now "
                         "needs your password only.")}[change]
        queue_message(user, _("Passerelle: a security change to your account"), _(
            "Hello,\n\n%(what)s\n\nIf you made this change, there is nothing to do. If you "
            "did not, change your password at once and tell the program team:\n%(link)s",
            what=what, link=absolute_url("auth.change_password")))


def pending_is_fresh(started: float, limit_seconds: int = 300) -> bool:
    """Say whether a password step done at `started` (a timestamp) may still be finished."""
    return 0 <= clock.now().timestamp() - started <= limit_seconds


def timestamp() -> float:
    return clock.now().timestamp()

