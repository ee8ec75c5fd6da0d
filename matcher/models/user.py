"""Accounts and password-reset tokens."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import UTCDateTime, created_at_column

ROLES = ("candidate", "employer", "staff", "admin")


class User(db.Model):
    """A person who logs in; the role decides what they may see."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('candidate', 'employer', 'staff', 'admin')", name="role"),
        CheckConstraint("locale IN ('fr_CA', 'en')", name="locale"),
        CheckConstraint("session_version >= 1", name="session_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    locale: Mapped[str] = mapped_column(String(5), default="fr_CA")
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the login id: bumping it invalidates every session cookie issued before.
    session_version: Mapped[int] = mapped_column(default=1)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = created_at_column()
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when the owner opened the link sent to the address (docs/security.md, item 12).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # TOTP (matcher/auth/mfa.py): the secret is stored encrypted (Fernet), never in clear;
    # the last accepted time step refuses a code played twice.
    mfa_secret: Mapped[str | None] = mapped_column(String(300))
    mfa_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mfa_last_step: Mapped[int | None]

    agency = relationship("Agency")
    membership = relationship("EmployerMember", back_populates="user", uselist=False,
                              foreign_keys="EmployerMember.user_id")
    candidate = relationship("Candidate", back_populates="user", uselist=False,
                             foreign_keys="Candidate.user_id")

    # Flask-Login protocol, written out so the session version is part of the id.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def mfa_enabled(self) -> bool:
        return self.mfa_enabled_at is not None

    @property
    def is_approved_employer(self) -> bool:
        """Say whether this is an employer user whom staff approved, of an active establishment."""
        return (
            self.role == "employer"
            and self.membership is not None
            and self.membership.status == "approved"
            and self.email_verified_at is not None
            and self.membership.employer.active
        )


class PasswordResetToken(db.Model):
    """A single-use password-reset token; only its hash is stored."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MfaRecoveryCode(db.Model):
    """A single-use recovery code for two-step login; only its argon2 hash is stored."""

    __tablename__ = "mfa_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = created_at_column()
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LoginThrottle(db.Model):
    """Failed logins in a row for one account or one address (matcher/auth/throttle.py).

    The key is "account:" and a keyed hash of the email (no address in clear, and the
    same for accounts that do not exist), or "address:" and the client's IP address.
    """

    __tablename__ = "login_throttles"
    __table_args__ = (CheckConstraint("failures >= 0", name="failures_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime())
